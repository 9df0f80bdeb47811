import { mul, type Tensor } from '@gradkit/tensor';
import { isRowSparse, RowSparse } from '../row-sparse.js';

/** factor * leaf; a RowSparse update keeps its rows and scales its values. */
export function scaleLeaf(leaf: Tensor | RowSparse, factor: number): Tensor | RowSparse {
  if (isRowSparse(leaf)) {
    return new RowSparse(leaf.indices, mul(leaf.values, factor), leaf.denseShape);
  }
  return mul(leaf, factor);
}
