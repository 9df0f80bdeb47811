import type { Backend } from '../backend.js';
import { runPrimitive } from '../engine.js';
import { BackendError, DTypeError, IndexError, ShapeError } from '../errors.js';
import { opScope } from '../scope.js';
import { formatShape, normalizeAxis, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import {
  castOperand,
  expectTensor,
  type Operand,
  release,
  type TensorLike,
  toOperand,
} from './convert.js';

function indexOperand(op: string, indices: TensorLike): Operand {
  const operand = toOperand(op, 'indices', indices, 'int32');
  if (operand.tensor.dtype !== 'int32') {
    release(operand);
    throw new DTypeError(op, 'indices', `must be int32, got ${operand.tensor.dtype}`);
  }
  return operand;
}

function readIndices(backend: Backend, t: Tensor): ArrayLike<number> | undefined {
  try {
    return backend.readSync(t.buffer.dataId, t.dtype, t.size);
  } catch (error) {
    // A backend that only reads asynchronously cannot be checked without blocking.
    if (error instanceof BackendError) return undefined;
    throw error;
  }
}

/** Checks every index against `dim` (negative ones count from the end). */
function checkRange(op: string, indices: Tensor, dim: number, axis: number): void {
  const values = readIndices(indices.backend, indices);
  if (values === undefined) return;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < -dim || v >= dim) {
      throw new IndexError(
        op,
        'indices',
        `holds ${v}, out of range for axis ${axis} of size ${dim} (expected ${-dim} <= index < ${dim})`,
      );
    }
  }
}

/**
 * Takes slices of `x` along `axis` at `indices` (int32, any shape; negative indices count
 * from the end). The result has shape x.shape[:axis] + indices.shape + x.shape[axis+1:].
 *
 * @example
 * ```ts
 * import { gather, tensor } from '@gradkit/tensor';
 *
 * const x = tensor([[1, 2], [3, 4], [5, 6]]);
 * gather(x, tensor([2, 0], undefined, 'int32')).toArray(); // [[5, 6], [1, 2]]
 * ```
 */
export function gather(x: Tensor, indices: TensorLike, axis = 0): Tensor {
  return opScope(() => gatherInScope(x, indices, axis));
}

// Runs in a scope so that a throw anywhere frees every temporary the op made.
function gatherInScope(x: Tensor, indices: TensorLike, axis = 0): Tensor {
  const op = 'gather';
  expectTensor(op, 'x', x);
  const a = normalizeAxis(op, axis, x.rank);
  const index = indexOperand(op, indices);
  try {
    checkRange(op, index.tensor, x.shape[a]!, a);
    const shape = [...x.shape.slice(0, a), ...index.tensor.shape, ...x.shape.slice(a + 1)];
    return runPrimitive('gather', [x, index.tensor], { axis: a }, { shape, dtype: x.dtype }, [
      'x',
      'indices',
    ]);
  } finally {
    release(index);
  }
}

/**
 * Returns `x` with `updates` added at `indices` along `axis` (repeated indices
 * accumulate). `updates` has the shape `gather(x, indices, axis)` would return; this is
 * the adjoint of gather, like torch's index_add.
 *
 * @example
 * ```ts
 * import { scatterAdd, tensor, zeros } from '@gradkit/tensor';
 *
 * const rows = tensor([0, 0, 2], undefined, 'int32');
 * scatterAdd(zeros([3]), rows, tensor([1, 2, 3])).toArray(); // [3, 0, 3]
 * ```
 */
export function scatterAdd(x: Tensor, indices: TensorLike, updates: TensorLike, axis = 0): Tensor {
  return opScope(() => scatterAddInScope(x, indices, updates, axis));
}

// Runs in a scope so that a throw anywhere frees every temporary the op made.
function scatterAddInScope(x: Tensor, indices: TensorLike, updates: TensorLike, axis = 0): Tensor {
  const op = 'scatterAdd';
  expectTensor(op, 'x', x);
  const a = normalizeAxis(op, axis, x.rank);
  const index = indexOperand(op, indices);
  let source = toOperand(op, 'updates', updates, x);
  try {
    const expected = [...x.shape.slice(0, a), ...index.tensor.shape, ...x.shape.slice(a + 1)];
    if (!shapesEqual(source.tensor.shape, expected)) {
      throw new ShapeError(
        op,
        'updates',
        `has shape ${formatShape(source.tensor.shape)} but x ${formatShape(x.shape)} with indices ${formatShape(index.tensor.shape)} along axis ${a} needs ${formatShape(expected)}`,
      );
    }
    checkRange(op, index.tensor, x.shape[a]!, a);
    source = castOperand(source, x.dtype);
    return runPrimitive(
      'scatterAdd',
      [x, index.tensor, source.tensor],
      { axis: a },
      { shape: x.shape, dtype: x.dtype },
      ['x', 'indices', 'updates'],
    );
  } finally {
    release(index, source);
  }
}
