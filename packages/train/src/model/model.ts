import { Tensor, ValueError } from '@gradkit/tensor';
import { Cell } from '../cell/cell.js';
import { checkOptions, describeArgument } from '../cell/check-arguments.js';
import { type JitOption, resolveJitOption } from '../grad/jit-option.js';
import type { LossScaleManager } from '../loss-scale/loss-scale-manager.js';
import { TrainOneStepCell } from '../loss-scale/train-one-step-cell.js';
import {
  type LossScaleStepResult,
  TrainOneStepWithLossScaleCell,
} from '../loss-scale/train-one-step-with-loss-scale-cell.js';
import { WithLossCell } from '../loss-scale/with-loss-cell.js';
import type { OptimizerLike } from '../optimizer/callable-optimizer.js';
import { checkOptionKeys } from '../options/check-option-keys.js';
import {
  type Callback,
  type CallbackParams,
  type Printer,
  RunContext,
} from './callbacks/callback.js';
import { EpochSummary } from './callbacks/epoch-summary.js';
import { DatasetBatches } from './dataset-batches.js';
import { Loss } from './metrics/loss.js';
import type { Metric } from './metrics/metric.js';
import { type MetricsLike, resolveMetrics } from './resolve-metrics.js';

/** A dataset as Model reads it: each iteration is one epoch of [input, label] batches. */
export type TrainData = Iterable<readonly Tensor[]> & { getDatasetSize?(): number };

/** Options of Model, as MindSpore's `Model(network, loss_fn, optimizer, metrics, ...)`. */
export interface ModelOptions {
  /** A loss cell `(logits, labels) => loss`; without it, the network returns the loss itself. */
  readonly lossFn?: Cell<[Tensor, Tensor], Tensor>;
  /** Any optimizer callable with grads in `optimizer.parameters` order. */
  readonly optimizer?: OptimizerLike;
  /** Metrics for `eval` (and for `validDataset` in train). */
  readonly metrics?: MetricsLike;
  /**
   * Fixed or dynamic loss scaling. With a FixedLossScaleManager whose dropOverflowUpdate is
   * false, the optimizer's `lossScale` must equal the manager's (a ValueError otherwise, as
   * MindSpore); with a manager that drops overflowing updates, the step unscales the gradients
   * itself and the optimizer's `lossScale` should stay 1.
   */
  readonly lossScaleManager?: LossScaleManager;
  /**
   * Compile each training step's forward and backward pass with `@gradkit/jit` (default
   * true): traced on the second step, replayed after, with the same numbers; the optimizer
   * runs eagerly after it. A network that draws random numbers (Dropout) or assigns
   * parameters (BatchNorm's running statistics) while training runs eagerly instead, said
   * once by `console.warn` or to `{ onFallback }`. `false` runs every step eagerly.
   */
  readonly jit?: JitOption;
}

/** Options of Model.train. */
export interface TrainOptions {
  readonly callbacks?: readonly Callback[];
  /** Evaluated with the metrics after every epoch (`evalResults` for callbacks). */
  readonly validDataset?: TrainData;
  /**
   * Print a summary line after each epoch (epoch, mean loss, the `validDataset` metrics,
   * time); default true. `false` trains silently (callbacks still print what they print).
   */
  readonly verbose?: boolean;
  /** Where the summary lines go; default console.log. */
  readonly print?: Printer;
}

