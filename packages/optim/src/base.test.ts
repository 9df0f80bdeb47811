import { type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { applyUpdates, chain, identity, namedChain, stateless } from './base.js';
import { RowSparse } from './row-sparse.js';
import type { GradientTransformation } from './types.js';

// A transform with observable state: it counts its calls.
function addCount(): GradientTransformation<{ readonly count: number }> {
  return {
    init: () => ({ count: 0 }),
    update: (updates, state) => [updates, { count: state.count + 1 }],
  };
}

const values = (t: unknown) => Array.from((t as Tensor).dataSync());

describe('protocol basics', () => {
  const params = { w: tensor([1, 2]), b: tensor([3]) };
  const grads = { w: tensor([0.5, -0.5]), b: tensor([1]) };

  it('identity passes updates through and keeps empty state', () => {
    const t = identity();
    const [updates, state] = t.update(grads, t.init(params));
    expect(updates).toBe(grads);
    expect(state).toEqual({});
  });

  it('chain runs transforms in order and keeps their states by position', () => {
    const double = stateless((u) => ({
      w: tensor(values((u as typeof grads).w).map((x) => 2 * x)),
      b: (u as typeof grads).b,
    }));
    const t = chain(addCount(), double, addCount());
    const state0 = t.init(params);
    expect(state0).toEqual([{ count: 0 }, {}, { count: 0 }]);
    const [updates, state1] = t.update(grads, state0);
    expect(values((updates as typeof grads).w)).toEqual([1, -1]);
    expect(state1).toEqual([{ count: 1 }, {}, { count: 1 }]);
    // Pure: the previous state is unchanged.
    expect(state0).toEqual([{ count: 0 }, {}, { count: 0 }]);
  });

  it('namedChain keeps each state under its name', () => {
    const t = namedChain({ first: addCount(), second: identity() });
    const [, state] = t.update(grads, t.init(params));
    expect(state).toEqual({ first: { count: 1 }, second: {} });
  });

  it('applyUpdates adds leaf by leaf and applies RowSparse updates to their rows only', () => {
    const next = applyUpdates(params, grads);
    expect(values(next.w)).toEqual([1.5, 1.5]);
    expect(values(next.b)).toEqual([4]);
    const table = tensor([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    const sparse = new RowSparse(
      [2, 0],
      tensor([
        [10, 10],
        [20, 20],
      ]),
      [3, 2],
    );
    const updated = applyUpdates({ table }, { table: sparse });
    expect(updated.table.toArray()).toEqual([
      [21, 21],
      [2, 2],
      [13, 13],
    ]);
  });

  it('RowSparse validates its shapes and indices', () => {
    expect(() => new RowSparse([0, 1], tensor([[1, 2]]), [3, 2])).toThrow(
      /RowSparse: argument 'values' has shape \[1, 2\] but 2 indices/,
    );
    expect(() => new RowSparse([5], tensor([[1, 2]]), [3, 2])).toThrow(/out of range for 3 rows/);
  });
});
