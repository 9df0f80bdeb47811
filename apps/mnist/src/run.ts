import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setSeed } from '@gradkit/train';
import { useBackend } from './backend.js';
import type { Options } from './cli/options.js';
import { UsageError } from './cli/usage-error.js';
import { loadDigits } from './data/mnist-digits.js';
import { limitDigits, splitDigits } from './data/split.js';
import { createModel } from './models/models.js';
import { createEpochScheduler, createOptimizer } from './models/optimizers.js';
import { renderCurveSvg } from './report/curve-svg.js';
import { renderHtmlReport } from './report/html-report.js';
import type { Evaluation } from './train/evaluate.js';
import { type EpochRecord, formatEpoch } from './train/history.js';
import { loadRun, type RunConfig, readRunStateFromFile, saveRun } from './train/run-checkpoint.js';
import { trainEpochs } from './train/train-epochs.js';
import { createTrainStep } from './train/train-step.js';

export interface RunResult {
  readonly history: readonly EpochRecord[];
  readonly evaluation: Evaluation | undefined;
  readonly files: { readonly curve: string; readonly report: string; readonly checkpoint: string };
}

/** A resumed run keeps the checkpoint's configuration; a flag that contradicts it is an error. */
function resolveConfig(options: Options): { config: RunConfig; history: EpochRecord[] } {
  const wanted: RunConfig = {
    model: options.model,
    optimizer: options.optimizer,
    lr: options.lr,
    lrDecay: options.lrDecay,
    batchSize: options.batchSize,
    seed: options.seed,
    limit: options.limit,
  };
  if (options.resume === undefined) return { config: wanted, history: [] };
  const saved = readRunStateFromFile(options.resume);
  const flags = {
    model: 'model',
    optimizer: 'optimizer',
    lr: 'lr',
    lrDecay: 'lr-decay',
    batchSize: 'batch-size',
    seed: 'seed',
  } as const;
  for (const [key, flag] of Object.entries(flags) as [keyof typeof flags, string][]) {
    if (options.explicit.has(flag) && wanted[key] !== saved.config[key]) {
      throw new UsageError(
        `--${flag} ${wanted[key]} contradicts the checkpoint's ${saved.config[key]}; omit it to resume`,
      );
    }
  }
  return { config: saved.config, history: [...saved.history] };
}

/** Trains (or resumes), printing per-epoch lines, then writes the curve, report and checkpoint. */
export async function run(
  options: Options,
  log: (line: string) => void = console.log,
): Promise<RunResult> {
  const { config, history } = resolveConfig(options);
  const backendName = await useBackend(options.backend);
  const split = splitDigits(loadDigits());
  const train = config.limit === undefined ? split.train : limitDigits(split.train, config.limit);
  const test =
    options.testLimit === undefined ? split.test : limitDigits(split.test, options.testLimit);

  setSeed(config.seed);
  const { net, input } = createModel(config.model);
  const optimizer = createOptimizer(config.optimizer, net.trainableParams(), config.lr);
  const scheduler = createEpochScheduler(optimizer, config.lrDecay);
  // Replay the finished epochs' schedule first: the checkpoint's state then lands on top.
  for (let i = 0; i < history.length; i++) scheduler?.step();
  mkdirSync(options.out, { recursive: true });
  const files = {
    curve: join(options.out, 'curve.svg'),
    report: join(options.out, 'report.html'),
    checkpoint: join(options.out, 'checkpoint.safetensors'),
  };
  if (options.resume !== undefined) {
    loadRun(options.resume, net, optimizer);
    log(`resumed from ${options.resume} after epoch ${history.length}`);
  }
  log(
    `${config.model} on ${train.count} training / ${test.count} held-out digits; ${config.optimizer} lr ${config.lr}${scheduler ? ` × ${config.lrDecay}/epoch` : ''}, batch ${config.batchSize}, seed ${config.seed}, backend ${backendName}`,
  );

  let evaluation: Evaluation | undefined;
  await trainEpochs({
    net,
    trainStep: createTrainStep(net, optimizer),
    input,
    train,
    test,
    batchSize: config.batchSize,
    seed: config.seed,
    startEpoch: history.length,
    epochs: options.epochs,
    onEpoch(record, result) {
      scheduler?.step();
      history.push(record);
      evaluation = result;
      log(formatEpoch(record));
      // Saved every epoch, so an interrupted run can be resumed too.
      saveRun(files.checkpoint, net, optimizer, { config, history });
    },
  });

  if (evaluation === undefined) {
    log(
      `nothing to train: the checkpoint already has ${history.length} epochs (--epochs ${options.epochs})`,
    );
    return { history, evaluation, files };
  }
  const curveSvg = await renderCurveSvg(history);
  writeFileSync(files.curve, curveSvg);
  const settings = {
    model: config.model,
    optimizer: config.optimizer,
    'learning rate': config.lr,
    'learning-rate decay per epoch': scheduler ? config.lrDecay : 'none',
    'batch size': config.batchSize,
    seed: config.seed,
    backend: backendName,
    'training digits': train.count,
    'held-out digits': test.count,
    'total seconds': history.reduce((s, r) => s + r.seconds, 0).toFixed(1),
  };
  writeFileSync(
    files.report,
    renderHtmlReport({
      title: `gradkit MNIST: ${config.model}`,
      settings,
      history,
      curveSvg,
      test,
      predictions: evaluation.predictions,
    }),
  );
  log(`wrote ${files.curve}, ${files.report} and ${files.checkpoint}`);
  return { history, evaluation, files };
}
