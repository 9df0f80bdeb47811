import {
  add,
  div,
  expandDims,
  mean,
  mul,
  pow,
  rsqrt,
  scope,
  type Tensor,
  zeros,
} from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { finite, integerAtLeast, nonNegative } from '../validate.js';
import { deepFreeze, mapDenseLeaves, mapParams } from './leaves.js';

export interface ScaleByFactoredRmsOptions {
  /** Factor the second moment of matrices; default true. */
  readonly factored?: boolean;
  /** Exponent of the decay 1 − (t − stepOffset)^(−decayRate); default 0.8. */
  readonly decayRate?: number;
  /** Default 0. */
  readonly stepOffset?: number;
  /** Factor only when the second largest dimension is at least this; default 128. */
  readonly minDimSizeToFactor?: number;
  /** Added to g²; default 1e-30. */
  readonly epsilon?: number;
}

export interface ScaleByFactoredRmsState {
  readonly count: number;
  /** Row statistics (factored leaves) or a placeholder [0]. */
  readonly vRow: Updates;
  readonly vCol: Updates;
  /** Full second moment (unfactored leaves) or a placeholder [0]. */
  readonly v: Updates;
}

/** The two largest axes [d1 (second largest), d0 (largest)] of a factored leaf, or undefined. */
function factoredDims(
  shape: readonly number[],
  factored: boolean,
  minimum: number,
): [number, number] | undefined {
  if (!factored || shape.length < 2) return undefined;
  // Stable sort of the axes by size, as NumPy's argsort.
  const sorted = shape.map((_, i) => i).sort((a, b) => shape[a]! - shape[b]! || a - b);
  const d1 = sorted[sorted.length - 2]!;
  const d0 = sorted[sorted.length - 1]!;
  return shape[d1]! < minimum ? undefined : [d1, d0];
}

const without = (shape: readonly number[], axis: number) => shape.filter((_, i) => i !== axis);

/**
 * Adafactor's factored second moment (Shazeer & Stern 2018), as Optax's
 * `scale_by_factored_rms`: with ρₜ = 1 − (t − stepOffset)^(−decayRate) and G = g² + ε,
 * matrices keep R ← ρR + (1−ρ)·mean(G, d0), C ← ρC + (1−ρ)·mean(G, d1) and
 * u = g · (R/mean(R))^(−½) · C^(−½); other leaves keep v ← ρv + (1−ρ)G and u = g·v^(−½).
 *
 * @example
 * ```ts
 * import { chain, scaleByFactoredRms, scaleByLearningRate } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(scaleByFactoredRms(), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function scaleByFactoredRms(
  options: ScaleByFactoredRmsOptions = {},
): GradientTransformation<ScaleByFactoredRmsState> {
  const name = 'scaleByFactoredRms';
  const factored = options.factored ?? true;
  const decayRate = finite(name, 'decayRate', options.decayRate ?? 0.8);
  const stepOffset = integerAtLeast(name, 'stepOffset', options.stepOffset ?? 0, 0);
  const minimum = integerAtLeast(name, 'minDimSizeToFactor', options.minDimSizeToFactor ?? 128, 0);
  const epsilon = nonNegative(name, 'epsilon', options.epsilon ?? 1e-30);
  const placeholder = (p: Tensor) => zeros([1], p.dtype);
  return {
    init: (params: Params) =>
      deepFreeze({
        count: 0,
        vRow: mapParams(params, (p) => {
          const dims = factoredDims(p.shape, factored, minimum);
          return dims ? zeros(without(p.shape, dims[1]), p.dtype) : placeholder(p);
        }),
        vCol: mapParams(params, (p) => {
          const dims = factoredDims(p.shape, factored, minimum);
          return dims ? zeros(without(p.shape, dims[0]), p.dtype) : placeholder(p);
        }),
        v: mapParams(params, (p) =>
          factoredDims(p.shape, factored, minimum) ? placeholder(p) : zeros(p.shape, p.dtype),
        ),
      }),
    update: (updates, state) =>
      scope(() => {
        checkState('scaleByFactoredRms', state);
        const rho = 1 - (state.count - stepOffset + 1) ** -decayRate;
        const [out, vRow, vCol, v] = mapDenseLeaves(
          name,
          updates,
          [state.vRow, state.vCol, state.v],
          (g, row0, col0, v0) => {
            const squared = add(mul(g, g), epsilon);
            const dims = factoredDims(g.shape, factored, minimum);
            if (dims === undefined) {
              const next = add(mul(v0!, rho), mul(squared, 1 - rho));
              // Fresh placeholders, so the new state never shares a tensor with the old one.
              return [mul(g, rsqrt(next)), placeholder(g), placeholder(g), next] as const;
            }
            const [d1, d0] = dims;
            const row = add(mul(row0!, rho), mul(mean(squared, d0), 1 - rho));
            const col = add(mul(col0!, rho), mul(mean(squared, d1), 1 - rho));
            const reducedD1 = d1 > d0 ? d1 - 1 : d1;
            const rowFactor = pow(div(row, mean(row, reducedD1, true)), -0.5);
            const colFactor = rsqrt(col);
            const u = mul(mul(g, expandDims(rowFactor, d0)), expandDims(colFactor, d1));
            return [u, row, col, placeholder(g)] as const;
          },
        );
        return [out, deepFreeze({ count: state.count + 1, vRow, vCol, v })] as const;
      }),
  };
}
