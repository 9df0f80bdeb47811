import { ValueError } from '@gradkit/tensor';
import { describeValue } from '../mindspore/experimental/errors.js';
import type { Gradient } from '../optimizer/gradient.js';
import { describe, Parameter } from '../parameter/parameter.js';

export type { Gradient };

/** MXNet's `lr_scheduler`: the learning rate for an update count, with its `baseLr`. */
export interface LrScheduler {
  (numUpdate: number): number;
  baseLr?: number;
}

/** The options of MXNet's `Optimizer` base class, in camelCase. */
export interface OptimizerOptions {
  /** Multiplies every gradient first; default 1. */
  readonly rescaleGrad?: number;
  /** Maps indices to names, for `setLrMult`/`setWdMult` by name. */
  readonly paramIdx2name?: Readonly<Record<number, string>>;
  /** L2 weight decay, added as wd·w to the clipped gradient; default 0. */
  readonly wd?: number;
  /** Clips the rescaled gradient into [−c, c]; default null; null or negative: no clipping. */
  readonly clipGradient?: number | null;
  /** null: the scheduler's rate, or 0.01 without one. */
  readonly learningRate?: number | null;
  readonly lrScheduler?: LrScheduler | null;
  /** Where update counts start; default 0. */
  readonly beginNumUpdate?: number;
  /** Accepted for MXNet's signature; it only changes float16 weights, which gradkit lacks. */
  readonly multiPrecision?: boolean;
  /** `update` calls `fusedStep` when true, `step` otherwise. */
  readonly useFusedStep?: boolean;
}

type Mults = Record<string, number>;

/** The update counts of one update in progress (see `planCount`). */
export interface PlannedCounts {
  readonly counts: Map<number, number>;
  numUpdate: number | undefined;
}

/**
 * MXNet's `mxnet.optimizer.Optimizer` bookkeeping: learning rate or scheduler, per-index
 * lr/wd multipliers, and per-index update counts (`t` of each weight; `numUpdate` is their
 * maximum and what the scheduler sees). Subclasses implement `createState`, `step` and
 * `fusedStep`; weights are Parameters, updated in place as MXNet updates its NDArrays.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Adam, type Optimizer, Parameter } from '@gradkit/train/mxnet';
 *
 * const weight = new Parameter(tensor([1, 2]), 'w');
 * const optimizer: Optimizer<unknown> = new Adam({ learningRate: 0.01 });
 * optimizer.setLrMult({ 0: 0.5 }); // index 0 learns at half the rate
 * const state = optimizer.createState(0, weight);
 * optimizer.update(0, weight, tensor([0.1, -0.1]), state);
 * ```
 */
export abstract class Optimizer<State> {
  rescaleGrad: number;
  wd: number;
  clipGradient: number | null;
  lrScheduler: LrScheduler | null;
  multiPrecision: boolean;
  useFusedStep: boolean;
  beginNumUpdate: number;
  numUpdate: number;
  readonly idx2name: Readonly<Record<number, string>>;
  protected lr: number | null;
  protected lrMult: Mults = {};
  protected wdMult: Mults = {};
  /** Each index's update count (MXNet's `_index_update_count`). */
  readonly indexUpdateCount = new Map<number, number>();

  constructor(options: OptimizerOptions, useFusedStepDefault: boolean) {
    const name = new.target.name;
    this.rescaleGrad = number(name, 'rescaleGrad', options.rescaleGrad ?? 1);
    this.wd = number(name, 'wd', options.wd ?? 0);
    if (options.lrScheduler !== undefined && options.lrScheduler !== null) {
      if (typeof options.lrScheduler !== 'function') {
        throw new ValueError(
          name,
          'lrScheduler',
          `must be a function of the update count, got ${describe(options.lrScheduler)}`,
        );
      }
    }
    for (const key of ['multiPrecision', 'useFusedStep'] as const) {
      if (options[key] !== undefined && typeof options[key] !== 'boolean') {
        throw new ValueError(name, key, `must be a boolean, got ${describe(options[key])}`);
      }
    }
    const begin = options.beginNumUpdate ?? 0;
    if (!Number.isInteger(begin) || begin < 0) {
      throw new ValueError(
        name,
        'beginNumUpdate',
        `must be an integer >= 0, got ${describeValue(begin)}`,
      );
    }
    this.clipGradient =
      options.clipGradient === undefined || options.clipGradient === null
        ? null
        : number(name, 'clipGradient', options.clipGradient);
    this.lrScheduler = options.lrScheduler ?? null;
    let lr = options.learningRate === undefined ? null : options.learningRate;
    if (lr !== null && number(name, 'learningRate', lr) < 0) {
      throw new ValueError(name, 'learningRate', `must be >= 0, got ${lr}`);
    }
    if (this.lrScheduler === null && lr === null) lr = 0.01;
    // As MXNet: a given learning rate overwrites the scheduler's base rate.
    if (this.lrScheduler !== null && lr !== null && this.lrScheduler.baseLr !== lr) {
      this.lrScheduler.baseLr = lr;
    }
    this.lr = lr;
    this.multiPrecision = options.multiPrecision ?? false;
    this.useFusedStep = options.useFusedStep ?? useFusedStepDefault;
    this.beginNumUpdate = options.beginNumUpdate ?? 0;
    this.numUpdate = this.beginNumUpdate;
    this.idx2name = { ...(options.paramIdx2name ?? {}) };
    this.setLrMult({});
    this.setWdMult({});
  }

