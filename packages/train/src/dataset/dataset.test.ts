import { add, arange, memory, reshape, type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Dataset } from './dataset.js';

function columns() {
  const x = reshape(arange(0, 14), [7, 2]);
  const y = tensor([0, 1, 2, 3, 4, 5, 6], undefined, 'int32');
  return [x, y] as const;
}

const labelsOf = (batches: Iterable<readonly Tensor[]>) =>
  [...batches].map((element) => element[1]!.toArray());

describe('Dataset', () => {
  it('iterates rows, then batches with and without the remainder', () => {
    const ds = Dataset.fromTensors(columns());
    const rows = [...ds];
    expect(rows).toHaveLength(7);
    expect(rows[3]![0]!.toArray()).toEqual([6, 7]);
    expect(rows[3]![1]!.toArray()).toEqual(3);
    expect(labelsOf(ds.batch(3))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(labelsOf(ds.batch(3, { dropRemainder: true }))).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    const [first] = ds.batch(3);
    expect(first![0]!.shape).toEqual([3, 2]);
    expect(ds.getDatasetSize()).toBe(7);
    expect(ds.batch(3, { dropRemainder: true }).getDatasetSize()).toBe(2);
  });

  it('shuffles deterministically from the seed, with a new order per epoch', () => {
    const ds = Dataset.fromTensors(columns()).shuffle(5);
    const epoch0 = labelsOf(ds.batch(7))[0] as number[];
    expect([...epoch0].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(epoch0).not.toEqual([0, 1, 2, 3, 4, 5, 6]);
    const again = Dataset.fromTensors(columns()).shuffle(5);
    const first = labelsOf(again.batch(7));
    const second = labelsOf(again.batch(7));
    expect(first[0]).toEqual(epoch0);
    const iterated = Dataset.fromTensors(columns()).shuffle(5).batch(7);
    const e0 = labelsOf({ [Symbol.iterator]: () => iterated[Symbol.iterator]() });
    const e1 = labelsOf({ [Symbol.iterator]: () => iterated[Symbol.iterator]() });
    expect(e0[0]).toEqual(epoch0);
    expect(e1[0]).not.toEqual(e0[0]);
    expect(second).toEqual(first);
    expect(labelsOf(Dataset.fromTensors(columns()).shuffle(6).batch(7))[0]).not.toEqual(epoch0);
  });

  it('maps elements before or after batching, freeing the inputs', () => {
    const ds = Dataset.fromTensors(columns());
    const before = memory().tensors;
    const mapped = ds.map((x, y) => [add(x, 100), y] as const).batch(4);
    const batches = [...mapped];
    expect(batches.map((b) => b[0].shape)).toEqual([
      [4, 2],
      [3, 2],
    ]);
    expect(batches[1]![0].toArray()).toEqual([
      [108, 109],
      [110, 111],
      [112, 113],
    ]);
    for (const b of batches) for (const t of b) t.dispose();
    expect(memory().tensors).toBe(before);
    const after = ds.batch(2).map((x, y) => [x, add(y, 1)] as const);
    expect(labelsOf(after)).toEqual([[1, 2], [3, 4], [5, 6], [7]]);
    expect(
      labelsOf(
        ds
          .map((x, y) => [x, y] as const)
          .shuffle(1)
          .batch(7),
      )[0],
    ).toEqual(labelsOf(ds.shuffle(1).batch(7))[0]);
  });

  it('rejects columns of different lengths and bad batch sizes', () => {
    expect(() => Dataset.fromTensors([tensor([1, 2]), tensor([1])])).toThrow(/columns\[1\]/);
    expect(() => Dataset.fromTensors(columns()).batch(0)).toThrow(/positive integer/);
  });
});