/** Checks what plain JavaScript may pass wrongly to train, before anything runs. */
function checkTrainArguments(dataset: unknown, options: TrainOptions): void {
  const usage = 'model.train(epochs, dataset, { callbacks: [new LossMonitor()] })';
  if (typeof (dataset as Partial<Iterable<unknown>> | null)?.[Symbol.iterator] !== 'function') {
    throw new ValueError(
      'Model.train',
      'dataset',
      `must be iterable, yielding [input, label] batches, as ${usage}, got ${describeArgument(dataset)}`,
    );
  }
  checkOptions('Model.train', options, usage);
  if (options.verbose !== undefined && typeof options.verbose !== 'boolean') {
    throw new ValueError(
      'Model.train',
      'verbose',
      `must be true or false, got ${describeArgument(options.verbose)}`,
    );
  }
  if (options.print !== undefined && typeof options.print !== 'function') {
    throw new ValueError(
      'Model.train',
      'print',
      `must be a function taking a line, as (line) => lines.push(line), got ${describeArgument(options.print)}`,
    );
  }
  if (options.callbacks !== undefined && !Array.isArray(options.callbacks)) {
    throw new ValueError(
      'Model.train',
      'callbacks',
      `must be an array of callbacks, as ${usage}, got ${describeArgument(options.callbacks)}`,
    );
  }
}

type StepCell = TrainOneStepCell<Tensor[]> | TrainOneStepWithLossScaleCell<Tensor[]>;

/** The optimizer's `lossScale` (the nn optimizers'); 1 for one without it. */
function optimizerLossScale(optimizer: OptimizerLike): number {
  const scale = (optimizer as { readonly lossScale?: unknown }).lossScale;
  return typeof scale === 'number' ? scale : 1;
}

/**
 * Under a manager that keeps overflowing updates (a FixedLossScaleManager with
 * dropOverflowUpdate false), the step scales the loss by the manager's scale and only the
 * optimizer divides it back: the two scales must be equal, or MindSpore's Model refuses them.
 */
function checkLossScales(optimizer: OptimizerLike, manager: LossScaleManager): void {
  if (manager.getDropOverflowUpdate()) return;
  const expected = manager.getLossScale();
  const actual = optimizerLossScale(optimizer);
  if (actual !== expected) {
    throw new ValueError(
      'Model',
      'optimizer',
      `must have lossScale ${expected}, the loss scale manager's (a FixedLossScaleManager with dropOverflowUpdate false leaves the division to the optimizer), got ${actual}`,
    );
  }
}

/**
 * High-level training and evaluation, as MindSpore's `Model`: it wraps the network with its
 * loss (`WithLossCell`) and a training step (`TrainOneStepCell`, or
 * `TrainOneStepWithLossScaleCell` under a loss-scale manager that drops overflowing updates),
 * then runs epochs with callbacks, printing one summary line per epoch (`verbose: false`
 * silences it). Every step frees the batch the dataset made for it, the gradients and the
 * intermediates, so memory stays flat however long it trains; tensors the dataset merely
 * passes on (the caller's own `[x, y]`, yielded every epoch) are never freed by Model.
 *
 * Training steps are compiled by default (the `jit` option): the forward and backward pass
 * are traced once and replayed, with the parameters as inputs, and the same numbers as
 * `{ jit: false }`. A network that draws random numbers or writes running statistics while
 * training (Dropout, BatchNorm) runs eagerly, and says so once.
 *
 * `train` is async so that callbacks may do I/O (ModelCheckpoint loads node:fs lazily); the
 * steps themselves run synchronously.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Accuracy, Dense, LossMonitor, Model, nn, SoftmaxCrossEntropyWithLogits } from '@gradkit/train';
 *
 * const net = new Dense(4, 3);
 * const lossFn = new SoftmaxCrossEntropyWithLogits({ sparse: true });
 * const optimizer = new nn.SGD(net.trainableParams(), { learningRate: 0.1 });
 * const data = {
 *   *[Symbol.iterator]() {
 *     yield [tensor([[1, 2, 3, 4]]), tensor([2], undefined, 'int32')] as const;
 *   },
 * };
 * const model = new Model(net, { lossFn, optimizer, metrics: { accuracy: new Accuracy() } });
 * await model.train(10, data, { callbacks: [new LossMonitor(5)] });
 * model.eval(data); // { accuracy: 1 } once it fits the one example
 * ```
 */
