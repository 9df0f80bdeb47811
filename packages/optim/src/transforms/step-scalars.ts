import { scalar, type Tensor } from '@gradkit/tensor';

/**
 * @internal A step's numbers (bias corrections) as scalar tensors, the operands of its fused
 * passes, made once per float dtype among the leaves: float64 leaves get float64 scalars,
 * so no precision is lost there.
 */
export function stepScalars(values: readonly number[]): (like: Tensor) => Tensor[] {
  const made = new Map<string, Tensor[]>();
  return (like) => {
    const dtype = like.dtype === 'float64' ? 'float64' : 'float32';
    let scalars = made.get(dtype);
    if (scalars === undefined) {
      scalars = values.map((value) => scalar(value, dtype));
      made.set(dtype, scalars);
    }
    return scalars;
  };
}
