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
import { checkOptions, describeArgument } from '../cell/check-arguments.js';
import { type InitializerLike, initialize } from '../initializers/resolve.js';
import { Parameter } from '../parameter/parameter.js';

/** Options of LayerNorm, as MindSpore's keywords. */
export interface LayerNormOptions {
  /**
   * The first normalized axis: the statistics are over axes beginNormAxis..rank−1 of the
   * input, an integer in [−rank, rank). MindSpore's default is −1; see LayerNorm for the
   * default when neither axis is given.
   */
  readonly beginNormAxis?: number;
  /**
   * The first axis of gamma and beta: `x.shape.slice(beginParamsAxis)` must equal
   * normalizedShape, and they broadcast over the axes before it. MindSpore's default is −1.
   */
  readonly beginParamsAxis?: number;
  /** Added to the variance; default 1e-7, as MindSpore. */
  readonly epsilon?: number;
  readonly gammaInit?: InitializerLike;
  readonly betaInit?: InitializerLike;
}

function checkAxis(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ValueError('LayerNorm', name, `must be an integer, got ${String(value)}`);
  }
  return value;
}

/**
 * MindSpore's `nn.LayerNorm(normalizedShape, {beginNormAxis, beginParamsAxis, epsilon})`:
 *
 *   y = (x − mean)/√(var + ε)·gamma + beta
 *
 * with the mean and biased variance over axes beginNormAxis..rank−1, and `gamma`, `beta` of
 * shape normalizedShape, which must be `x.shape.slice(beginParamsAxis)`. The two axes may
 * differ (e.g. normalize over [C, H, W] with per-[H, W] parameters: beginNormAxis 1,
 * beginParamsAxis 2). Both default to MindSpore's −1; when neither is given and normalizedShape
 * has k > 1 axes, both default to −k instead (normalize and scale over the trailing
 * normalizedShape, as PyTorch's LayerNorm), where MindSpore's −1 defaults would reject the
 * input. Axes are checked against each input's rank when it is called.
 *
 * @example
 * ```ts
 * import { zeros } from '@gradkit/tensor';
 * import { LayerNorm } from '@gradkit/train';
 *
 * const ln = new LayerNorm([64]);
 * const y = ln(zeros([2, 10, 64])); // x: [batch, tokens, 64], normalized over the last axis
 * const perImage = new LayerNorm([3, 8, 8], { beginNormAxis: 1, beginParamsAxis: 1 });
 * perImage(zeros([2, 3, 8, 8])); // images: [batch, 3, 8, 8]
 * ```
 */
export class LayerNorm extends Cell {
  readonly normalizedShape: readonly number[];
  readonly gamma: Parameter;
  readonly beta: Parameter;
  readonly epsilon: number;
  readonly beginNormAxis: number;
  readonly beginParamsAxis: number;

  constructor(normalizedShape: readonly number[], options: LayerNormOptions = {}) {
    super();
    checkOptions('LayerNorm', options, 'new LayerNorm([64], { epsilon: 1e-7 })');
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
    const neither = options.beginNormAxis === undefined && options.beginParamsAxis === undefined;
    const fallback = neither ? -normalizedShape.length : -1;
    this.beginNormAxis = checkAxis('beginNormAxis', options.beginNormAxis ?? fallback);
    this.beginParamsAxis = checkAxis('beginParamsAxis', options.beginParamsAxis ?? fallback);
    this.epsilon = options.epsilon ?? 1e-7;
    // A zero epsilon divides by zero on a constant row; a negative one takes rsqrt of a
    // negative number there: both give NaN mid-training instead of an error now.
    if (typeof this.epsilon !== 'number' || !(this.epsilon > 0) || !Number.isFinite(this.epsilon)) {
      throw new ValueError(
        'LayerNorm',
        'epsilon',
        `must be a finite number > 0, got ${describeArgument(this.epsilon)}`,
      );
    }
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
    const rank = x.rank;
    const resolve = (name: string, axis: number) => {
      if (axis < -rank || axis >= rank) {
        throw new ValueError(
          'LayerNorm',
          name,
          `must be in [${-rank}, ${rank}) for an input of rank ${rank}, got ${axis}`,
        );
      }
      return axis < 0 ? axis + rank : axis;
    };
    const normAxis = resolve('beginNormAxis', this.beginNormAxis);
    const paramsAxis = resolve('beginParamsAxis', this.beginParamsAxis);
    const tail = x.shape.slice(paramsAxis);
    if (
      tail.length !== this.normalizedShape.length ||
      tail.some((d, i) => d !== this.normalizedShape[i])
    ) {
      throw new ValueError(
        'LayerNorm',
        'x',
        `must have shape [${this.normalizedShape.join(', ')}] from axis beginParamsAxis (${paramsAxis}), got shape [${x.shape.join(', ')}]`,
      );
    }
    const axes = Array.from({ length: rank - normAxis }, (_, i) => normAxis + i);
    return scope(() => {
      const centered = sub(x, mean(x, axes, true));
      const normalized = mul(centered, rsqrt(add(variance(x, axes, true), this.epsilon)));
      return add(mul(normalized, this.gamma.value), this.beta.value);
    });
  }
}
