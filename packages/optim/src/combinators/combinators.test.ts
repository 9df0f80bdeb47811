import { memory, type Tensor, tensor, tree } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { chain, identity } from '../base.js';
import { RowSparse } from '../row-sparse.js';
import type { Updates } from '../types.js';
import {
  applyIfFinite,
  freeze,
  hasUpdated,
  injectHyperparams,
  multiSteps,
  multiTransform,
  setHyperparams,
  skipNotFinite,
  zeroNans,
} from './index.js';
import { countCalls, momentum, scaleBy, snapshot, values } from './test-transforms.js';

const params = () => ({ a: tensor([1, 2]), b: tensor([3]), c: { d: tensor([4, 5]) } });
const grads = () => ({ a: tensor([0.5, -0.5]), b: tensor([2]), c: { d: tensor([1, 1]) } });
type P = ReturnType<typeof params>;

describe('multiTransform', () => {
  const labels = { a: 'fast', b: 'slow', c: { d: 'fast' } };

  it('runs each labelled group through its own transform', () => {
    const t = multiTransform({ fast: scaleBy(10), slow: momentum(0.5) }, labels);
    const state0 = t.init(params());
    // The slow group's state holds only its own parameter; the others are empty (null).
    expect(snapshot(state0.innerStates.slow)).toEqual({ m: { a: null, b: [0], c: { d: null } } });
    const [u1, state1] = t.update(grads(), state0);
    expect(snapshot(u1)).toEqual({ a: [5, -5], b: [2], c: { d: [10, 10] } });
    const [u2] = t.update(grads(), state1);
    expect(snapshot(u2)).toEqual({ a: [5, -5], b: [3], c: { d: [10, 10] } });
  });

  it('takes a label function of the parameters', () => {
    const byPath = (p: unknown) =>
      tree.mapWithPath((path) => (tree.pathToString(path).startsWith('c') ? 'frozen' : 'train'), p);
    const t = multiTransform({ train: scaleBy(-1), frozen: scaleBy(0) }, byPath);
    const [u] = t.update(grads(), t.init(params()), params());
    expect(snapshot(u)).toEqual({ a: [-0.5, 0.5], b: [-2], c: { d: [0, 0] } });
  });

  it('rejects unknown labels and labels of the wrong structure', () => {
    const t = multiTransform({ x: identity() }, { a: 'x', b: 'y', c: { d: 'x' } });
    expect(() => t.init(params())).toThrow(/multiTransform: argument 'paramLabels'.*"y"/);
    const bad = multiTransform({ x: identity() }, { a: 'x' });
    expect(() => bad.init(params())).toThrow(/one label per parameter/);
  });
});

describe('freeze', () => {
  it('zeroes the updates a boolean tree selects', () => {
    const t = freeze({ a: true, b: false, c: { d: true } });
    const [u] = t.update(grads(), t.init(params()));
    expect(snapshot(u)).toEqual({ a: [0, 0], b: [2], c: { d: [0, 0] } });
  });

  it('takes a predicate on the dotted path', () => {
    const t = freeze((path) => path === 'c.d');
    const [u] = t.update(grads(), t.init(params()));
    expect(snapshot(u)).toEqual({ a: [0.5, -0.5], b: [2], c: { d: [0, 0] } });
  });

  it('keeps a frozen RowSparse leaf sparse, with zero rows', () => {
    const sparse = new RowSparse([1], tensor([[3, 4]]), [2, 2]);
    const [u] = freeze({ e: true }).update({ e: sparse }, {});
    const leaf = (u as { e: RowSparse }).e;
    expect(leaf).toBeInstanceOf(RowSparse);
    expect(values(leaf.values)).toEqual([0, 0]);
  });

  it('rejects a mask of the wrong structure', () => {
    expect(() => freeze({ a: true }).init(params())).toThrow(/freeze: argument 'mask'/);
  });
});

