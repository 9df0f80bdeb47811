import { mul, scope, ValueError } from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import type { ExtraArgs, GradientTransformationExtraArgs } from '../combinators/extra-args.js';
import { scaleUpdates } from '../combinators/tree-helpers.js';
import { finite, integerAtLeast, nonNegative } from '../validate.js';

export interface ReduceOnPlateauOptions {
  /** The scale is multiplied by this on a plateau; in (0, 1). Default 0.1. */
  readonly factor?: number;
  /** Evaluations without improvement before the scale drops. Default 10. */
  readonly patience?: number;
  /** Relative improvement needed. Default 1e-4. */
  readonly rtol?: number;
  /** Absolute improvement needed. Default 0. */
  readonly atol?: number;
  /** Evaluations to wait after a drop before counting again. Default 0. */
  readonly cooldown?: number;
  /** Losses averaged into one evaluation. Default 1. */
  readonly accumulationSize?: number;
  /** The scale never drops below this. Default 0. */
  readonly minScale?: number;
}

export interface ReduceOnPlateauState {
  /** The factor the updates are multiplied by (1 at first). */
  readonly scale: number;
  readonly bestValue: number;
  readonly plateauCount: number;
  readonly cooldownCount: number;
  /** Losses accumulated into `avgValue` so far in this evaluation. */
  readonly count: number;
  readonly avgValue: number;
}

/**
 * Scales updates down when the loss stops improving (Optax's `contrib.reduce_on_plateau`).
 * `update(updates, state, params, { value })` takes the loss of the step: the losses are
 * averaged over `accumulationSize` calls, then one evaluation runs:
 *
 *   improved ⇔ avg < (1 − rtol)·best − atol;  best ← avg if improved
 *   plateau ← improved ? 0 : plateau + 1
 *   in cooldown (cooldownCount > 0): plateau ← 0, cooldownCount − 1
 *   else if plateau = patience: scale ← max(scale·factor, minScale), plateau ← 0,
 *        cooldownCount ← cooldown
 *
 * and every update is multiplied by the current `scale`, so it goes after the learning rate.
 * The loss arrives through the optional fourth argument, which this package's combinators
 * forward but base `chain` does not: call it on the chain's output, or wrap it with a
 * combinator, e.g. `applyIfFinite(reduceOnPlateau(), 0)`.
 *
 * @example
 * ```ts
 * import { adam, chain, reduceOnPlateau } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const optimizer = chain(adam(1e-3), reduceOnPlateau({ factor: 0.5, patience: 10 }));
 * const params = { w: tensor([1]) };
 * const state = optimizer.init(params);
 * // the loss of this step goes in the fourth argument
 * const [updates] = optimizer.update({ w: tensor([0.1]) }, state, params, { value: 0.42 });
 * ```
 */
export function reduceOnPlateau(
  options: ReduceOnPlateauOptions = {},
): GradientTransformationExtraArgs<ReduceOnPlateauState> {
  const name = 'reduceOnPlateau';
  const factor = finite(name, 'factor', options.factor ?? 0.1);
  if (factor <= 0 || factor >= 1) {
    throw new ValueError(name, 'factor', `must be in (0, 1), got ${factor}`);
  }
  const patience = integerAtLeast(name, 'patience', options.patience ?? 10, 0);
  const rtol = nonNegative(name, 'rtol', options.rtol ?? 1e-4);
  const atol = nonNegative(name, 'atol', options.atol ?? 0);
  if (rtol === 0 && atol === 0) {
    throw new ValueError(name, 'rtol', 'and atol are both 0; at least one must be positive');
  }
  if (rtol > 1) throw new ValueError(name, 'rtol', `must be <= 1, got ${rtol}`);
  const cooldown = integerAtLeast(name, 'cooldown', options.cooldown ?? 0, 0);
  const accumulationSize = integerAtLeast(
    name,
    'accumulationSize',
    options.accumulationSize ?? 1,
    1,
  );
  const minScale = nonNegative(name, 'minScale', options.minScale ?? 0);

  const evaluate = (state: ReduceOnPlateauState): ReduceOnPlateauState => {
    const improved = state.avgValue < (1 - rtol) * state.bestValue - atol;
    const plateau = improved ? 0 : state.plateauCount + 1;
    const base = {
      bestValue: improved ? state.avgValue : state.bestValue,
      count: 0,
      avgValue: 0,
    };
    if (state.cooldownCount > 0) {
      return {
        ...base,
        scale: state.scale,
        plateauCount: 0,
        cooldownCount: state.cooldownCount - 1,
      };
    }
    const drop = plateau === patience;
    return {
      ...base,
      scale: Math.max(drop ? state.scale * factor : state.scale, minScale),
      plateauCount: drop ? 0 : plateau,
      cooldownCount: drop ? cooldown : 0,
    };
  };

  return {
    init: () =>
      Object.freeze({
        scale: 1,
        bestValue: Number.POSITIVE_INFINITY,
        plateauCount: 0,
        cooldownCount: 0,
        count: 0,
        avgValue: 0,
      }),
    update: (updates, state, _params, extra?: ExtraArgs) => {
      checkState('reduceOnPlateau', state);
      const raw = extra?.value;
      const value = typeof raw === 'object' && raw !== null ? Number(raw.item()) : raw;
      if (typeof value !== 'number') {
        throw new ValueError(
          name,
          'value',
          'is missing: call update(updates, state, params, { value: loss })',
        );
      }
      const count = state.count + 1;
      let next: ReduceOnPlateauState = {
        ...state,
        count,
        avgValue: (state.count * state.avgValue + value) / count,
      };
      if (count === accumulationSize) next = evaluate(next);
      const scale = next.scale;
      return scope(() => [scaleUpdates(updates, mul, scale), Object.freeze(next)] as const);
    },
  };
}
