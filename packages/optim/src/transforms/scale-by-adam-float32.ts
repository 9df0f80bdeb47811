import {
  donate,
  type ElementwiseExpression,
  fusedElementwiseOutputs,
  scope,
  type Tensor,
  zerosLike,
} from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import { adamFamilyLeaf } from '../sparse/adam-family-leaf.js';
import type { GradientTransformation, Params, Schedule, Updates } from '../types.js';
import { decayRate, positive } from '../validate.js';
import { movingAverageOf } from './adam-formulas.js';
import { input, over, plus, root, times } from './expression.js';
import { denseLikeParams, withFusedApply } from './fused-apply.js';
import { deepFreeze, mapLeaves, mapParams } from './leaves.js';
import { stepScalars } from './step-scalars.js';

// Adam as MindSpore's kernels compute it: every constant and the running powers β1ᵗ, β2ᵗ in
// float32, ε outside the square root of the raw (not bias-corrected) second moment.

const f32 = Math.fround;

export interface Float32AdamOptions {
  /** Decay of the first moment, in [0, 1). */
  readonly b1: number;
  /** Decay of the second moment, in [0, 1). */
  readonly b2: number;
  /** Added to √v, > 0. */
  readonly eps: number;
}

export interface ScaleByAdamFoldedOptions extends Float32AdamOptions {
  /** Nesterov's numerator b1·m + (1−b1)·g (MindSpore's `use_nesterov`); default false. */
  readonly nesterov?: boolean;
  /** Step only the rows a RowSparse gradient lists (LazyAdam); otherwise it is densified. */
  readonly lazy?: boolean;
}

/** The state of `scaleByAdamWithoutBiasCorrection`. */
export interface AdamMomentsState {
  readonly moment1: Updates;
  readonly moment2: Updates;
}

/** The state of `scaleByAdamFoldedBiasCorrection`: the moments and the running powers. */
export interface AdamFoldedState extends AdamMomentsState {
  readonly count: number;
  readonly beta1Power: number;
  readonly beta2Power: number;
}

function constants(transform: string, options: Float32AdamOptions) {
  const b1 = f32(decayRate(transform, 'b1', options.b1));
  const b2 = f32(decayRate(transform, 'b2', options.b2));
  return {
    b1,
    b2,
    c1: f32(1 - b1),
    c2: f32(1 - b2),
    eps: f32(positive(transform, 'eps', options.eps)),
  };
}

// Inputs of the passes below: the gradient, the moments, a step's scalar, the parameter.
const [G, M, V, S, P] = [input(0), input(1), input(2), input(3), input(4)];

/** m ← b1·m + (1−b1)·g and v ← b2·v + (1−b2)·g², with float32 constants. */
function momentsOf({ b1, b2, c1, c2 }: ReturnType<typeof constants>) {
  return [movingAverageOf(M, G, b1, c1), movingAverageOf(V, times(G, G), b2, c2)] as const;
}

/**
 * One pass per leaf over [g, m, v, (s, (p))] giving [the update, or p + update; m'; v'] for
 * an update written over the new moments `m`, `v` and the scalar `S` where it has one.
 */
function passOf(update: ElementwiseExpression, m: ElementwiseExpression, v: ElementwiseExpression) {
  return (g: Tensor, m0: Tensor, v0: Tensor, s?: Tensor, p?: Tensor): Tensor[] => {
    if (p === undefined) {
      const inputs = s === undefined ? [g, m0, v0] : [g, m0, v0, s];
      return fusedElementwiseOutputs([update, m, v], inputs, { into: [undefined, 1, 2] });
    }
    return fusedElementwiseOutputs([plus(P, update), m, v], [g, m0, v0, s!, p], {
      into: [4, 1, 2],
    });
  };
}

const zeroMoments = (params: Params) => ({
  moment1: mapParams(params, zerosLike),
  moment2: mapParams(params, zerosLike),
});

/**
 * Adam with the bias correction folded into the learning rate, as MindSpore's `nn.Adam`:
 *
 *   m ← b1·m + (1−b1)·g,  v ← b2·v + (1−b2)·g²,  l = α·√(1−b2ᵗ)/(1−b1ᵗ),  u = −l·m/(√v + ε)
 *
 * with α = learningRate(count) and b1ᵗ, b2ᵗ float32 running products; with `nesterov` the
 * numerator is b1·m + (1−b1)·g. The update already descends (it includes −α), so nothing
 * follows it in a chain.
 *
 * @example
 * ```ts
 * import { applyUpdates, scaleByAdamFoldedBiasCorrection } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = scaleByAdamFoldedBiasCorrection(() => 1e-3, { b1: 0.9, b2: 0.999, eps: 1e-8 });
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * const next = applyUpdates(params, updates);
 * ```
 */
