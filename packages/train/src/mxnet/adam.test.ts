// mxnet.optimizer.Adam against its documented formulas, recomputed per element in float64
// here (independently of the transforms): rescaleGrad, clipGradient, wd, per-index update
// counts, lr/wd multipliers, schedulers, lazy vs dense RowSparse updates, step == fusedStep.
import { tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { expectValuesClose } from '../mindspore/experimental/testing/fixtures.js';
import { Adam, type AdamOptions, Parameter, RowSparse } from './index.js';

interface Ref {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  wd: number;
  rescaleGrad: number;
  clipGradient: number | null;
}

/** MXNet's documented update for the elements `rows` lists (all of them when dense). */
function reference(
  r: Ref,
  t: number,
  w: number[],
  m: number[],
  v: number[],
  g: number[],
  elements: readonly number[],
) {
  const lrT = (r.lr * Math.sqrt(1 - r.beta2 ** t)) / (1 - r.beta1 ** t);
  for (const i of elements) {
    let x = g[i]! * r.rescaleGrad;
    if (r.clipGradient !== null && r.clipGradient >= 0)
      x = Math.min(Math.max(x, -r.clipGradient), r.clipGradient);
    x += r.wd * w[i]!;
    m[i] = r.beta1 * m[i]! + (1 - r.beta1) * x;
    v[i] = r.beta2 * v[i]! + (1 - r.beta2) * x * x;
    w[i] = w[i]! - (lrT * m[i]!) / (Math.sqrt(v[i]!) + r.epsilon);
  }
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const grad = (step: number, n: number) =>
  range(n).map((i) => Math.sin(1.3 * step + 0.7 * i) * (i % 3 === 0 ? 5 : 0.4));
const initial = (n: number) => range(n).map((i) => Math.cos(i) * 0.8);

function runDense(options: AdamOptions, ref: Ref, fused: boolean, steps = 6) {
  const n = 6;
  const weight = new Parameter(tensor(initial(n), [2, 3]), 'w');
  const optimizer = new Adam(options);
  const state = optimizer.createState(0, weight);
  const w = initial(n);
  const m = new Array(n).fill(0);
  const v = new Array(n).fill(0);
  for (let s = 1; s <= steps; s++) {
    const g = grad(s, n);
    const gt = tensor(g, [2, 3]);
    if (fused) optimizer.fusedStep([0], [weight], [gt], [state]);
    else optimizer.step([0], [weight], [gt], [state]);
    gt.dispose();
    reference(ref, s, w, m, v, g, range(n));
    expectValuesClose(weight.value.dataSync(), w, `step ${s} weight`, 1e-5);
    expectValuesClose(state[0].dataSync(), m, `step ${s} mean`, 1e-5);
    expectValuesClose(state[1].dataSync(), v, `step ${s} var`, 1e-5);
  }
  return Array.from(weight.value.dataSync());
}

const base: Ref = {
  lr: 0.001,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  wd: 0,
  rescaleGrad: 1,
  clipGradient: null,
};

describe('mxnet Adam: the documented standard update', () => {
  const cases: [string, AdamOptions, Partial<Ref>][] = [
    ['defaults', {}, {}],
    ['rescaleGrad', { learningRate: 0.05, rescaleGrad: 0.25 }, { lr: 0.05, rescaleGrad: 0.25 }],
    ['clipGradient', { learningRate: 0.05, clipGradient: 0.5 }, { lr: 0.05, clipGradient: 0.5 }],
    // MXNet's kernels skip clipping when clip_gradient < 0.
    ['negative clipGradient', { learningRate: 0.05, clipGradient: -1 }, { lr: 0.05 }],
    ['wd', { learningRate: 0.05, wd: 0.1 }, { lr: 0.05, wd: 0.1 }],
    [
      'all together, other betas and epsilon',
      {
        learningRate: 0.02,
        beta1: 0.8,
        beta2: 0.95,
        epsilon: 1e-3,
        rescaleGrad: 2,
        clipGradient: 3,
        wd: 0.05,
      },
      {
        lr: 0.02,
        beta1: 0.8,
        beta2: 0.95,
        epsilon: 1e-3,
        rescaleGrad: 2,
        clipGradient: 3,
        wd: 0.05,
      },
    ],
  ];
  for (const [name, options, ref] of cases) {
    it(name, () => {
      const a = runDense(options, { ...base, ...ref }, false);
      const b = runDense(options, { ...base, ...ref }, true);
      // step and fusedStep: identical numbers.
      expect(b).toEqual(a);
    });
  }
});

describe('mxnet Adam: RowSparse gradients', () => {
  // Row 2 of 4 is never in a gradient; rows 0 and 3 come and go; row 1 repeats (summed).
  const batches = [
    { rows: [0, 1], values: [1, -2, 0.5, 3] },
    { rows: [3], values: [-1, 4] },
    { rows: [1, 1, 0], values: [0.2, 0.1, -0.3, 0.6, 2, -2] },
    { rows: [3, 1], values: [1.5, -0.5, 0.25, 0.75] },
  ];
  const ref: Ref = { ...base, lr: 0.1, wd: 0.05, rescaleGrad: 0.5, clipGradient: 0.9 };
  const options: AdamOptions = { learningRate: 0.1, wd: 0.05, rescaleGrad: 0.5, clipGradient: 0.9 };

  function run(lazy: boolean, update: 'update' | 'step') {
    const weight = new Parameter(tensor(initial(8), [4, 2]), 'embedding');
    const optimizer = new Adam({ ...options, lazyUpdate: lazy, useFusedStep: update === 'update' });
    const state = optimizer.createState(0, weight);
    const w = initial(8);
    const m = new Array(8).fill(0);
    const v = new Array(8).fill(0);
    batches.forEach((batch, s) => {
      const sparse = new RowSparse(
        batch.rows,
        tensor(batch.values, [batch.rows.length, 2]),
        [4, 2],
      );
      if (update === 'update') optimizer.update(0, weight, sparse, state);
      else optimizer.step([0], [weight], [sparse], [state]);
      const g = new Array(8).fill(0);
      batch.rows.forEach((row, k) => {
        g[2 * row] += batch.values[2 * k]!;
        g[2 * row + 1] += batch.values[2 * k + 1]!;
      });
      const rows = [...new Set(batch.rows)];
      const elements = lazy ? rows.flatMap((row) => [2 * row, 2 * row + 1]) : range(8);
      reference(ref, s + 1, w, m, v, g, elements);
      expectValuesClose(weight.value.dataSync(), w, `lazy ${lazy} step ${s + 1} weight`, 1e-5);
      expectValuesClose(state[0].dataSync(), m, `lazy ${lazy} step ${s + 1} mean`, 1e-5);
      expectValuesClose(state[1].dataSync(), v, `lazy ${lazy} step ${s + 1} var`, 1e-5);
    });
    return { weight: Array.from(weight.value.dataSync()), state };
  }

  it('lazyUpdate: only the listed rows change; a row never listed stays bit for bit', () => {
    const { weight, state } = run(true, 'update');
    const start = initial(8);
    expect(weight.slice(4, 6)).toEqual(Array.from(new Float32Array(start.slice(4, 6))));
    expect(Array.from(state[0].dataSync()).slice(4, 6)).toEqual([0, 0]);
    expect(run(true, 'step').weight).toEqual(weight);
  });

  it('without lazyUpdate: dense semantics (every row decays, wd reaches every row)', () => {
    const { weight, state } = run(false, 'update');
    expect(weight[4]).not.toBe(Math.fround(initial(8)[4]!));
    expect(
      Array.from(state[1].dataSync())
        .slice(4, 6)
        .every((x) => x > 0),
    ).toBe(true);
    expect(run(false, 'step').weight).toEqual(weight);
  });
});

describe('mxnet Optimizer bookkeeping', () => {
  const weights = () =>
    [0, 1].map((i) => new Parameter(tensor([1, -1]), i === 0 ? 'fc_weight' : 'fc_bias'));

  it('counts t per index; numUpdate is the maximum', () => {
    const [a, b] = weights() as [Parameter, Parameter];
    const optimizer = new Adam({ learningRate: 0.1 });
    const states = [optimizer.createState(0, a), optimizer.createState(1, b)];
    const g = tensor([0.5, 0.5]);
    optimizer.update(0, a, g, states[0]!);
    optimizer.update(0, a, g, states[0]!);
    optimizer.update(1, b, g, states[1]!);
    expect(optimizer.indexUpdateCount.get(0)).toBe(2);
    expect(optimizer.indexUpdateCount.get(1)).toBe(1);
    expect(optimizer.numUpdate).toBe(2);
    // Index 1's first update is a first step (t = 1): a step of exactly lr·sign.
    expectValuesClose(b.value.dataSync(), [0.9, -1.1], 'first step of index 1', 1e-6);
  });

  it('lr: null falls back to the scheduler, or 0.01; a given rate overwrites its baseLr', () => {
    expect(new Adam({ learningRate: null }).learningRate).toBe(0.01);
    expect(new Adam().learningRate).toBe(0.001);
    const scheduler = Object.assign((n: number) => 0.5 / (1 + n), { baseLr: 0.5 });
    const scheduled = new Adam({ learningRate: null, lrScheduler: scheduler });
    expect(scheduled.learningRate).toBe(0.5);
    expect(() => scheduled.setLearningRate(0.1)).toThrow(
      'LRScheduler of the optimizer has already been defined',
    );
    const [a] = weights() as [Parameter];
    scheduled.update(0, a, tensor([1, 1]), scheduled.createState(0, a));
    expect(scheduled.learningRate).toBe(0.25);
    // The first update used the rate at numUpdate 1 (0.25): a step of exactly lr.
    expectValuesClose(a.value.dataSync(), [0.75, -1.25], 'scheduled step', 1e-6);
    const overwritten = Object.assign((n: number) => 1 / (1 + n), { baseLr: 1 });
    new Adam({ learningRate: 0.3, lrScheduler: overwritten });
    expect(overwritten.baseLr).toBe(0.3);
  });

  it('setLrMult / setWdMult by index or name; names not ending in _weight get no decay', () => {
    const [w, b] = weights() as [Parameter, Parameter];
    const optimizer = new Adam({
      learningRate: 0.1,
      wd: 0.5,
      paramIdx2name: { 0: 'fc_weight', 1: 'fc_bias' },
    });
    optimizer.setLrMult({ 0: 2 });
    const zero = tensor([0, 0]);
    optimizer.update(
      [0, 1],
      [w, b],
      [zero, zero],
      [optimizer.createState(0, w), optimizer.createState(1, b)],
    );
    // w: r = 0.5·w, first step moves by lr·2·sign(r); b: no wd, zero gradient, no change.
    expectValuesClose(w.value.dataSync(), [0.8, -0.8], 'weight with lr_mult 2 and wd', 1e-6);
    expectValuesClose(b.value.dataSync(), [1, -1], 'bias without wd', 1e-6);
    optimizer.setWdMult({ fc_bias: 1 });
    optimizer.setLearningRate(0.05);
    expect(optimizer.learningRate).toBe(0.05);
  });

  it('rejects mismatched lists and non-Parameter weights', () => {
    const optimizer = new Adam();
    const [a] = weights() as [Parameter];
    const state = optimizer.createState(0, a);
    expect(() => optimizer.step([0, 1], [a], [tensor([1, 1])], [state])).toThrow('has 1 entries');
    expect(() =>
      optimizer.update(0, tensor([1]) as unknown as Parameter, tensor([1]), state),
    ).toThrow('must be a Parameter');
  });
});