export class Model {
  readonly network: Cell<[Tensor], Tensor>;
  readonly lossFn: Cell<[Tensor, Tensor], Tensor> | undefined;
  readonly optimizer: OptimizerLike | undefined;
  readonly metrics: Record<string, Metric>;
  readonly lossScaleManager: LossScaleManager | undefined;
  /** The `jit` option as given (true when not). */
  readonly jit: JitOption;
  #trainNetwork: StepCell | undefined;

  constructor(network: Cell<[Tensor], Tensor>, options: ModelOptions = {}, ...extra: never[]) {
    if (!(network instanceof Cell)) {
      const looksLikeOptions = typeof network === 'object' && network !== null;
      throw new ValueError(
        'Model',
        'network',
        `must be a Cell, got ${looksLikeOptions ? 'an object' : typeof network}${looksLikeOptions ? ': the network comes first, then the options, as new Model(network, { lossFn, optimizer, metrics })' : ''}`,
      );
    }
    // From plain JavaScript, MindSpore's positional Model(network, loss_fn, optimizer) is an
    // easy mistake: the loss would silently become the options.
    if (extra.length > 0 || typeof options !== 'object' || options === null) {
      throw new ValueError(
        'Model',
        'options',
        `must be one options object, as new Model(network, { lossFn, optimizer, metrics }), got ${extra.length > 0 ? `${extra.length + 2} arguments` : options === null ? 'null' : typeof options}`,
      );
    }
    checkOptionKeys('Model', options, [
      'lossFn',
      'optimizer',
      'metrics',
      'lossScaleManager',
      'jit',
    ]);
    resolveJitOption('Model', options.jit);
    this.jit = options.jit ?? true;
    this.network = network;
    this.lossFn = options.lossFn;
    this.optimizer = options.optimizer;
    if (this.optimizer !== undefined && typeof this.optimizer !== 'function') {
      throw new ValueError('Model', 'optimizer', 'must be callable as optimizer(grads)');
    }
    this.metrics = resolveMetrics(options.metrics);
    this.lossScaleManager = options.lossScaleManager;
    if (this.optimizer !== undefined && this.lossScaleManager !== undefined) {
      checkLossScales(this.optimizer, this.lossScaleManager);
    }
  }

