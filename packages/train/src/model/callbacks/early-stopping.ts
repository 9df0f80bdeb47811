import { keep, mul, type Tensor, ValueError } from '@gradkit/tensor';
import type { Parameter } from '../../parameter/parameter.js';
import { Callback, type Printer, type RunContext } from './callback.js';

/** Options of EarlyStopping, MindSpore's keywords in camelCase. */
export interface EarlyStoppingOptions {
  /**
   * The value watched after each epoch: 'loss' (the epoch's mean training loss), or a metric of
   * `validDataset` by its name or 'eval_' + its name. Default 'eval_loss'.
   */
  readonly monitor?: string;
  /** A change smaller than this is no improvement; default 0. */
  readonly minDelta?: number;
  /** Epochs in a row without improvement that stop training (Keras/MindSpore: wait >= patience); default 0. */
  readonly patience?: number;
  /** 'min', 'max', or 'auto' (max for names with 'acc', else min). */
  readonly mode?: 'auto' | 'min' | 'max';
  /** Stop unless the value beats this. */
  readonly baseline?: number;
  /** Put back the parameters of the best epoch when stopping. */
  readonly restoreBestWeights?: boolean;
  readonly verbose?: boolean;
  readonly print?: Printer;
}

/**
 * Stops training when the monitored value stops improving, as MindSpore's `EarlyStopping`:
 * after `patience` epochs in a row without an improvement of at least `minDelta`, it asks the
 * run to stop (and with `restoreBestWeights` puts back the best epoch's parameters).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Dense, EarlyStopping, Model, nn, SoftmaxCrossEntropyWithLogits } from '@gradkit/train';
 *
 * const net = new Dense(4, 3);
 * const lossFn = new SoftmaxCrossEntropyWithLogits({ sparse: true });
 * const optimizer = new nn.SGD(net.trainableParams(), { learningRate: 0.1 });
 * const data = {
 *   *[Symbol.iterator]() {
 *     yield [tensor([[1, 2, 3, 4]]), tensor([2], undefined, 'int32')] as const;
 *   },
 * };
 * const model = new Model(net, { lossFn, optimizer, metrics: ['loss'] });
 * await model.train(100, data, {
 *   validDataset: data,
 *   callbacks: [new EarlyStopping({ monitor: 'loss', patience: 3 })],
 * });
 * ```
 */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly mode: 'min' | 'max';
  readonly baseline: number | undefined;
  readonly restoreBestWeights: boolean;
  /** The epoch at which it stopped training (0: it did not). */
  stoppedEpoch = 0;
  best = Number.NaN;
  #wait = 0;
  #bestWeights: Map<Parameter, Tensor> | undefined;
  readonly #verbose: boolean;
  readonly #print: Printer;

  constructor(options: EarlyStoppingOptions = {}) {
    super();
    const op = 'EarlyStopping';
    this.monitor = options.monitor ?? 'eval_loss';
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.patience = options.patience ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0) {
      throw new ValueError(op, 'patience', `must be an integer >= 0, got ${this.patience}`);
    }
    const mode = options.mode ?? 'auto';
    if (mode !== 'auto' && mode !== 'min' && mode !== 'max') {
      throw new ValueError(op, 'mode', `must be 'auto', 'min' or 'max', got ${String(mode)}`);
    }
    this.mode = mode === 'auto' ? (this.monitor.includes('acc') ? 'max' : 'min') : mode;
    this.baseline = options.baseline;
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    this.#verbose = options.verbose ?? false;
    this.#print = options.print ?? ((line) => console.log(line));
  }

  #improves(current: number, reference: number): boolean {
    if (Number.isNaN(reference)) return true;
    return this.mode === 'min'
      ? current < reference - this.minDelta
      : current > reference + this.minDelta;
  }

  override onTrainBegin(): void {
    this.#wait = 0;
    this.stoppedEpoch = 0;
    this.best = this.baseline ?? Number.NaN;
    this.#dropBest();
  }

  override onTrainEpochEnd(context: RunContext): void {
    const p = context.params;
    const candidates: Record<string, number | undefined> = { loss: p.epochLoss };
    for (const [name, value] of Object.entries(p.evalResults ?? {})) {
      candidates[name] = value;
      candidates[`eval_${name}`] = value;
    }
    const current = candidates[this.monitor];
    if (current === undefined) {
      throw new ValueError(
        'EarlyStopping',
        'monitor',
        `'${this.monitor}' is not available; available: ${Object.keys(candidates)
          .filter((k) => candidates[k] !== undefined)
          .join(', ')} (pass validDataset and metrics to Model.train for eval_ values)`,
      );
    }
    if (this.#improves(current, this.best)) {
      this.best = current;
      this.#wait = 0;
      if (this.restoreBestWeights) this.#saveBest(p.network.trainableParams());
      return;
    }
    this.#wait++;
    if (this.#wait >= this.patience) {
      this.stoppedEpoch = p.curEpochNum;
      context.requestStop();
      if (this.restoreBestWeights && this.#bestWeights !== undefined) {
        for (const [param, value] of this.#bestWeights) param.assign(value);
        this.#bestWeights = undefined;
      }
      if (this.#verbose)
        this.#print(`Epoch ${p.curEpochNum}: early stopping (best ${this.monitor} ${this.best})`);
    }
  }

  override onTrainEnd(): void {
    this.#dropBest();
  }

  #saveBest(params: readonly Parameter[]): void {
    this.#dropBest();
    this.#bestWeights = new Map(params.map((p) => [p, keep(mul(p.value, 1))]));
  }

  #dropBest(): void {
    for (const t of this.#bestWeights?.values() ?? []) t.dispose();
    this.#bestWeights = undefined;
  }
}
