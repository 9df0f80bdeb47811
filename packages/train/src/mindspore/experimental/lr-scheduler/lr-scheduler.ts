import type { Schedule } from '@gradkit/optim';
import { describeValue, invalidValue } from '../errors.js';

/** A parameter group as a scheduler sees it: `lr`, and `momentum` or `betas` for cycling. */
export interface SchedulableGroup {
  lr: number;
  [key: string]: unknown;
}

/**
 * What a scheduler needs from an optimizer: its groups (whose `lr` it sets) and, for
 * momentum cycling, its `defaults` (whether it has `momentum` or `betas`). Every optimizer of
 * this package and of the PyTorch-style front end fits.
 */
export interface SchedulableOptimizer {
  readonly paramGroups: SchedulableGroup[];
  readonly defaults?: Readonly<Record<string, unknown>>;
}

/** Checks that `optimizer` has paramGroups with numeric lr, as PyTorch's isinstance check. */
export function checkOptimizer(name: string, optimizer: unknown): SchedulableOptimizer {
  const groups = (optimizer as SchedulableOptimizer | null)?.paramGroups;
  if (!Array.isArray(groups) || groups.some((g) => typeof g?.lr !== 'number')) {
    throw new TypeError(
      `${name}: ${describeValue(optimizer)} is not an Optimizer (it needs paramGroups with a numeric lr)`,
    );
  }
  return optimizer as SchedulableOptimizer;
}

/**
 * The base of the learning-rate schedulers, as PyTorch's `_LRScheduler` (MindSpore's
 * `experimental.optim.lr_scheduler.LRScheduler`). Construction records each group's
 * `initialLr` (once, so later schedulers on the same optimizer share it) and takes the first
 * step, which sets epoch 0's lr. `step()` advances `lastEpoch` and sets each group's `lr`
 * from `getLr()`, the recursive ("chainable") form that multiplies the current lr, so several
 * schedulers on one optimizer compose as in PyTorch; `step(epoch)` jumps to an epoch with the
 * closed form where a scheduler has one.
 *
 * Subclasses set their own fields and then call `this.initialStep()` at the end of their
 * constructor (JavaScript cannot set fields before `super()`, which Python's schedulers do).
 *
 * @example
 * ```ts
 * import { optim, Parameter } from '@gradkit/train';
 * import { tensor } from '@gradkit/tensor';
 *
 * const optimizer = new optim.SGD([new Parameter(tensor([1]), 'w')], { lr: 0.1 });
 * const scheduler: optim.lrScheduler.LRScheduler = new optim.lrScheduler.StepLR(optimizer, 10);
 * scheduler.step(); // once per epoch
 * scheduler.getLastLr(); // [0.1]
 * ```
 */
export abstract class LRScheduler {
  readonly optimizer: SchedulableOptimizer;
  /** Each group's `initialLr`. */
  baseLrs: number[];
  /** The index of the last epoch (or batch); -1 before the first step. */
  lastEpoch: number;
  /** How many times `step` ran (PyTorch's `_step_count`). */
  stepCount = 0;
  protected lastLr: number[] = [];

  constructor(optimizer: SchedulableOptimizer, name = new.target.name) {
    this.optimizer = checkOptimizer(name, optimizer);
    for (const group of this.optimizer.paramGroups) {
      if (group.initialLr === undefined) group.initialLr = group.lr;
    }
    this.baseLrs = this.optimizer.paramGroups.map((group) => group.initialLr as number);
    this.lastEpoch = -1;
  }

  /** The recursive form: each group's next lr from its current one. */
  protected abstract getLr(): number[];

  /** The closed form at `lastEpoch`, where the scheduler has one (used by `step(epoch)`). */
  protected closedFormLr(): number[] | undefined {
    return undefined;
  }

  /** @internal Resets the step count and takes the first step (PyTorch's `_initial_step`). */
  initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  /** Advances one epoch (or batch), or jumps to `epoch` (closed form where available). */
  step(epoch?: number): void {
    this.stepCount++;
    let values: number[];
    if (epoch === undefined) {
      this.lastEpoch++;
      values = this.getLr();
    } else {
      this.lastEpoch = epoch;
      values = this.closedFormLr() ?? this.getLr();
    }
    this.optimizer.paramGroups.forEach((group, i) => {
      group.lr = values[i]!;
    });
    this.lastLr = this.optimizer.paramGroups.map((group) => group.lr);
  }

  /** The lr of each group that the last step set. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /**
   * The scheduler's own fields as plain data: not the optimizer, the functions (`lrLambdas`)
   * or the wrapped schedulers (which SequentialLR and ChainedScheduler save themselves).
   */
  stateDict(): Record<string, unknown> {
    const state: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this)) {
      if (['optimizer', 'lrLambdas', 'schedulers'].includes(key) || typeof value === 'function')
        continue;
      state[key] = structuredClone(value);
    }
    return state;
  }

  loadStateDict(state: Readonly<Record<string, unknown>>): void {
    for (const [key, value] of Object.entries(state)) {
      if (!['optimizer', 'lrLambdas', 'schedulers'].includes(key))
        (this as unknown as Record<string, unknown>)[key] = structuredClone(value);
    }
  }

  protected currentLrs(): number[] {
    return this.optimizer.paramGroups.map((group) => group.lr);
  }

  /** The closed form of a scheduler whose lr is `factor(epoch)` times each group's initial lr. */
  protected scaledBaseLrs(factor: Schedule): number[] {
    const value = factor(this.lastEpoch);
    return this.baseLrs.map((base) => base * value);
  }

  /**
   * PyTorch's chainable step for such a scheduler: each group's current lr times the factor's
   * ratio between this epoch and the last (at epoch 0, the factor itself), so several
   * schedulers on one optimizer compose. Once the factor has reached 0 the lr stays.
   */
  protected chainedLrs(factor: Schedule): number[] {
    const epoch = this.lastEpoch;
    const previous = epoch === 0 ? 1 : factor(epoch - 1);
    if (previous === 0) return this.currentLrs();
    const ratio = factor(epoch) / previous;
    return this.currentLrs().map((lr) => lr * ratio);
  }
}

/** One value per group: a list of the right length, or one value for all (PyTorch's `_format_param`). */
export function perGroup<T>(
  name: string,
  argument: string,
  optimizer: SchedulableOptimizer,
  value: T | readonly T[],
): T[] {
  const count = optimizer.paramGroups.length;
  if (Array.isArray(value)) {
    if (value.length !== count) {
      throw invalidValue(
        name,
        argument,
        `expected ${count} values for ${argument}, got ${value.length}`,
      );
    }
    return [...value];
  }
  return Array.from({ length: count }, () => value as T);
}
