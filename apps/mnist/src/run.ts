import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setSeed } from '@gradkit/train';
import { useBackend } from './backend.js';
import type { Options } from './cli/options.js';
import { UsageError } from './cli/usage-error.js';
import {
  defaultDataDir,
  openMnist,
  readDigits,
  testBatches,
  trainBatches,
} from './data/mnist-data.js';
import { createModel } from './models/models.js';
import { createOptimizer, createSchedule } from './models/optimizers.js';
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

interface Resolved {
  readonly config: RunConfig;
  readonly history: EpochRecord[];
  /** Train up to this many epochs. */
  readonly epochs: number;
}

/** A resumed run keeps the checkpoint's configuration; a flag that contradicts it is an error. */
function resolveConfig(options: Options): Resolved {
  const wanted: RunConfig = {
    model: options.model,
    optimizer: options.optimizer,
    lr: options.lr,
    schedule: options.schedule,
    lrDecay: options.lrDecay,
    epochs: options.epochs,
    batchSize: options.batchSize,
    seed: options.seed,
    limit: options.limit,
  };
  if (options.resume === undefined) return { config: wanted, history: [], epochs: options.epochs };
  const saved = readRunStateFromFile(options.resume);
  const flags = {
    model: 'model',
    optimizer: 'optimizer',
    lr: 'lr',
    schedule: 'schedule',
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
  // One-cycle spreads its schedule over the epochs the run began with: those are the run.
  const cycle = saved.config.schedule === 'one-cycle';
  if (cycle && options.explicit.has('epochs') && options.epochs !== saved.config.epochs) {
    throw new UsageError(
      `--epochs ${options.epochs} contradicts the checkpoint's one-cycle schedule over ${saved.config.epochs} epochs; omit it to resume`,
    );
  }
  return {
    config: saved.config,
    history: [...saved.history],
    epochs: cycle ? saved.config.epochs : options.epochs,
  };
}

/** Trains (or resumes), printing per-epoch lines, then writes the curve, report and checkpoint. */
export async function run(
  options: Options,
  log: (line: string) => void = console.log,
): Promise<RunResult> {
  // Everything that can refuse the run (checkpoint, data) is checked before anything is written.
  const { config, history, epochs } = resolveConfig(options);
  const dataDir = options.dataDir ?? defaultDataDir();
  const trainSource = openMnist(dataDir, 'train', config.limit);
  const testSource = openMnist(dataDir, 'test', options.testLimit);
  const backendName = await useBackend(options.backend);

  setSeed(config.seed);
  const { net, pad } = createModel(config.model);
  const train = trainBatches(trainSource, config.seed, config.batchSize, pad);
  const test = testBatches(testSource, pad);
  const testDigits = readDigits(testSource);
  const optimizer = createOptimizer(config.optimizer, net.trainableParams(), config.lr);
  const stepsPerEpoch = train.getDatasetSize();
  const schedule = createSchedule(optimizer, {
    name: config.schedule,
    lr: config.lr,
    gamma: config.lrDecay,
    epochs: config.epochs,
    stepsPerEpoch,
  });
  if (options.resume !== undefined) {
    // Replay the finished epochs' schedule first: the checkpoint's state then lands on top.
    for (let e = 0; e < history.length; e++) {
      for (let s = 0; s < stepsPerEpoch; s++) schedule?.afterStep();
      schedule?.afterEpoch();
    }
    loadRun(options.resume, net, optimizer);
    log(`resumed from ${options.resume} after epoch ${history.length}`);
  }
  mkdirSync(options.out, { recursive: true });
  const files = {
    curve: join(options.out, 'curve.svg'),
    report: join(options.out, 'report.html'),
    checkpoint: join(options.out, 'checkpoint.safetensors'),
  };
  const scheduleText = schedule
    ? config.schedule === 'one-cycle'
      ? ` one-cycle over ${config.epochs} epoch${config.epochs === 1 ? '' : 's'}`
      : ` × ${config.lrDecay}/epoch`
    : '';
  log(
    `${config.model} on ${trainSource.getDatasetSize()} training / ${testDigits.count} test digits; ${config.optimizer} lr ${config.lr}${scheduleText}, batch ${config.batchSize} (${stepsPerEpoch} steps/epoch), seed ${config.seed}, backend ${backendName}${options.jit ? '' : ', eager (--no-jit)'}`,
  );

  let evaluation: Evaluation | undefined;
  await trainEpochs({
    net,
    trainStep: createTrainStep(net, optimizer, { jit: options.jit }),
    train,
    test,
    testDigits,
    schedule,
    startEpoch: history.length,
    epochs,
    onEpoch(record, result) {
      history.push(record);
      evaluation = result;
      // Saved every epoch, so an interrupted run can be resumed too.
      saveRun(files.checkpoint, net, optimizer, { config, history });
      log(formatEpoch(record));
    },
  });

  if (evaluation === undefined) {
    log(
      `nothing to train: the checkpoint already has ${history.length} epochs (--epochs ${epochs})`,
    );
    return { history, evaluation, files };
  }
  const curveSvg = await renderCurveSvg(history);
  writeFileSync(files.curve, curveSvg);
  const settings = {
    model: config.model,
    optimizer: config.optimizer,
    'learning rate': config.lr,
    'learning-rate schedule': schedule
      ? config.schedule === 'one-cycle'
        ? `one-cycle over ${config.epochs} epochs (peak ${config.lr})`
        : `× ${config.lrDecay} per epoch`
      : 'constant',
    'batch size': config.batchSize,
    seed: config.seed,
    backend: backendName,
    'training digits': trainSource.getDatasetSize(),
    'test digits': testDigits.count,
    'total seconds': history.reduce((s, r) => s + r.seconds, 0).toFixed(1),
  };
  writeFileSync(
    files.report,
    renderHtmlReport({
      title: `gradkit MNIST: ${config.model}`,
      settings,
      history,
      curveSvg,
      test: testDigits,
      predictions: evaluation.predictions,
    }),
  );
  log(`wrote ${files.curve}, ${files.report} and ${files.checkpoint}`);
  return { history, evaluation, files };
}
