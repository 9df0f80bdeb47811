import { RowSparse } from '@gradkit/optim';
import { BackendError, gather, type Tensor } from '@gradkit/tensor';
import type { Parameter } from '../parameter/parameter.js';
import { bookkeepingValues } from './compile-watch.js';

/** Rows of each sparse-gradient parameter looked up while one valueAndGrad call runs fn. */
type Frame = Map<Parameter, Set<number> | 'dense'>;

const frames: Frame[] = [];

/** @internal Runs `fn` with a frame that records sparse lookups of `params`. */
export function withSparseFrame<R>(fn: () => R): [R, Frame] {
  const frame: Frame = new Map();
  frames.push(frame);
  try {
    return [fn(), frame];
  } finally {
    frames.splice(frames.lastIndexOf(frame), 1);
  }
}

/**
 * Notes that `param` (a table whose gradient may be row-sparse) was read at rows `indices`.
 * Called by Embedding with `sparseGradient`; a backend that cannot read indices synchronously
 * falls back to a dense gradient.
 *
 * @example
 * ```ts
 * import { gather, type Tensor, tensor } from '@gradkit/tensor';
 * import { Cell, Parameter, recordSparseLookup } from '@gradkit/train';
 *
 * class Lookup extends Cell {
 *   table = new Parameter(tensor([[1, 2], [3, 4], [5, 6]]), 'table');
 *   construct(ids: Tensor): Tensor {
 *     recordSparseLookup(this.table, ids); // its gradient may then be row-sparse
 *     return gather(this.table.value, ids);
 *   }
 * }
 * ```
 */
export function recordSparseLookup(param: Parameter, indices: Tensor): void {
  if (frames.length === 0) return;
  let rows: ArrayLike<number> | undefined;
  try {
    rows = bookkeepingValues(indices);
  } catch (error) {
    if (!(error instanceof BackendError)) throw error;
  }
  for (const frame of frames) {
    const known = frame.get(param);
    if (known === 'dense') continue;
    if (rows === undefined) {
      frame.set(param, 'dense');
      continue;
    }
    const set = known ?? new Set<number>();
    const count = param.shape[0] ?? 0;
    for (let i = 0; i < rows.length; i++) set.add(rows[i]! < 0 ? rows[i]! + count : rows[i]!);
    frame.set(param, set);
  }
}

/**
 * The gradient of `param` as the caller should see it: a RowSparse over the looked-up rows
 * (sorted, each once) when a sparse lookup read it, else the dense gradient. A table with a
 * sparse gradient must be read only through such lookups (rows read otherwise would be lost).
 */
export function sparsify(frame: Frame, param: Parameter, dense: Tensor): Tensor | RowSparse {
  const rows = frame.get(param);
  if (rows === undefined || rows === 'dense' || rows.size === 0) return dense;
  const sorted = [...rows].sort((a, b) => a - b);
  const values = gather(dense, sorted, 0);
  const sparse = new RowSparse(sorted, values, dense.shape);
  dense.dispose();
  return sparse;
}