describe('injectHyperparams', () => {
  const factory = ({
    learningRate,
    decay,
  }: {
    learningRate: number;
    decay: number;
    nesterov: boolean;
  }) => {
    if (learningRate < 0) throw new Error('negative learning rate');
    return chain(momentum(decay), scaleBy(-learningRate));
  };

  it('keeps numeric and scheduled hyperparameters as plain numbers in the state', () => {
    const t = injectHyperparams(factory, {
      learningRate: (count: number) => 1 / (count + 1),
      decay: 0.5,
      nesterov: false,
    });
    const s0 = t.init({ w: tensor([0]) });
    expect(s0.hyperparams).toEqual({ learningRate: 1, decay: 0.5 });
    expect(s0.count).toBe(0);
    const g = { w: tensor([1]) };
    const [u1, s1] = t.update(g, s0);
    expect(values((u1 as { w: Tensor }).w)).toEqual([-1]); // lr 1 · m 1
    expect(s1.hyperparams.learningRate).toBe(1); // the value step 0 used
    const [u2, s2] = t.update(g, s1);
    expect(values((u2 as { w: Tensor }).w)).toEqual([-0.75]); // lr 1/2 · m 1.5
    expect(s2.hyperparams.learningRate).toBe(0.5);
    expect(s2.count).toBe(2);
  });

  it('setHyperparams changes an unscheduled hyperparameter from the next step on', () => {
    const t = injectHyperparams(factory, { learningRate: 0.1, decay: 0.5, nesterov: false });
    const g = { w: tensor([1]) };
    const [, s1] = t.update(g, t.init({ w: tensor([0]) }));
    const changed = setHyperparams(s1, { learningRate: 1, decay: 0 });
    expect(s1.hyperparams).toEqual({ learningRate: 0.1, decay: 0.5 }); // unchanged
    expect(Object.isFrozen(changed.hyperparams)).toBe(true);
    const [u2, s2] = t.update(g, changed);
    expect(values((u2 as { w: Tensor }).w)).toEqual([-1]); // m = 0·1 + 1, lr 1
    expect(s2.hyperparams).toEqual({ learningRate: 1, decay: 0 });
  });

  it('refuses to set scheduled, unknown or non-finite hyperparameters', () => {
    const t = injectHyperparams(factory, { learningRate: () => 0.1, decay: 0.5, nesterov: false });
    const s = t.init({ w: tensor([0]) });
    expect(() => setHyperparams(s, { learningRate: 1 })).toThrow(
      /learningRate.*follows a schedule/,
    );
    // biome-ignore lint/suspicious/noExplicitAny: an unknown name on purpose.
    expect(() => setHyperparams(s, { momentum: 1 } as any)).toThrow(/'momentum'.*not a numeric/);
    expect(() => setHyperparams(s, { decay: Number.NaN })).toThrow(/'decay'.*finite/);
  });

  it('validates through the factory when built', () => {
    expect(() =>
      injectHyperparams(factory, { learningRate: -1, decay: 0.5, nesterov: false }),
    ).toThrow(/negative learning rate/);
  });
});

describe('applyIfFinite', () => {
  const nan = () => ({ w: tensor([Number.NaN, 1]) });
  const ok = () => ({ w: tensor([1, 1]) });

  it('skips non-finite steps: zero updates, inner state kept, counts advanced', () => {
    const t = applyIfFinite(countCalls(), 2);
    const s0 = t.init({ w: tensor([0, 0]) });
    const [u1, s1] = t.update(nan(), s0);
    expect(values((u1 as { w: Tensor }).w)).toEqual([0, 0]);
    expect(s1).toEqual({
      notfiniteCount: 1,
      lastFinite: false,
      totalNotfinite: 1,
      innerState: { calls: 0 },
    });
    const [u2, s2] = t.update(ok(), s1);
    expect(values((u2 as { w: Tensor }).w)).toEqual([1, 1]);
    expect(s2).toEqual({
      notfiniteCount: 0,
      lastFinite: true,
      totalNotfinite: 1,
      innerState: { calls: 1 },
    });
    const [, s3] = t.update({ w: tensor([Number.POSITIVE_INFINITY, 0]) }, s2);
    expect(s3.lastFinite).toBe(false);
    expect(s3.totalNotfinite).toBe(2);
  });

  it('applies the update after more than maxConsecutiveErrors non-finite steps', () => {
    const t = applyIfFinite(countCalls(), 1);
    const [, s1] = t.update(nan(), t.init({}));
    const [u2, s2] = t.update(nan(), s1);
    expect(s2.notfiniteCount).toBe(2);
    expect(s2.innerState.calls).toBe(1);
    expect(Number.isNaN(values((u2 as { w: Tensor }).w)[0])).toBe(true);
  });
});

