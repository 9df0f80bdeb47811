import {
  add,
  DTypeError,
  donate,
  ShapeError,
  scatterAdd,
  Tensor,
  tree,
  ValueError,
} from '@gradkit/tensor';
import { isRowSparse, type RowSparse } from './row-sparse.js';
import type { Params, Updates } from './types.js';

const OP = 'applyUpdates';

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

const formatShape = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/**
 * Each update must have its parameter's exact shape and dtype: adding would otherwise
 * broadcast a wrong-shaped update over the parameter or promote the parameter's dtype,
 * and the next step would silently train something else.
 */
function checkLeaf(path: string, param: unknown, update: unknown): void {
  if (!(param instanceof Tensor)) {
    throw new ValueError(OP, 'params', `holds ${describe(param)} at ${path}, not a Tensor`);
  }
  if (isRowSparse(update)) {
    checkRowSparse(path, param, update);
    return;
  }
  if (!(update instanceof Tensor)) {
    throw new ValueError(
      OP,
      'updates',
      `holds ${describe(update)} at ${path}, not a Tensor or RowSparse`,
    );
  }
  if (!sameShape(update.shape, param.shape)) {
    throw new ShapeError(
      OP,
      'updates',
      `at ${path} has shape ${formatShape(update.shape)} but the parameter has shape ${formatShape(param.shape)}; updates are not broadcast`,
    );
  }
  if (update.dtype !== param.dtype) {
    throw new DTypeError(
      OP,
      'updates',
      `at ${path} has dtype ${update.dtype} but the parameter has dtype ${param.dtype}; cast the update so the parameter keeps its dtype`,
    );
  }
}

function checkRowSparse(path: string, param: Tensor, update: RowSparse): void {
  if (!sameShape(update.denseShape, param.shape)) {
    throw new ShapeError(
      OP,
      'updates',
      `at ${path} is a RowSparse of dense shape ${formatShape(update.denseShape)} but the parameter has shape ${formatShape(param.shape)}`,
    );
  }
  if (update.values.dtype !== param.dtype) {
    throw new DTypeError(
      OP,
      'updates',
      `at ${path} is a RowSparse of dtype ${update.values.dtype} but the parameter has dtype ${param.dtype}`,
    );
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'plain'} object`;
  return `the ${typeof value} ${String(value)}`;
}

/** Options of `applyUpdates`. */
export interface ApplyUpdatesOptions {
  /**
   * The caller gives the parameters up (see `donate` in @gradkit/tensor): each new
   * parameter is written into the old one's buffer where that is safe, and the old
   * parameters are disposed. Default false: new tensors, the old ones untouched.
   */
  readonly donate?: boolean;
}

/**
 * params + updates, leaf by leaf (Optax's apply_updates), returning a tree of the type of
 * `params` with new tensors. A RowSparse update (from a lazy sparse optimizer) changes only
 * its rows. Every update must have its parameter's exact shape and dtype (no broadcasting,
 * no promotion): all leaves are checked before any is added, and an error names the path.
 * With `{ donate: true }` the new parameters take the old ones' buffers (in place) and the
 * old parameters are disposed.
 *
 * @example
 * ```ts
 * import { applyUpdates } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const next = applyUpdates(params, { w: tensor([-0.5, 0.5]) }); // { w: [0.5, 2.5] }
 * next.w.toArray(); // typed like params: no cast needed
 * const after = applyUpdates(next, { w: tensor([1, 1]) }, { donate: true }); // next.w is disposed
 * ```
 */
export function applyUpdates<P extends Params>(
  params: P,
  updates: Updates,
  options: ApplyUpdatesOptions = {},
): P {
  tree.mapWithPath(
    (path, param: unknown, update: unknown) =>
      checkLeaf(path.length === 0 ? 'the root' : tree.pathToString(path), param, update),
    params as Params,
    updates as Params,
  );
  const give = options.donate === true ? (p: Tensor) => donate(p) : (p: Tensor) => p;
  return tree.map2(
    (p: Tensor, u: Tensor | RowSparse) =>
      isRowSparse(u) ? scatterAdd(give(p), u.indices, u.values, 0) : add(give(p), u),
    params as Params,
    updates as Params,
  ) as P;
}
