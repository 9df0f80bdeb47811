import { type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { RowSparse } from '../row-sparse.js';
import type { GradientTransformation } from '../types.js';
import { addDecayedWeights } from './add-decayed-weights.js';
import { clip } from './clip.js';

const rows = (u: unknown) => {
  const sparse = u as RowSparse;
  return { indices: Array.from(sparse.indices.dataSync()), values: sparse.values.toArray() };
};

describe('RowSparse updates with repeated rows', () => {
  const weights = {
    table: tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]),
  };
  // Row 2 appears twice: its gradient is [1, 1] + [2, 2] = [3, 3].
  const gradient = () => ({
    table: new RowSparse(
      [2, 0, 2],
      tensor([
        [1, 1],
        [4, 4],
        [2, 2],
      ]),
      [3, 2],
    ),
  });

  it('addDecayedWeights decays each listed row once', () => {
    const t = addDecayedWeights({ weightDecay: 0.5 }) as GradientTransformation<unknown>;
    const [out] = t.update(gradient(), t.init(weights), weights);
    const result = rows((out as { table: Tensor }).table);
    expect(result.indices).toEqual([0, 2]);
    // row 0: [4, 4] + 0.5 [1, 2]; row 2: [3, 3] + 0.5 [5, 6]
    expect(result.values).toEqual([
      [4.5, 5],
      [5.5, 6],
    ]);
  });

  it('clip clips the merged rows, as it would the dense gradient', () => {
    const t = clip(3.5) as GradientTransformation<unknown>;
    const [out] = t.update(gradient(), t.init(weights));
    const result = rows((out as { table: Tensor }).table);
    expect(result.indices).toEqual([0, 2]);
    expect(result.values).toEqual([
      [3.5, 3.5],
      [3, 3],
    ]);
  });
});
