import { type Tensor, tree } from '@gradkit/tensor';
import { expect } from 'vitest';

/** Expects two trees of the same structure whose tensors agree within float32 tolerance. */
export function expectTreesClose(actual: unknown, expected: unknown, tolerance = 1e-5): void {
  expect(tree.structureEqual(actual, expected)).toBe(true);
  const a = tree.leaves(actual);
  const e = tree.leaves(expected);
  a.forEach((leaf, i) => {
    const other = e[i];
    if (typeof (other as Tensor)?.dataSync !== 'function') {
      expect(leaf).toEqual(other);
      return;
    }
    const x = (leaf as Tensor).dataSync();
    const y = (other as Tensor).dataSync();
    expect((leaf as Tensor).shape).toEqual((other as Tensor).shape);
    expect((leaf as Tensor).dtype).toBe((other as Tensor).dtype);
    for (let k = 0; k < y.length; k++) {
      const bound = tolerance * (1 + Math.abs(y[k]!));
      if (!(Math.abs(x[k]! - y[k]!) <= bound) && !(Number.isNaN(x[k]!) && Number.isNaN(y[k]!))) {
        throw new Error(
          `leaf ${i} element ${k}: ${x[k]} differs from ${y[k]} by more than ${bound}`,
        );
      }
    }
  });
}
