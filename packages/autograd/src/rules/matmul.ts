import { matmul } from '@gradkit/tensor';
import type { VjpRule } from './rule.js';
import { sumToShape } from './sum-to-shape.js';

/**
 * y = op(a) @ op(b), where op transposes the last two axes when asked. Then
 * d op(a) = g @ op(b)^T and d op(b) = op(a)^T @ g; each is written as one matmul with
 * transpose flags, and broadcast batch axes are summed away.
 */
export const matmulRule: VjpRule<'matmul'> = (g, [a, b], _y, { transposeA, transposeB }) => [
  () =>
    sumToShape(
      transposeA
        ? matmul(b!, g, { transposeA: transposeB, transposeB: true })
        : matmul(g, b!, { transposeB: !transposeB }),
      a!.shape,
    ),
  () =>
    sumToShape(
      transposeB
        ? matmul(g, a!, { transposeA: true, transposeB: transposeA })
        : matmul(a!, g, { transposeA: !transposeA }),
      b!.shape,
    ),
];
