import { promoteTypes } from '../dtype.js';
import { runPrimitive, view } from '../engine.js';
import { ShapeError, ValueError } from '../errors.js';
import { opScope } from '../scope.js';
import { formatShape, normalizeAxis, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { castOperand, expectTensor, type Operand, release } from './convert.js';
import { expandDims } from './reshape.js';
import { slice } from './slice.js';

/**
 * Joins tensors along an existing axis; all other dimensions must match.
 *
 * @example
 * ```ts
 * import { concat, tensor } from '@gradkit/tensor';
 *
 * concat([tensor([[1, 2]]), tensor([[3, 4]])]).toArray(); // [[1, 2], [3, 4]]
 * concat([tensor([[1]]), tensor([[2]])], 1).toArray(); // [[1, 2]]
 * ```
 */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  return opScope(() => concatInScope(xs, axis));
}

// Runs in a scope so that a throw anywhere frees every temporary the op made.
function concatInScope(xs: readonly Tensor[], axis = 0): Tensor {
  const op = 'concat';
  if (!Array.isArray(xs) || xs.length === 0) {
    throw new ValueError(op, 'xs', 'must be a non-empty array of tensors');
  }
  xs.forEach((x, i) => {
    expectTensor(op, `xs[${i}]`, x);
  });
  const first = xs[0]!;
  const a = normalizeAxis(op, axis, Math.max(first.rank, 1));
  let dtype = first.dtype;
  let total = 0;
  xs.forEach((x, i) => {
    if (x.rank !== first.rank || x.rank === 0) {
      throw new ShapeError(
        op,
        `xs[${i}]`,
        `has shape ${formatShape(x.shape)} but xs[0] has ${formatShape(first.shape)}; ranks must match and be at least 1`,
      );
    }
    for (let d = 0; d < x.rank; d++) {
      if (d !== a && x.shape[d] !== first.shape[d]) {
        throw new ShapeError(
          op,
          `xs[${i}]`,
          `has shape ${formatShape(x.shape)} but xs[0] has ${formatShape(first.shape)}; they may differ only along axis ${a}`,
        );
      }
    }
    dtype = promoteTypes(dtype, x.dtype);
    total += x.shape[a]!;
  });
  if (xs.length === 1) return view(first, first.shape);
  const operands: Operand[] = xs.map((x) => castOperand({ tensor: x, owned: false }, dtype));
  const shape = [...first.shape];
  shape[a] = total;
  const result = runPrimitive(
    'concat',
    operands.map((o) => o.tensor),
    { axis: a },
    { shape, dtype },
    xs.map((_, i) => `xs[${i}]`),
  );
  release(...operands);
  return result;
}

/**
 * Joins same-shaped tensors along a new axis.
 *
 * @example
 * ```ts
 * import { stack, tensor } from '@gradkit/tensor';
 *
 * stack([tensor([1, 2]), tensor([3, 4])]).toArray(); // [[1, 2], [3, 4]]
 * stack([tensor([1, 2]), tensor([3, 4])], 1).toArray(); // [[1, 3], [2, 4]]
 * ```
 */
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  const op = 'stack';
  if (!Array.isArray(xs) || xs.length === 0)
    throw new ValueError(op, 'xs', 'must be a non-empty array of tensors');
  xs.forEach((x, i) => {
    expectTensor(op, `xs[${i}]`, x);
    if (!shapesEqual(x.shape, xs[0]!.shape)) {
      throw new ShapeError(
        op,
        `xs[${i}]`,
        `has shape ${formatShape(x.shape)} but xs[0] has ${formatShape(xs[0]!.shape)}; stacked tensors must have equal shapes`,
      );
    }
  });
  const a = normalizeAxis(op, axis, xs[0]!.rank + 1);
  const expanded = xs.map((x) => expandDims(x, a));
  try {
    return concat(expanded, a);
  } finally {
    for (const e of expanded) e.dispose();
  }
}

/**
 * Splits along `axis` into `numOrSizes` equal parts, or into parts of the given sizes
 * (one size may be -1 for the rest), as tf.split.
 *
 * @example
 * ```ts
 * import { arange, split } from '@gradkit/tensor';
 *
 * const [a, b] = split(arange(6), 2); // [0, 1, 2] and [3, 4, 5]
 * const parts = split(arange(6), [1, -1]); // [0] and [1, 2, 3, 4, 5]
 * ```
 */
export function split(x: Tensor, numOrSizes: number | readonly number[], axis = 0): Tensor[] {
  const op = 'split';
  expectTensor(op, 'x', x);
  const a = normalizeAxis(op, axis, x.rank);
  const dim = x.shape[a]!;
  let sizes: number[];
  if (typeof numOrSizes === 'number') {
    if (!Number.isInteger(numOrSizes) || numOrSizes <= 0 || dim % numOrSizes !== 0) {
      throw new ValueError(
        op,
        'numOrSizes',
        `${numOrSizes} must be a positive integer dividing dimension ${a} of size ${dim}`,
      );
    }
    sizes = new Array<number>(numOrSizes).fill(dim / numOrSizes);
  } else {
    sizes = [...numOrSizes];
    const unknown = sizes.filter((s) => s === -1).length;
    const known = sizes.filter((s) => s !== -1);
    if (unknown > 1 || known.some((s) => !Number.isInteger(s) || s < 0)) {
      throw new ValueError(
        op,
        'numOrSizes',
        `[${sizes.join(', ')}] must hold non-negative integers and at most one -1`,
      );
    }
    const knownTotal = known.reduce((s, v) => s + v, 0);
    if (unknown === 1) sizes[sizes.indexOf(-1)] = dim - knownTotal;
    if (sizes.reduce((s, v) => s + v, 0) !== dim || sizes.some((s) => s < 0)) {
      throw new ValueError(
        op,
        'numOrSizes',
        `[${numOrSizes.join(', ')}] must add up to dimension ${a} of size ${dim}`,
      );
    }
  }
  const parts: Tensor[] = [];
  let start = 0;
  for (const size of sizes) {
    const begin = x.shape.map((_, i) => (i === a ? start : 0));
    const extent = x.shape.map((d, i) => (i === a ? size : d));
    parts.push(slice(x, begin, extent));
    start += size;
  }
  return parts;
}
