import { div, scope, ValueError } from '@gradkit/tensor';
import type { ExtraArgs, GradientTransformationExtraArgs } from '../combinators/extra-args.js';
import { allFinite, scaleUpdates, zerosLikeUpdates } from '../combinators/tree-helpers.js';
import type { Updates } from '../types.js';
import { finite, integerAtLeast, positive } from '../validate.js';
import type { LossScaleState } from './loss-scale-state.js';

export interface DynamicLossScaleOptions {
  /** The first scale. Default 2^15. */
  readonly initialScale?: number;
  /** The scale is divided by this on a non-finite step and multiplied after `window`. Default 2. */
  readonly factor?: number;
  /** Finite steps in a row after which the scale grows. Default 2000. */
  readonly window?: number;
  /** The scale never drops below this. Default 1. */
  readonly minScale?: number;
}

type Rule = (state: LossScaleState, finiteStep: boolean) => LossScaleState;

function lossScaleTransform(
  rule: Rule,
  scale: number,
): GradientTransformationExtraArgs<LossScaleState> {
  return {
    init: () => Object.freeze({ scale, goodSteps: 0, lastFinite: true }),
    update: (updates, state, _params, _extra?: ExtraArgs) =>
      scope(() => {
        const finiteStep = allFinite(updates);
        const next: Updates = finiteStep
          ? scaleUpdates(updates, div, state.scale)
          : zerosLikeUpdates(updates);
        return [next, Object.freeze(rule(state, finiteStep))] as const;
      }),
  };
}

/**
 * A fixed loss scale (MindSpore's `FixedLossScaleManager`). Its `update` takes the gradients
 * of the scaled loss (`scaleLoss(loss, state)`) and returns them divided by `scale`; a step
 * whose gradients hold a NaN or an Infinity returns zero updates instead and
 * `state.lastFinite` is false. Chained in front of an optimizer, a skipped step still feeds
 * it zeros (its moments decay, its count advances); wrap the optimizer with `withLossScale`
 * to skip its update entirely.
 *
 * @example
 * ```ts
 * import { scaleLoss, staticLossScale } from '@gradkit/optim';
 *
 * const lossScale = staticLossScale(1024);
 * const state = lossScale.init({});
 * scaleLoss(0.5, state); // 512
 * ```
 */
export function staticLossScale(scale: number): GradientTransformationExtraArgs<LossScaleState> {
  positive('staticLossScale', 'scale', scale);
  return lossScaleTransform(
    (state, finiteStep) => ({ scale: state.scale, goodSteps: 0, lastFinite: finiteStep }),
    scale,
  );
}

/**
 * A loss scale that adapts to overflow (MindSpore's `DynamicLossScaleManager`, jmp's
 * `DynamicLossScale`), as `staticLossScale` otherwise:
 *
 *   non-finite step: scale ← max(scale / factor, minScale), goodSteps ← 0, update skipped
 *   finite step:     goodSteps ← goodSteps + 1; at `window`: scale ← scale · factor, goodSteps ← 0
 *
 * @example
 * ```ts
 * import { dynamicLossScale } from '@gradkit/optim';
 *
 * const lossScale = dynamicLossScale({ initialScale: 2 ** 15, factor: 2, window: 2000 });
 * const state = lossScale.init({});
 * ```
 */
export function dynamicLossScale(
  options: DynamicLossScaleOptions = {},
): GradientTransformationExtraArgs<LossScaleState> {
  const name = 'dynamicLossScale';
  const initialScale = positive(name, 'initialScale', options.initialScale ?? 2 ** 15);
  const factor = finite(name, 'factor', options.factor ?? 2);
  if (factor <= 1) throw new ValueError(name, 'factor', `must be > 1, got ${factor}`);
  const window = integerAtLeast(name, 'window', options.window ?? 2000, 1);
  const minScale = positive(name, 'minScale', options.minScale ?? 1);
  if (initialScale < minScale) {
    throw new ValueError(
      name,
      'initialScale',
      `must be >= minScale (${minScale}), got ${initialScale}`,
    );
  }
  return lossScaleTransform((state, finiteStep) => {
    if (!finiteStep) {
      return { scale: Math.max(state.scale / factor, minScale), goodSteps: 0, lastFinite: false };
    }
    const goodSteps = state.goodSteps + 1;
    return goodSteps >= window
      ? { scale: state.scale * factor, goodSteps: 0, lastFinite: true }
      : { scale: state.scale, goodSteps, lastFinite: true };
  }, initialScale);
}
