import { type DType, isDType } from '../dtype.js';
import { runPrimitive, view } from '../engine.js';
import { ValueError } from '../errors.js';
import type { StaticDType, Tensor } from '../tensor.js';
import { expectTensor } from './convert.js';

/**
 * Converts to `dtype`. Floats become int32 by truncation toward zero; any non-zero becomes
 * `true` as bool. Casting to the same dtype returns a new handle on the same buffer.
 *
 * @example
 * ```ts
 * import { cast, tensor } from '@gradkit/tensor';
 *
 * cast(tensor([1.7, -1.7]), 'int32').toArray(); // [1, -1]
 * cast(tensor([0, 2]), 'bool').toArray(); // [false, true]
 * ```
 */
export function cast<D extends DType>(x: Tensor, dtype: D): Tensor<StaticDType<D>> {
  expectTensor('cast', 'x', x);
  if (!isDType(dtype)) {
    throw new ValueError(
      'cast',
      'dtype',
      `must be one of float32, float64, int32, bool, got ${String(dtype)}`,
    );
  }
  if (x.dtype === dtype) return view(x, x.shape) as Tensor<StaticDType<D>>;
  return runPrimitive('cast', [x], { dtype }, { shape: x.shape, dtype }, ['x']) as Tensor<
    StaticDType<D>
  >;
}
