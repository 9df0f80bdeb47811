import { scope, type Tensor } from '@gradkit/tensor';
import { isRowSparse } from '../row-sparse.js';

function rowSparseTensors(value: unknown, out: Tensor[], seen: Set<unknown>): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (isRowSparse(value)) {
    out.push(value.indices, value.values);
  } else if (Array.isArray(value)) {
    for (const item of value) rowSparseTensors(item, out, seen);
  } else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const item of Object.values(value)) rowSparseTensors(item, out, seen);
  }
}

/**
 * `scope(fn)`, also keeping the tensors inside RowSparse leaves of the result: `scope` looks
 * only into arrays, plain objects and Maps, so it would free a RowSparse made inside `fn`.
 */
export function scoped<R>(fn: () => R): R {
  return scope(() => {
    const result = fn();
    const kept: Tensor[] = [];
    rowSparseTensors(result, kept, new Set());
    return [result, kept] as const;
  })[0];
}
