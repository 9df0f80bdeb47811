import { scope, ValueError } from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import type { GradientTransformation, Schedule } from '../types.js';
import {
  type ExtraArgs,
  type GradientTransformationExtraArgs,
  updateWithExtra,
} from './extra-args.js';

/**
 * The keys of H whose values are numbers or schedules: the hyperparameters that live in the
 * state as numbers. (H is inferred from the factory's parameter when it is annotated, else
 * from the hyperparameters object, where a scheduled one has a function type.)
 */
export type NumericKeys<H> = {
  [K in keyof H]-?: [H[K]] extends [number | Schedule] ? K : never;
}[keyof H] &
  string;

/**
 * What the factory receives: each scheduled hyperparameter as its number at the current step.
 *
 * @example
 * ```ts
 * import type { ResolvedHyperparams, Schedule } from '@gradkit/optim';
 *
 * const values: ResolvedHyperparams<{ learningRate: Schedule; nesterov: boolean }> = {
 *   learningRate: 0.1,
 *   nesterov: true,
 * };
 * ```
 */
export type ResolvedHyperparams<H> = {
  readonly [K in keyof H]: [H[K]] extends [Schedule] ? number : H[K];
};

/** The hyperparameters `injectHyperparams` takes: each numeric one may be a schedule instead. */
export type InjectableHyperparams<H> = {
  readonly [K in keyof H]: H[K] extends number ? number | Schedule : H[K];
};

export interface InjectHyperparamsState<H = Record<string, number>> {
  /** Updates done so far; schedules are evaluated at this count. */
  readonly count: number;
  /**
   * The numeric hyperparameters by name, plain numbers: after an update, the values that
   * update used. Replace an unscheduled one with `setHyperparams` to change it from the next
   * step on.
   */
  readonly hyperparams: Readonly<{ [K in NumericKeys<H>]: number }>;
  /** The names of the scheduled hyperparameters (their `hyperparams` entry is recomputed). */
  readonly scheduled: readonly string[];
  /** The state of the transform the factory builds. */
  readonly innerState: unknown;
}

export interface InjectHyperparamsOptions<H> {
  /** Function-valued hyperparameters that are not schedules, passed through unchanged. */
  readonly staticArgs?: readonly (keyof H & string)[];
}

/**
 * Makes hyperparameters readable and settable in the state (Optax's `inject_hyperparams`).
 * `factory` builds a transform from an object of hyperparameters; `hyperparams` gives each
 * numeric one as a number or a schedule (booleans, strings and `staticArgs` pass through).
 * Every `update` computes the values for step `count` (a schedule's `s(count)`, otherwise the
 * number in `state.hyperparams`), builds `factory(values)` and runs its update on
 * `state.innerState`, so
 *
 *   state.hyperparams.learningRate   // the learning rate the last step used
 *   setHyperparams(state, { momentum: 0.95 })   // a new state using momentum 0.95 from now on
 *
 * Setting a scheduled hyperparameter is an error (Optax silently ignores it). The factory is
 * called once when `injectHyperparams` is, so bad values fail before any state exists.
 *
 * @example
 * ```ts
 * import { cosineDecaySchedule, injectHyperparams, sgd } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const opt = injectHyperparams(
 *   ({ learningRate, momentum }: { learningRate: number; momentum: number }) =>
 *     sgd(learningRate, { momentum }),
 *   { learningRate: cosineDecaySchedule(0.1, 1000), momentum: 0.9 },
 * );
 * const params = { w: tensor([1, 2]) };
 * const [, state] = opt.update({ w: tensor([0.1, 0.1]) }, opt.init(params), params);
 * state.hyperparams.learningRate; // 0.1, the rate step 0 used
 * ```
 */
