import {
  broadcastTo,
  cast,
  div,
  equal,
  logicalAnd,
  mul,
  prod,
  reshape,
  type Shape,
  sum,
  where,
} from '@gradkit/tensor';
import { none } from './elementwise.js';
import type { VjpRule } from './rule.js';

/** `shape` with the reduced axes kept as size 1, so the cotangent broadcasts back. */
function keptShape(shape: Shape, axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

export const sumRule: VjpRule<'sum'> = (g, [x], _y, { axes }) => [
  () => broadcastTo(reshape(g, keptShape(x!.shape, axes)), x!.shape),
];

/**
 * The product of the other elements, also where some are zero: with one zero only that
 * element gets the product of the rest, with two or more every gradient is 0 (as PyTorch).
 */
export const prodRule: VjpRule<'prod'> = (g, [x], _y, { axes }) => [
  () => {
    const input = x!;
    const kept = keptShape(input.shape, axes);
    const isZero = equal(input, 0);
    const zeroCount = sum(cast(isZero, 'int32'), axes, true);
    const nonZero = where(isZero, 1, input);
    const product = prod(nonZero, axes, true);
    const others = where(
      equal(zeroCount, 0),
      div(product, nonZero),
      where(logicalAnd(equal(zeroCount, 1), isZero), product, 0),
    );
    return mul(reshape(g, kept), others);
  },
];

/** max/min: the cotangent is shared evenly among the elements equal to the extremum (PyTorch's amax). */
const extremumRule: VjpRule<'max' | 'min'> = (g, [x], y, { axes }) => [
  () => {
    const input = x!;
    const kept = keptShape(input.shape, axes);
    const hits = cast(equal(input, reshape(y, kept)), g.dtype);
    return mul(div(reshape(g, kept), sum(hits, axes, true)), hits);
  },
];

export const maxRule: VjpRule<'max'> = extremumRule;
export const minRule: VjpRule<'min'> = extremumRule;
export const argReduceRule: VjpRule<'argmax' | 'argmin'> = none;
