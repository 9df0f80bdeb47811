import { type FloatDType, Tensor, ValueError } from '@gradkit/tensor';
import { describe } from '../parameter/parameter.js';
import { One, Zero } from './constant.js';
import { HeNormal, HeUniform } from './he.js';
import { Initializer } from './initializer.js';
import { Normal } from './normal.js';
import { Uniform } from './uniform.js';
import { XavierUniform } from './xavier-uniform.js';

/** An initializer, its name (camelCase or MindSpore's snake_case), or a tensor to copy. */
export type InitializerLike = Initializer | Tensor | InitializerName;

/** The initializer names layers accept, with MindSpore's defaults for each. */
export type InitializerName =
  | 'normal'
  | 'uniform'
  | 'heUniform'
  | 'he_uniform'
  | 'heNormal'
  | 'he_normal'
  | 'xavierUniform'
  | 'xavier_uniform'
  | 'zeros'
  | 'ones';

const BY_NAME: Record<InitializerName, () => Initializer> = {
  normal: () => new Normal(),
  uniform: () => new Uniform(),
  heUniform: () => new HeUniform(),
  he_uniform: () => new HeUniform(),
  heNormal: () => new HeNormal(),
  he_normal: () => new HeNormal(),
  xavierUniform: () => new XavierUniform(),
  xavier_uniform: () => new XavierUniform(),
  zeros: () => new Zero(),
  ones: () => new One(),
};

/**
 * The first value of a parameter of `shape` from an initializer, a name or a tensor (whose
 * shape must match; it is used as given).
 *
 * @example
 * ```ts
 * import { initialize } from '@gradkit/train';
 *
 * const w = initialize('heUniform', [3, 4]);
 * ```
 */
export function initialize(
  init: InitializerLike,
  shape: readonly number[],
  dtype: FloatDType = 'float32',
  op = 'initialize',
): Tensor {
  if (init instanceof Tensor) {
    if (init.shape.length !== shape.length || init.shape.some((d, i) => d !== shape[i])) {
      throw new ValueError(
        op,
        'init',
        `tensor has shape [${init.shape.join(', ')}], expected [${shape.join(', ')}]`,
      );
    }
    return init;
  }
  if (init instanceof Initializer) return init.init(shape, dtype);
  const make = typeof init === 'string' ? BY_NAME[init] : undefined;
  if (make === undefined) {
    throw new ValueError(
      op,
      'init',
      `must be an Initializer, a tensor or one of ${Object.keys(BY_NAME).join(', ')}; got ${typeof init === 'string' ? `'${init}'` : describe(init)}`,
    );
  }
  return make().init(shape, dtype);
}
