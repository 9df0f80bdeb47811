import {
  add,
  mean,
  mul,
  rsqrt,
  scope,
  sub,
  type Tensor,
  ValueError,
  variance,
} from '@gradkit/tensor';
import { Cell } from '../cell/cell.js';
import { type InitializerLike, initialize } from '../initializers/resolve.js';
import { Parameter } from '../parameter/parameter.js';

/** Options of LayerNorm, as MindSpore's keywords. */
export interface LayerNormOptions {
  /** Added to the variance; default 1e-7, as MindSpore. */
  readonly epsilon?: number;
  readonly gammaInit?: InitializerLike;
  readonly betaInit?: InitializerLike;
}

/**
 * Normalizes over the trailing axes of `normalizedShape`, then scales by `gamma` and shifts by
 * `beta` (both of that shape), as MindSpore's `nn.LayerNorm` with its default axes.
 *
 * @example
 * const ln = new LayerNorm([64]);
 * const y = ln(x); // x: [batch, tokens, 64]
 */
export class LayerNorm extends Cell {
  readonly normalizedShape: readonly number[];
  readonly gamma: Parameter;
  readonly beta: Parameter;
  readonly epsilon: number;

  constructor(normalizedShape: readonly number[], options: LayerNormOptions = {}) {
    super();
    if (
      !Array.isArray(normalizedShape) ||
      normalizedShape.length === 0 ||
      normalizedShape.some((d) => !Number.isInteger(d) || d < 1)
    ) {
      throw new ValueError(
        'LayerNorm',
        'normalizedShape',
        `must be a non-empty array of positive integers, got ${JSON.stringify(normalizedShape)}`,
      );
    }
    this.normalizedShape = [...normalizedShape];
    this.epsilon = options.epsilon ?? 1e-7;
    this.gamma = new Parameter(
      initialize(options.gammaInit ?? 'ones', normalizedShape, 'float32', 'LayerNorm'),
      'gamma',
    );
    this.beta = new Parameter(
      initialize(options.betaInit ?? 'zeros', normalizedShape, 'float32', 'LayerNorm'),
      'beta',
    );
  }

  construct(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    const tail = x.shape.slice(-k);
    if (x.rank < k || tail.some((d, i) => d !== this.normalizedShape[i])) {
      throw new ValueError(
        'LayerNorm',
        'x',
        `must end in [${this.normalizedShape.join(', ')}], got shape [${x.shape.join(', ')}]`,
      );
    }
    const axes = this.normalizedShape.map((_, i) => x.rank - k + i);
    return scope(() => {
      const centered = sub(x, mean(x, axes, true));
      const normalized = mul(centered, rsqrt(add(variance(x, axes, true), this.epsilon)));
      return add(mul(normalized, this.gamma.value), this.beta.value);
    });
  }
}