export function injectHyperparams<H extends Readonly<Record<string, unknown>>, S>(
  factory: (hyperparams: ResolvedHyperparams<H>) => GradientTransformation<S>,
  hyperparams: InjectableHyperparams<H>,
  options: InjectHyperparamsOptions<H> = {},
): GradientTransformationExtraArgs<InjectHyperparamsState<H>> {
  const name = 'injectHyperparams';
  if (typeof factory !== 'function') {
    throw new ValueError(
      name,
      'factory',
      `must be a function returning a transform, got ${String(factory)}`,
    );
  }
  if (typeof hyperparams !== 'object' || hyperparams === null) {
    throw new ValueError(name, 'hyperparams', `must be an object, got ${String(hyperparams)}`);
  }
  const staticArgs = new Set<string>(options.staticArgs ?? []);
  const schedules: Record<string, Schedule> = {};
  const numeric: Record<string, number> = {};
  const other: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(hyperparams)) {
    if (staticArgs.has(key)) other[key] = value;
    else if (typeof value === 'function') schedules[key] = value as Schedule;
    else if (typeof value === 'number') numeric[key] = value;
    else other[key] = value;
  }
  const scheduled = Object.freeze(Object.keys(schedules));

  const valuesAt = (count: number, stored: Readonly<Record<string, number>>) => {
    const values: Record<string, number> = { ...stored };
    for (const [key, schedule] of Object.entries(schedules)) {
      const value = schedule(count);
      if (typeof value !== 'number') {
        throw new ValueError(
          name,
          key,
          `is a schedule that returned ${String(value)} at step ${count}`,
        );
      }
      values[key] = value;
    }
    return values;
  };
  const build = (values: Record<string, number>) =>
    factory({ ...other, ...values } as unknown as ResolvedHyperparams<H>);
  build(valuesAt(0, numeric)); // validates the hyperparameters now

  type State = InjectHyperparamsState<H>;
  return {
    init: (params) => {
      const values = valuesAt(0, numeric);
      return Object.freeze({
        count: 0,
        hyperparams: Object.freeze(values) as State['hyperparams'],
        scheduled,
        innerState: build(values).init(params),
      });
    },
    update: (updates, state, params, extra?: ExtraArgs) =>
      scope(() => {
        checkState('injectHyperparams', state);
        const values = valuesAt(state.count, state.hyperparams);
        const [next, innerState] = updateWithExtra(
          build(values),
          updates,
          state.innerState as S,
          params,
          extra,
        );
        const nextState: State = Object.freeze({
          count: state.count + 1,
          hyperparams: Object.freeze(values) as State['hyperparams'],
          scheduled,
          innerState,
        });
        return [next, nextState] as const;
      }),
  };
}

/**
 * A copy of an `injectHyperparams` state with some hyperparameters replaced; the next update
 * uses them. Throws for unknown names, scheduled ones and non-finite values.
 *
 * @example
 * ```ts
 * import { adam, injectHyperparams, setHyperparams } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const optimizer = injectHyperparams((h: { learningRate: number }) => adam(h.learningRate), {
 *   learningRate: 1e-3,
 * });
 * let state = optimizer.init({ w: tensor([1]) });
 * state = setHyperparams(state, { learningRate: 1e-4 }); // from the next step on
 * ```
 */
export function setHyperparams<H>(
  state: InjectHyperparamsState<H>,
  values: Partial<Readonly<Record<NumericKeys<H>, number>>>,
): InjectHyperparamsState<H> {
  const name = 'setHyperparams';
  const current = state.hyperparams as Readonly<Record<string, number>>;
  for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
    if (!(key in current)) {
      throw new ValueError(
        name,
        key,
        `is not a numeric hyperparameter (known: ${Object.keys(current).join(', ')})`,
      );
    }
    if (state.scheduled.includes(key)) {
      throw new ValueError(
        name,
        key,
        'follows a schedule; build the transform with a number to set it',
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new ValueError(name, key, `must be a finite number, got ${String(value)}`);
    }
  }
  return Object.freeze({
    ...state,
    hyperparams: Object.freeze({
      ...current,
      ...values,
    }) as InjectHyperparamsState<H>['hyperparams'],
  });
}
