// The CPU kernels' broadcast fast paths (bias rows, per-row columns, selects against a
// constant) against index arithmetic written out here, including shapes that look like a
// fast path but are not (they must take the general walk and still be right).
import { describe, expect, it } from 'vitest';
import { tensor } from '../creation.js';
import { sub } from '../ops/binary.js';
import { where } from '../ops/where.js';
import { repetition } from './broadcast-index.js';

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const values = (shape: readonly number[], seed: number) =>
  Array.from({ length: size(shape) }, (_, i) => ((i * 7 + seed * 13) % 17) - 8);

/** NumPy's broadcasting, element by element. */
function reference(
  a: number[],
  aShape: number[],
  b: number[],
  bShape: number[],
  out: number[],
  fn: (x: number, y: number) => number,
): number[] {
  const rank = out.length;
  const pad = (s: number[]) => [...new Array<number>(rank - s.length).fill(1), ...s];
  const [pa, pb] = [pad(aShape), pad(bShape)];
  const offset = (index: number[], shape: number[]) =>
    index.reduce((acc, j, axis) => acc * shape[axis]! + (shape[axis] === 1 ? 0 : j), 0);
  return Array.from({ length: size(out) }, (_, flat) => {
    const index: number[] = [];
    for (let axis = rank - 1, rest = flat; axis >= 0; axis--) {
      index[axis] = rest % out[axis]!;
      rest = Math.floor(rest / out[axis]!);
    }
    return fn(a[offset(index, pa)]!, b[offset(index, pb)]!);
  });
}

const CASES: [number[], number[], number[], string][] = [
  [[3, 4], [4], [3, 4], 'rows'],
  [[2, 3, 4], [3, 4], [2, 3, 4], 'rows'],
  [[3, 1, 5], [1, 1, 5], [3, 1, 5], 'rows'],
  [[3, 4], [3, 1], [3, 4], 'columns'],
  [[2, 3, 4], [2, 1, 1], [2, 3, 4], 'columns'],
  [[2, 3, 4], [2, 3, 1], [2, 3, 4], 'columns'],
  [[4], [3, 4], [3, 4], 'rows (first operand)'],
  [[3, 4, 5], [1, 4, 1], [3, 4, 5], 'other'],
  [[2, 1, 4], [2, 3, 4], [2, 3, 4], 'other'],
  [[1, 4, 5], [1, 1, 5], [1, 4, 5], 'other'],
];

describe('CPU broadcast fast paths', () => {
  for (const [aShape, bShape, outShape, kind] of CASES) {
    it(`sub of ${JSON.stringify(aShape)} and ${JSON.stringify(bShape)} (${kind})`, () => {
      const [a, b] = [values(aShape, 1), values(bShape, 2)];
      const result = sub(tensor(a, aShape), tensor(b, bShape));
      expect(result.shape).toEqual(outShape);
      expect(Array.from(result.dataSync())).toEqual(
        reference(a, aShape, b, bShape, outShape, (x, y) => x - y),
      );
    });
  }

  it('classifies repetitions', () => {
    expect(repetition([4], [3, 4])).toBe('rows');
    expect(repetition([3, 1], [3, 4])).toBe('columns');
    expect(repetition([1, 4, 1], [3, 4, 5])).toBe('other');
    expect(repetition([1, 1, 5], [1, 4, 5])).toBe('other');
  });

  it('selects against a constant on either side', () => {
    const x = [-2, 3, 0, 5, -1, 4];
    const condition = tensor(x.map((v) => v <= 0));
    const t = tensor(x, [6]);
    expect(Array.from(where(condition, 0, t).dataSync())).toEqual(x.map((v) => Math.max(v, 0)));
    expect(Array.from(where(condition, t, 9).dataSync())).toEqual(x.map((v) => (v <= 0 ? v : 9)));
  });
});
