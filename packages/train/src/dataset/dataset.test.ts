import { add, arange, memory, reshape, type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Dataset } from './dataset.js';
import { TypeCast } from './type-cast.js';
import { Rescale } from './vision/rescale.js';

const transforms = { TypeCast };
const vision = { Rescale };

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

const epochOf = (ds: Dataset, epoch: number): Iterable<readonly Tensor[]> => ({
  [Symbol.iterator]: () => ds.createIterator(epoch),
});

describe('Dataset pipelines of typed arrays', () => {
  const ids = () =>
    Dataset.fromTensors(
      [
        arange(0, 10),
        tensor(
          [...'abcdefghij'].map((_, i) => i * 10),
          undefined,
          'int32',
        ),
      ],
      {
        columnNames: ['id', 'tens'],
      },
    );
  const idsOf = (ds: Iterable<readonly Tensor[]>) =>
    [...ds].flatMap((element) => {
      const values = element[0]!.dataSync();
      for (const t of element) t.dispose();
      return Array.from(values);
    });

  it('a small shuffle buffer only moves elements locally; a full one permutes', () => {
    const local = idsOf(epochOf(ids().shuffle(9, { bufferSize: 2 }), 0));
    expect([...local].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // With a buffer of 2, the k-th element out is one of the first k + 2 in.
    local.forEach((id, k) => {
      expect(id).toBeLessThan(k + 2);
    });
    const full = ids().shuffle(9);
    expect(idsOf(epochOf(full, 4))).toEqual(idsOf(epochOf(ids().shuffle(9), 4)));
    expect(() => ids().shuffle(1, { bufferSize: 1 })).toThrow(/bufferSize/);
  });

  it('repeat makes passes with new orders; map transforms name their columns', () => {
    const twice = ids().shuffle(2).repeat(2);
    expect(twice.getDatasetSize()).toBe(20);
    const both = idsOf(epochOf(twice, 0));
    expect(both.slice(0, 10)).toEqual(idsOf(epochOf(ids().shuffle(2), 0)));
    expect(both.slice(10)).toEqual(idsOf(epochOf(ids().shuffle(2), 1)));
    const cast = ids()
      .map(new transforms.TypeCast('float32'), { inputColumns: 'tens' })
      .map([new vision.Rescale(2, 1)], { inputColumns: ['tens'] })
      .batch(4, { dropRemainder: true });
    const [id, tens] = cast.createIterator(0).next().value!;
    expect(id!.toArray()).toEqual([0, 1, 2, 3]);
    expect(tens!.dtype).toBe('float32');
    expect(tens!.toArray()).toEqual([1, 21, 41, 61]);
    expect(() => ids().map(new vision.Rescale(1, 0), { inputColumns: 'label' })).toThrow(
      /Dataset\.map: argument 'inputColumns' must name columns of the dataset \(id, tens\), got 'label'/,
    );
    expect(() => ids().repeat(0)).toThrow(/Dataset\.repeat: argument 'count'/);
  });

  it('refuses to batch rows of different shapes, naming the column', () => {
    const ragged = ids().map(
      (id, tens) => [reshape(arange(0, (id.item() as number) + 1), [-1]), tens] as const,
    );
    expect(() => [...ragged.batch(3)]).toThrow(/Dataset\.batch: argument 'id' must have one shape/);
  });
});