  /** The cell one training step runs (built on first use). */
  get trainNetwork(): StepCell {
    if (this.#trainNetwork !== undefined) return this.#trainNetwork;
    const optimizer = this.optimizer;
    if (optimizer === undefined)
      throw new ValueError('Model.train', 'optimizer', 'is needed to train');
    const withLoss = (this.lossFn === undefined
      ? this.network
      : new WithLossCell(this.network, this.lossFn)) as unknown as Cell<Tensor[], Tensor>;
    const manager = this.lossScaleManager;
    const updateCell = manager?.getUpdateCell();
    const jit = this.jit;
    this.#trainNetwork =
      updateCell !== undefined
        ? new TrainOneStepWithLossScaleCell(withLoss, optimizer, updateCell, { jit })
        : new TrainOneStepCell(withLoss, optimizer, { sens: manager?.getLossScale() ?? 1, jit });
    return this.#trainNetwork;
  }

  /**
   * Trains for `epochs` passes over `dataset` (batches of [input, label], or whatever the
   * network with its loss takes), calling the callbacks' hooks.
   */
  async train(epochs: number, dataset: TrainData, options: TrainOptions = {}): Promise<void> {
    if (!Number.isInteger(epochs) || epochs < 1) {
      throw new ValueError('Model.train', 'epochs', `must be an integer >= 1, got ${epochs}`);
    }
    checkTrainArguments(dataset, options);
    const step = this.trainNetwork;
    const callbacks = [...(options.callbacks ?? [])];
    if (options.verbose ?? true) callbacks.push(new EpochSummary({ print: options.print }));
    const params: CallbackParams = {
      network: this.network as unknown as Cell<never[], unknown>,
      trainNetwork: step as unknown as Cell<never[], unknown>,
      optimizer: this.optimizer,
      epochNum: epochs,
      batchNum: dataset.getDatasetSize?.(),
      curEpochNum: 0,
      curStepNum: 0,
      curStepInEpoch: 0,
      netOutputs: undefined,
      epochLoss: undefined,
      overflow: undefined,
      lossScale: undefined,
      evalResults: undefined,
      extra: {},
    };
    const context = new RunContext(params);
    const hook = async (name: Exclude<keyof Callback, 'constructor'>) => {
      for (const callback of callbacks) await callback[name](context);
    };
    await hook('onTrainBegin');
    try {
      for (let epoch = 1; epoch <= epochs && !context.stopRequested; epoch++) {
        params.curEpochNum = epoch;
        params.curStepInEpoch = 0;
        params.epochLoss = undefined;
        await hook('onTrainEpochBegin');
        let total = 0;
        this.network.setTrain(true);
        const batches = new DatasetBatches('Model.train', dataset);
        try {
          for (let batch = batches.next(); batch !== undefined; batch = batches.next()) {
            params.curStepNum++;
            params.curStepInEpoch++;
            await hook('onTrainStepBegin');
            const out = step(...(batch as Tensor[]));
            let loss: number;
            if (out instanceof Tensor) {
              loss = meanOf(out);
              out.dispose();
            } else {
              const result = out as LossScaleStepResult;
              loss = meanOf(result.loss);
              result.loss.dispose();
              params.overflow = result.overflow;
              params.lossScale = result.lossScale;
            }
            params.netOutputs = loss;
            total += loss;
            params.epochLoss = total / params.curStepInEpoch;
            await hook('onTrainStepEnd');
            if (context.stopRequested) break;
          }
        } finally {
          batches.close();
        }
        this.network.setTrain(false);
        if (options.validDataset !== undefined)
          params.evalResults = this.eval(options.validDataset);
        await hook('onTrainEpochEnd');
      }
    } finally {
      this.network.setTrain(false);
      // The compiled step's constants and buffers are not kept past training.
      step.clearCompiled();
    }
    await hook('onTrainEnd');
  }

  /**
   * Runs the metrics over `dataset` in evaluation mode: `Loss` metrics get each batch's loss,
   * the others `(logits, labels)`. Returns `{ name: value }`.
   */
  eval(dataset: TrainData): Record<string, number> {
    const names = Object.keys(this.metrics);
    if (names.length === 0) throw new ValueError('Model.eval', 'metrics', 'are needed to evaluate');
    const needsLoss = names.some((n) => this.metrics[n] instanceof Loss);
    if (needsLoss && this.lossFn === undefined) {
      throw new ValueError('Model.eval', 'lossFn', 'is needed for a Loss metric');
    }
    for (const metric of Object.values(this.metrics)) metric.clear();
    this.network.setTrain(false);
    const batches = new DatasetBatches('Model.eval', dataset);
    try {
      for (let batch = batches.next(); batch !== undefined; batch = batches.next()) {
        const [input, label] = batch;
        const logits = this.network(input!);
        try {
          const loss = needsLoss ? this.lossFn!(logits, label!) : undefined;
          for (const metric of Object.values(this.metrics)) {
            if (metric instanceof Loss) metric.update(loss!);
            else metric.update(logits, label!);
          }
          loss?.dispose();
        } finally {
          logits.dispose();
        }
      }
    } finally {
      batches.close();
    }
    return Object.fromEntries(names.map((n) => [n, this.metrics[n]!.eval()]));
  }

  /** The network's output in evaluation mode (the caller's to dispose). */
  predict(...inputs: [Tensor]): Tensor {
    this.network.setTrain(false);
    return this.network(...inputs);
  }
}

/**
 * The loss a step reports: a per-sample loss (`reduction: 'none'`, MindSpore's default for
 * SoftmaxCrossEntropyWithLogits) is trained on as its sum, as MindSpore does, and reported as
 * its mean.
 */
function meanOf(loss: Tensor): number {
  const values = loss.dataSync();
  let total = 0;
  for (const value of values) total += Number(value);
  return total / values.length;
}
