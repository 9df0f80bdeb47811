import { reshape, type Shape, sum, type Tensor } from '@gradkit/tensor';

/**
 * Undoes broadcasting: sums `g` over the leading axes and the size-1 axes that were
 * stretched, so that the result has the input's `shape`.
 */
export function sumToShape(g: Tensor, shape: Shape): Tensor {
  if (g.rank === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < lead; i++) axes.push(i);
  shape.forEach((d, i) => {
    if (d === 1 && g.shape[lead + i] !== 1) axes.push(lead + i);
  });
  return reshape(sum(g, axes), shape);
}