describe('zeroNans', () => {
  it('replaces NaN by 0, keeps Infinity, records which leaves had NaN', () => {
    const t = zeroNans();
    const g = { a: tensor([Number.NaN, 2]), b: tensor([Number.POSITIVE_INFINITY]) };
    const s0 = t.init({ a: tensor([0, 0]), b: tensor([0]) });
    expect(s0.foundNan).toEqual({ a: false, b: false });
    const [u, s1] = t.update(g, s0);
    expect(snapshot(u)).toEqual({ a: [0, 2], b: [Number.POSITIVE_INFINITY] });
    expect(s1.foundNan).toEqual({ a: true, b: false });
  });
});

describe('multiSteps', () => {
  it('accumulates k mini-steps and applies their mean on the k-th', () => {
    const t = multiSteps(momentum(0.5), 3);
    let state = t.init({ w: tensor([0, 0]) });
    const gs = [tensor([1, 2]), tensor([3, 4]), tensor([8, 0])];
    const outs: number[][] = [];
    for (const g of gs) {
      const [u, s] = t.update({ w: g }, state);
      outs.push(values((u as { w: Tensor }).w));
      state = s;
      if (outs.length === 2) {
        expect(values((state.accGrads as { w: Tensor }).w)).toEqual([2, 3]);
        expect(hasUpdated(state)).toBe(false);
      }
    }
    expect(outs).toEqual([
      [0, 0],
      [0, 0],
      [4, 2],
    ]);
    expect(state.gradientStep).toBe(1);
    expect(state.miniStep).toBe(0);
    expect(hasUpdated(state)).toBe(true);
    expect(values((state.accGrads as { w: Tensor }).w)).toEqual([0, 0]);
    // The inner state moved once, with the mean.
    expect(values((state.innerState as { m: { w: Tensor } }).m.w)).toEqual([4, 2]);
  });

  it('takes k from a schedule of the gradient step, and sums without useGradMean', () => {
    const t = multiSteps(countCalls(), (step) => step + 1, { useGradMean: false });
    let state = t.init({ w: tensor([0]) });
    const applied: number[] = [];
    for (let i = 0; i < 6; i++) {
      const [u, s] = t.update({ w: tensor([1]) }, state);
      state = s;
      if (hasUpdated(state)) applied.push(values((u as { w: Tensor }).w)[0]!);
    }
    expect(applied).toEqual([1, 2, 3]); // k = 1, 2, 3: sums of 1, 2, 3 ones
  });

  it('validates k', () => {
    expect(() => multiSteps(identity(), 0)).toThrow(/multiSteps: argument 'everyKSchedule'/);
    const t = multiSteps(identity(), () => 0.5);
    expect(() => t.update({ w: tensor([1]) }, t.init({ w: tensor([0]) }))).toThrow(
      /must give an integer >= 1, got 0.5 at gradient step 0/,
    );
  });

  it('hasUpdated is false before any step (mini step 0, gradient step 0)', () => {
    const t = multiSteps(momentum(0.5), 2);
    const fresh = t.init({ w: tensor([0]) });
    expect(hasUpdated(fresh)).toBe(false);
    const [, s1] = t.update({ w: tensor([1]) }, fresh);
    expect(hasUpdated(s1)).toBe(false);
    const [, s2] = t.update({ w: tensor([1]) }, s1);
    expect(hasUpdated(s2)).toBe(true);
  });

  it('shouldSkipUpdate: a skipped gradient changes nothing but the skip state', () => {
    const t = multiSteps(momentum(0.5), 2, { shouldSkipUpdate: skipNotFinite });
    let state = t.init({ w: tensor([0, 0]) });
    expect(state.skipState).toEqual({});
    const feed = [
      [1, 2],
      [Number.NaN, 1],
      [3, Number.POSITIVE_INFINITY],
      [3, 4],
    ];
    const outs: number[][] = [];
    const skips: unknown[] = [];
    for (const g of feed) {
      const [u, s] = t.update({ w: tensor(g) }, state);
      outs.push(values((u as { w: Tensor }).w));
      skips.push(s.skipState);
      if (g.every(Number.isFinite)) expect(s).not.toBe(state);
      state = s;
    }
    // Only [1, 2] and [3, 4] count: their mean, (2, 3), is the one real update.
    expect(outs).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
      [2, 3],
    ]);
    expect(skips).toEqual([
      { shouldSkip: false, numNotFinite: 0 },
      { shouldSkip: true, numNotFinite: 1 },
      { shouldSkip: true, numNotFinite: 1 },
      { shouldSkip: false, numNotFinite: 0 },
    ]);
    expect(state.gradientStep).toBe(1);
    expect(hasUpdated(state)).toBe(true);
  });

  it('shouldSkipUpdate sees the gradient step and the parameters', () => {
    const seen: [number, boolean][] = [];
    const t = multiSteps(momentum(0.5), 1, {
      shouldSkipUpdate: (_updates, gradientStep, parameters) => {
        seen.push([gradientStep, parameters !== undefined]);
        return [gradientStep === 1, { gradientStep }] as const;
      },
    });
    const p = { w: tensor([0]) };
    let state = t.init(p);
    for (let i = 0; i < 3; i++) state = t.update({ w: tensor([1]) }, state, p)[1];
    // Step 1 is skipped every time it comes up: the gradient step stays at 1.
    expect(seen).toEqual([
      [0, true],
      [1, true],
      [1, true],
    ]);
    expect(state.gradientStep).toBe(1);
  });
});

