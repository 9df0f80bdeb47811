import { dispose, memory, scope, type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { adam, adamw } from '../aliases/adam.js';
import { adamax } from '../aliases/adamax.js';
import { applyUpdates } from '../base.js';
import { isRowSparse, RowSparse } from '../row-sparse.js';
import { scaleByAdam, scaleByAdamax, scaleByAmsgrad, scaleByRms } from '../transforms/index.js';
import type { GradientTransformation, Params } from '../types.js';

const table = () =>
  tensor([
    [1, 2],
    [3, 4],
    [5, 6],
    [7, 8],
  ]);
const rows = (t: unknown) => (t as Tensor).toArray() as number[][];
const close = (a: number[][], b: number[][]) =>
  a.forEach((row, i) => {
    row.forEach((v, j) => {
      expect(v).toBeCloseTo(b[i]![j]!, 5);
    });
  });

// Rows 2 and 0, with row 2 listed twice: its gradient is the sum 0.5 + 1.5.
const sparse = () =>
  new RowSparse(
    [2, 0, 2],
    tensor([
      [0.5, -1],
      [2, 0.25],
      [1.5, 1],
    ]),
    [4, 2],
  );
const dense = () =>
  tensor([
    [2, 0.25],
    [0, 0],
    [2, 0],
    [0, 0],
  ]);

// biome-ignore lint/suspicious/noExplicitAny: any transform.
function run(t: GradientTransformation<any>, grads: (() => unknown)[]) {
  let params: Params = { table: table() };
  let state = t.init(params);
  const updates: unknown[] = [];
  for (const g of grads) {
    const [u, s] = t.update({ table: g() } as never, state, params);
    updates.push((u as { table: unknown }).table);
    params = applyUpdates(params, u);
    state = s;
  }
  return { params: (params as { table: Tensor }).table, state, updates };
}

describe('RowSparse gradients in the Adam family', () => {
  for (const [name, make] of [
    ['adam', (lazy: boolean) => adam(0.1, { lazy })],
    ['adamw', (lazy: boolean) => adamw(0.1, { lazy, weightDecay: 0.1 })],
    ['adamax', (lazy: boolean) => adamax(0.1, { lazy })],
    ['amsgrad', (lazy: boolean) => scaleByAmsgrad({ lazy })],
    ['nesterov adam', (lazy: boolean) => scaleByAdam({ lazy, nesterov: true })],
  ] as const) {
    it(`${name}: lazy: false equals the dense gradient with zero rows`, () => {
      const fromSparse = run(make(false), [sparse, dense, sparse]);
      const fromDense = run(make(false), [dense, dense, dense]);
      close(rows(fromSparse.params), rows(fromDense.params));
    });

    it(`${name}: lazy: true changes only the listed rows, duplicates summed`, () => {
      const lazy = run(make(true), [sparse, sparse, sparse]);
      const denseRun = run(make(false), [dense, dense, dense]);
      const got = rows(lazy.params);
      const expected = rows(denseRun.params);
      // Listed rows follow the dense trajectory (they are updated every step); others stay.
      close([got[0]!, got[2]!], [expected[0]!, expected[2]!]);
      expect(got[1]).toEqual([3, 4]);
      expect(got[3]).toEqual([7, 8]);
      const update = lazy.updates[0] as RowSparse;
      expect(isRowSparse(update)).toBe(true);
      expect(Array.from(update.indices.dataSync())).toEqual([0, 2]);
    });
  }

  it('lazy moments keep unlisted rows exactly and differ from dense ones there', () => {
    const onlyRow0 = () => new RowSparse([0], tensor([[1, 1]]), [4, 2]);
    const first = () => sparse();
    const lazy = run(scaleByAdam({ lazy: true }), [first, onlyRow0]);
    const eager = run(scaleByAdam({ lazy: false }), [first, onlyRow0]);
    const lazyMu = rows((lazy.state as { mu: { table: Tensor } }).mu.table);
    const eagerMu = rows((eager.state as { mu: { table: Tensor } }).mu.table);
    // Row 2 was listed at step 1 only: lazily its moment stays, densely it decays by b1.
    expect(lazyMu[2]![0]).toBeCloseTo(0.1 * 2, 6);
    expect(eagerMu[2]![0]).toBeCloseTo(0.9 * 0.1 * 2, 6);
    expect(lazyMu[1]).toEqual([0, 0]);
  });

  it('scaleByAdamax with lazy rows matches the MXNet-style formula', () => {
    const lazy = run(scaleByAdamax({ lazy: true }), [sparse]);
    const update = lazy.updates[0] as RowSparse;
    // First step: m = 0.1 g, u = |g| + eps, update = m / (0.1 u) = sign(g).
    close(rows(update.values), [
      [1, 1],
      [1, 0],
    ]);
  });

  it('other transforms reject RowSparse with a clear error', () => {
    const t = scaleByRms();
    const state = t.init({ table: table() });
    expect(() => t.update({ table: sparse() }, state)).toThrow(
      /scaleByRms: argument 'updates' .*RowSparse/,
    );
  });

  it('a 200-step lazy loop keeps memory().tensors flat', () => {
    const t = adamw(0.01, { lazy: true });
    let params: Params = { table: table() };
    let state = t.init(params);
    let baseline = 0;
    for (let i = 0; i < 200; i++) {
      const [nextParams, nextState] = scope(() => {
        const [u, s] = t.update({ table: sparse() }, state, params);
        return [applyUpdates(params, u), s] as const;
      });
      dispose(params);
      dispose(state);
      params = nextParams;
      state = nextState;
      if (i === 0) baseline = memory().tensors;
    }
    expect(memory().tensors).toBe(baseline);
  });
});