export function scaleByAdamFoldedBiasCorrection(
  learningRate: Schedule,
  options: ScaleByAdamFoldedOptions,
): GradientTransformation<AdamFoldedState> {
  const name = 'scaleByAdamFoldedBiasCorrection';
  if (typeof learningRate !== 'function') {
    throw new TypeError(`${name}: argument 'learningRate' must be a function of the count`);
  }
  const k = constants(name, options);
  const nesterov = options.nesterov ?? false;
  const lazy = options.lazy ?? false;
  // The running powers and l = α·√(1−b2ᵗ)/(1−b1ᵗ) of the coming step.
  const coefficients = (state: AdamFoldedState) => {
    const beta1Power = f32(state.beta1Power * k.b1);
    const beta2Power = f32(state.beta2Power * k.b2);
    const alpha = f32(learningRate(state.count));
    const l = f32(f32(alpha * f32(Math.sqrt(f32(1 - beta2Power)))) / f32(1 - beta1Power));
    return { beta1Power, beta2Power, l };
  };
  // −l·numerator/(√v + ε), with −l the pass's scalar.
  const [m, v] = momentsOf(k);
  const numerator = nesterov ? movingAverageOf(m, G, k.b1, k.c1) : m;
  const pass = passOf(over(times(numerator, S), plus(root(v), k.eps)), m, v);
  const transformation: GradientTransformation<AdamFoldedState> = {
    init: (params: Params) =>
      deepFreeze({ count: 0, beta1Power: 1, beta2Power: 1, ...zeroMoments(params) }),
    update: (updates, state) =>
      scope(() => {
        checkState(name, state);
        const { beta1Power, beta2Power, l } = coefficients(state);
        const scales = stepScalars([-l]);
        const [out, moment1, moment2] = mapLeaves(
          name,
          updates,
          [state.moment1, state.moment2],
          (leaf, m0, v0) =>
            adamFamilyLeaf(leaf, [m0!, v0!], lazy, (g, [mPrev, vPrev]) => {
              const [update, m1, v1] = pass(g, mPrev!, vPrev!, scales(g)[0]!);
              return [update!, m1!, v1!];
            }),
        );
        const next = { count: state.count + 1, beta1Power, beta2Power, moment1, moment2 };
        return [out as Updates, deepFreeze(next) as AdamFoldedState] as const;
      }),
  };
  // The moments, then param + update in one pass (dense gradients only).
  return withFusedApply(transformation, (grads, state, params, donated) => {
    if (!denseLikeParams(grads, params)) return undefined;
    return scope(() => {
      checkState(name, state);
      const { beta1Power, beta2Power, l } = coefficients(state);
      // −l once per step and dtype, not once per parameter.
      const scales = stepScalars([-l]);
      const [stepped, moment1, moment2] = mapLeaves(
        name,
        grads,
        [state.moment1, state.moment2, params],
        (g, m0, v0, p) => {
          const give = donated ? (t: Tensor) => donate(t) : (t: Tensor) => t;
          const [param, m1, v1] = pass(
            g as Tensor,
            give(m0!),
            give(v0!),
            scales(g as Tensor)[0]!,
            give(p!),
          );
          return [param!, m1!, v1!] as const;
        },
      );
      const next = { count: state.count + 1, beta1Power, beta2Power, moment1, moment2 };
      return [stepped as Params, deepFreeze(next) as AdamFoldedState] as const;
    });
  });
}

/**
 * Adam's direction without bias correction, as MindSpore's `nn.AdamWeightDecay`:
 * m ← b1·m + (1−b1)·g, v ← b2·v + (1−b2)·g², u = m/(√v + ε), float32 constants.
 *
 * @example
 * ```ts
 * import { chain, scaleByAdamWithoutBiasCorrection, scaleByLearningRate } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(
 *   scaleByAdamWithoutBiasCorrection({ b1: 0.9, b2: 0.999, eps: 1e-6 }),
 *   scaleByLearningRate(1e-3),
 * );
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function scaleByAdamWithoutBiasCorrection(
  options: Float32AdamOptions,
): GradientTransformation<AdamMomentsState> {
  const name = 'scaleByAdamWithoutBiasCorrection';
  const k = constants(name, options);
  const [m, v] = momentsOf(k);
  const pass = passOf(over(m, plus(root(v), k.eps)), m, v);
  return {
    init: (params: Params) => deepFreeze(zeroMoments(params)),
    update: (updates, state) =>
      scope(() => {
        checkState(name, state);
        const [out, moment1, moment2] = mapLeaves(
          name,
          updates,
          [state.moment1, state.moment2],
          (leaf, m0, v0) =>
            adamFamilyLeaf(leaf, [m0!, v0!], false, (g, [mPrev, vPrev]) => {
              const [update, m1, v1] = pass(g, mPrev!, vPrev!);
              return [update!, m1!, v1!];
            }),
        );
        return [out as Updates, deepFreeze({ moment1, moment2 }) as AdamMomentsState] as const;
      }),
  };
}