describe('combinators are pure and free their intermediates', () => {
  const cases: [
    string,
    () => {
      init: (p: P) => unknown;
      update: (g: Updates, s: never) => readonly [Updates, unknown];
    },
  ][] = [
    [
      'multiTransform',
      () => multiTransform({ x: momentum(0.9), y: scaleBy(2) }, { a: 'x', b: 'y', c: { d: 'x' } }),
    ],
    ['freeze', () => freeze((path) => path === 'b')],
    [
      'injectHyperparams',
      () =>
        injectHyperparams(({ decay }: { decay: number }) => momentum(decay), {
          decay: (t: number) => 0.9 - t / 10,
        }),
    ],
    ['applyIfFinite', () => applyIfFinite(momentum(0.9), 3)],
    ['zeroNans', () => zeroNans()],
    ['multiSteps', () => multiSteps(momentum(0.9), 2)],
  ];

  it.each(cases)('%s', (_name, make) => {
    const t = make();
    const p = params();
    const g = grads();
    const state0 = t.init(p);
    const [, state1] = t.update(g, state0 as never);
    const before = { g: snapshot(g), s: snapshot(state1) };
    const first = t.update(g, state1 as never);
    const second = t.update(g, state1 as never);
    expect(snapshot(first)).toEqual(snapshot(second));
    expect({ g: snapshot(g), s: snapshot(state1) }).toEqual(before);
    expect(Object.isFrozen(first[1])).toBe(true);
    // Only the returned tensors stay alive.
    const live = memory().tensors;
    const third = t.update(g, state1 as never);
    const returned = new Set(
      [...tree.leaves(third[0]), ...tree.leaves(third[1])].filter((x) => typeof x === 'object'),
    );
    expect(memory().tensors - live).toBeLessThanOrEqual(returned.size);
  });
});