  /** The current rate: the scheduler's at `numUpdate`, or the fixed one. */
  get learningRate(): number {
    return this.rateAt(this.numUpdate);
  }

  /**
   * The rate at update count `numUpdate`, checked where it is used: a scheduler's NaN or
   * negative rate is refused before any weight or state changes.
   */
  protected rateAt(numUpdate: number): number {
    const rate = this.lrScheduler !== null ? this.lrScheduler(numUpdate) : (this.lr as number);
    if (typeof rate !== 'number' || !(rate >= 0) || rate === Infinity) {
      throw new ValueError(
        this.constructor.name,
        'learningRate',
        `must be a finite number >= 0 at update ${numUpdate}, got ${describeValue(rate)}`,
      );
    }
    return rate;
  }

  /** Only without a scheduler, as MXNet (which raises a UserWarning otherwise). */
  setLearningRate(lr: number): void {
    if (this.lrScheduler !== null) {
      throw new ValueError(
        'setLearningRate',
        undefined,
        'LRScheduler of the optimizer has already been defined. Note that set_learning_rate can mutate the value of the learning rate of the optimizer only when the LRScheduler of the optimizer is undefined.',
      );
    }
    this.lr = lr;
  }

  /** Per-index (or per-name) lr multipliers; replaces the previous ones. */
  setLrMult(mult: Readonly<Record<string | number, number>>): void {
    this.lrMult = { ...mult };
  }

  /**
   * Per-index (or per-name) wd multipliers. As MXNet, named parameters whose names do not
   * end in `_weight` (biases, gammas) get 0 unless given here.
   */
  setWdMult(mult: Readonly<Record<string | number, number>>): void {
    this.wdMult = {};
    for (const n of Object.values(this.idx2name)) if (!n.endsWith('_weight')) this.wdMult[n] = 0;
    Object.assign(this.wdMult, mult);
  }

  /**
   * Plans the next count of `index` (MXNet's `_update_count`) without committing it:
   * `planned` holds the counts of this update so far, so a list of indices is counted as MXNet
   * counts it one after another, and `commitCounts` stores them once every weight is computed.
   */
  protected planCount(index: number, planned: PlannedCounts): { count: number; numUpdate: number } {
    const count =
      (planned.counts.get(index) ?? this.indexUpdateCount.get(index) ?? this.beginNumUpdate) + 1;
    planned.counts.set(index, count);
    planned.numUpdate = Math.max(count, planned.numUpdate ?? this.numUpdate);
    return { count, numUpdate: planned.numUpdate };
  }

  /** Stores the counts `planCount` planned. */
  protected commitCounts(planned: PlannedCounts): void {
    for (const [index, count] of planned.counts) this.indexUpdateCount.set(index, count);
    if (planned.numUpdate !== undefined) this.numUpdate = planned.numUpdate;
  }

  protected multiplier(mults: Mults, index: number): number {
    if (String(index) in mults) return mults[String(index)]!;
    const name = this.idx2name[index];
    return name !== undefined ? (mults[name] ?? 1) : 1;
  }

  /** The rate of `index` at update count `numUpdate` (default: the current one). */
  protected lrOf(index: number, numUpdate = this.numUpdate): number {
    return this.rateAt(numUpdate) * this.multiplier(this.lrMult, index);
  }

  protected wdOf(index: number): number {
    return this.wd * this.multiplier(this.wdMult, index);
  }

  abstract createState(index: number, weight: Parameter): State;
  abstract step(
    indices: number[],
    weights: Parameter[],
    grads: readonly Gradient[],
    states: State[],
  ): void;
  abstract fusedStep(
    indices: number[],
    weights: Parameter[],
    grads: readonly Gradient[],
    states: State[],
  ): void;

  /**
   * `fusedStep` or `step` (by `useFusedStep`). Takes lists, as MXNet 2, or one index,
   * weight, gradient and state, as MXNet 1.
   */
  update(index: number, weight: Parameter, grad: Gradient, state: State): void;
  update(
    indices: number[],
    weights: Parameter[],
    grads: readonly Gradient[],
    states: State[],
  ): void;
  update(
    indices: number | number[],
    weights: Parameter | Parameter[],
    grads: Gradient | readonly Gradient[],
    states: State | State[],
  ): void {
    const one = !Array.isArray(indices);
    type Lists = [number[], Parameter[], Gradient[], State[]];
    const args = one
      ? ([[indices], [weights], [grads], [states]] as Lists)
      : ([indices, weights, grads, states] as Lists);
    args[1].forEach((weight, i) => {
      if (!(weight instanceof Parameter)) {
        throw new ValueError(
          'update',
          `weights[${i}]`,
          `must be a Parameter, got ${describe(weight)}`,
        );
      }
    });
    if (this.useFusedStep) this.fusedStep(...args);
    else this.step(...args);
  }
}

function number(op: string, argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValueError(op, argument, `must be a finite number, got ${describeValue(value)}`);
  }
  return value;
}
