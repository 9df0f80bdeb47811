import { DTypeError, memory, ShapeError, type Tensor, tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { applyUpdates } from './apply-updates.js';
import { RowSparse } from './row-sparse.js';
import type { Params, Updates } from './types.js';

const params = () => ({
  dense: {
    weight: tensor([
      [1, 2],
      [3, 4],
    ]),
    bias: tensor([1, 2]),
  },
});

/**
 * applyUpdates(params, updates) must throw `kind` with every fragment in its message, and
 * make no tensor on the way (no leaf was added before the check failed).
 */
function expectRefused(
  params: Params,
  updates: Updates,
  kind: new (...args: never[]) => Error,
  fragments: readonly string[],
): void {
  const before = memory().tensors;
  let caught: unknown;
  try {
    applyUpdates(params, updates);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(kind);
  for (const fragment of fragments) expect((caught as Error).message).toContain(fragment);
  expect(memory().tensors).toBe(before);
}

describe('applyUpdates', () => {
  it('adds leaf by leaf and returns the type of params', () => {
    const p = params();
    const next = applyUpdates(p, {
      dense: {
        weight: tensor([
          [1, 1],
          [1, 1],
        ]),
        bias: tensor([-1, 1]),
      },
    });
    expectTypeOf(next).toEqualTypeOf<{ dense: { weight: Tensor; bias: Tensor } }>();
    expect(next.dense.weight.toArray()).toEqual([
      [2, 3],
      [4, 5],
    ]);
    expect(next.dense.bias.toArray()).toEqual([0, 3]);
  });

  it('refuses an update of another shape, naming the path and both shapes', () => {
    const wide = {
      w: tensor([
        [1, 2],
        [3, 4],
      ]),
    };
    expectRefused({ w: tensor([1, 2]) }, wide, ShapeError, [
      "applyUpdates: argument 'updates' at w has shape [2, 2]",
      'the parameter has shape [2]',
    ]);
  });

  it('refuses an update that would broadcast', () => {
    const row = { dense: { weight: tensor([1, 1]), bias: tensor([1, 1]) } };
    expectRefused(params(), row, ShapeError, ['at dense.weight has shape [2]', 'not broadcast']);
    expectRefused({ w: tensor([1, 2]) }, { w: tensor(1) }, ShapeError, ['has shape []']);
  });

  it('refuses an update of another dtype, so the parameter keeps its dtype', () => {
    const p = { w: tensor([1, 2]) };
    const wider = { w: tensor([1, 2], undefined, 'float64') };
    expectRefused(p, wider, DTypeError, [
      'at w has dtype float64',
      'the parameter has dtype float32',
    ]);
    expectRefused(p, { w: tensor([1, 2], undefined, 'int32') }, DTypeError, ['dtype int32']);
  });

  it('checks every leaf before adding any: a bad last leaf leaves nothing behind', () => {
    // Keys are visited in sorted order, so bias (fine) comes before weight (bad).
    const updates = { dense: { bias: tensor([1, 1]), weight: tensor([[1, 1]]) } };
    expectRefused(params(), updates, ShapeError, ['dense.weight']);
  });

  it('checks RowSparse updates against the parameter', () => {
    const table = {
      table: tensor([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
    };
    const sparse = new RowSparse([2], tensor([[1, 1]]), [3, 2]);
    expect(applyUpdates(table, { table: sparse }).table.toArray()).toEqual([
      [1, 2],
      [3, 4],
      [6, 7],
    ]);
    const tall = { table: new RowSparse([0], tensor([[1, 1]]), [4, 2]) };
    expectRefused(table, tall, ShapeError, ['dense shape [4, 2]', 'shape [3, 2]']);
    const wider = { table: new RowSparse([0], tensor([[1, 1]], undefined, 'float64'), [3, 2]) };
    expectRefused(table, wider, DTypeError, ['RowSparse of dtype float64']);
  });

  it('refuses leaves that are not tensors', () => {
    const p = { w: tensor([1]) };
    expectRefused(p, { w: 3 as never }, ValueError, ['holds the number 3 at w']);
    expectRefused({ w: 'x' as never }, p, ValueError, [
      "argument 'params' holds the string x at w",
    ]);
  });
});
