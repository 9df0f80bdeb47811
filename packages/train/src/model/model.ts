import { dispose, Tensor, ValueError } from '@gradkit/tensor';
import { Cell } from '../cell/cell.js';
import type { LossScaleManager } from '../loss-scale/loss-scale-manager.js';
import { TrainOneStepCell } from '../loss-scale/train-one-step-cell.js';
import {
  type LossScaleStepResult,
  TrainOneStepWithLossScaleCell,
} from '../loss-scale/train-one-step-with-loss-scale-cell.js';
import { WithLossCell } from '../loss-scale/with-loss-cell.js';
import type { OptimizerLike } from '../nn-optim/callable-optimizer.js';
import { checkOptionKeys } from '../options/check-option-keys.js';
import { type Callback, type CallbackParams, RunContext } from './callbacks/callback.js';
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
}

/** Options of Model.train. */
export interface TrainOptions {
  readonly callbacks?: readonly Callback[];
  /** Evaluated with the metrics after every epoch (`evalResults` for callbacks). */
  readonly validDataset?: TrainData;
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
 * then runs epochs with callbacks. Every step frees its batch, gradients and intermediates, so
 * memory stays flat however long it trains.
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
  #trainNetwork: StepCell | undefined;

  constructor(network: Cell<[Tensor], Tensor>, options: ModelOptions = {}) {
    if (!(network instanceof Cell)) {
      throw new ValueError('Model', 'network', 'must be a Cell');
    }
    if (options === null || typeof options !== 'object') {
      throw new ValueError('Model', 'options', 'must be an object');
    }
    checkOptionKeys('Model', options, ['lossFn', 'optimizer', 'metrics', 'lossScaleManager']);
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
    this.#trainNetwork =
      updateCell !== undefined
        ? new TrainOneStepWithLossScaleCell(withLoss, optimizer, updateCell)
        : new TrainOneStepCell(withLoss, optimizer, { sens: manager?.getLossScale() ?? 1 });
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
    const step = this.trainNetwork;
    const callbacks = options.callbacks ?? [];
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
        for (const batch of dataset) {
          params.curStepNum++;
          params.curStepInEpoch++;
          await hook('onTrainStepBegin');
          let loss: number;
          try {
            const out = step(...(batch as Tensor[]));
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
          } finally {
            dispose(batch);
          }
          params.netOutputs = loss;
          total += loss;
          params.epochLoss = total / params.curStepInEpoch;
          await hook('onTrainStepEnd');
          if (context.stopRequested) break;
        }
        this.network.setTrain(false);
        if (options.validDataset !== undefined)
          params.evalResults = this.eval(options.validDataset);
        await hook('onTrainEpochEnd');
      }
    } finally {
      this.network.setTrain(false);
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
    for (const batch of dataset) {
      const [input, label] = batch as readonly Tensor[];
      try {
        const logits = this.network(input!);
        const loss = needsLoss ? this.lossFn!(logits, label!) : undefined;
        for (const metric of Object.values(this.metrics)) {
          if (metric instanceof Loss) metric.update(loss!);
          else metric.update(logits, label!);
        }
        logits.dispose();
        loss?.dispose();
      } finally {
        dispose(batch);
      }
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
