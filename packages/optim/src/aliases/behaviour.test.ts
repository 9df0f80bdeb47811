// Purity, validation, masks, noise, lookahead and memory of the transforms and aliases.
import { dispose, memory, scope, type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { applyUpdates, chain } from '../base.js';
import {
  addDecayedWeights,
  addNoise,
  clip,
  lookahead,
  masked,
  scale,
  scaleByAdam,
  scaleByAmsgrad,
  scaleByLearningRate,
  scaleByRms,
  trace,
} from '../transforms/index.js';
import type { GradientTransformation, Params } from '../types.js';
import * as aliases from './index.js';

const params = () => ({
  dense: {
    weight: tensor([
      [1, -2],
      [3, 0.5],
    ]),
    bias: tensor([0.1, -0.1]),
  },
  norm: { gamma: tensor([1, 1]), beta: tensor([0, 0]) },
});
const grads = () => ({
  dense: {
    weight: tensor([
      [0.5, -1],
      [0.25, 2],
    ]),
    bias: tensor([1, -1]),
  },
  norm: { gamma: tensor([0.3, -0.3]), beta: tensor([0.2, 0.1]) },
});
const snapshot = (tree: unknown) =>
  JSON.stringify(tree, (_k, v) => (v?.dataSync ? Array.from(v.dataSync()) : v));

// biome-ignore lint/suspicious/noExplicitAny: any transform.
const every: [string, () => GradientTransformation<any>][] = [
  ['sgd', () => aliases.sgd(0.1, { momentum: 0.9, nesterov: true })],
  ['noisySgd', () => aliases.noisySgd(0.1)],
  ['signSgd', () => aliases.signSgd(0.1)],
  ['adam', () => aliases.adam(0.1)],
  ['adamw', () => aliases.adamw(0.1)],
  ['adamax', () => aliases.adamax(0.1)],
  ['adamaxw', () => aliases.adamaxw(0.1)],
  ['amsgrad', () => aliases.amsgrad(0.1)],
  ['nadam', () => aliases.nadam(0.1)],
  ['nadamw', () => aliases.nadamw(0.1)],
  ['radam', () => aliases.radam(0.1)],
  ['adabelief', () => aliases.adabelief(0.1)],
  ['yogi', () => aliases.yogi(0.1)],
  ['novograd', () => aliases.novograd(0.1, { weightDecay: 0.1 })],
  ['lion', () => aliases.lion(0.1)],
  ['lamb', () => aliases.lamb(0.1)],
  ['lars', () => aliases.lars(0.1)],
  ['adagrad', () => aliases.adagrad(0.1)],
  ['adadelta', () => aliases.adadelta(0.1)],
  ['rmsprop', () => aliases.rmsprop(0.1, { centered: true, momentum: 0.9 })],
  ['adafactor', () => aliases.adafactor(0.1, { momentum: 0.9, weightDecayRate: 0.1 })],
  ['fromage', () => aliases.fromage(0.1)],
  ['rprop', () => aliases.rprop(0.1)],
];

describe('purity', () => {
  it.each(every)(
    '%s: inputs unchanged, state frozen, same inputs give the same outputs',
    (_n, make) => {
      const t = make();
      const p = params();
      const g = grads();
      const state0 = t.init(p);
      const [, state1] = t.update(g, state0, p);
      const before = [snapshot(p), snapshot(g), snapshot(state0), snapshot(state1)];
      const [u2, state2] = t.update(g, state1, p);
      const [u2again, state2again] = t.update(g, state1, p);
      expect([snapshot(p), snapshot(g), snapshot(state0), snapshot(state1)]).toEqual(before);
      expect(snapshot(u2again)).toEqual(snapshot(u2));
      expect(snapshot(state2again)).toEqual(snapshot(state2));
      expect(Object.isFrozen(state2)).toBe(true);
    },
  );
});

describe('validation when a transform is built', () => {
  const cases: [() => unknown, RegExp][] = [
    [() => aliases.adam(-0.1), /scaleByLearningRate: argument 'learningRate' must be >= 0/],
    [() => aliases.adam(Number.NaN), /argument 'learningRate' must be a finite number/],
    [() => scaleByAdam({ b1: 1 }), /scaleByAdam: argument 'b1' must be in \[0, 1\)/],
    [() => aliases.adamw(0.1, { b2: -0.1 }), /scaleByAdam: argument 'b2' must be in \[0, 1\)/],
    [() => scaleByAmsgrad({ eps: -1 }), /scaleByAmsgrad: argument 'eps' must be >= 0/],
    [
      () => aliases.adamw(0.1, { weightDecay: -1 }),
      /addDecayedWeights: argument 'weightDecay' must be >= 0/,
    ],
    [() => trace(-0.5), /trace: argument 'decay' must be >= 0/],
    [
      () => scaleByRms({ decay: Number.POSITIVE_INFINITY }),
      /scaleByRms: argument 'decay' must be a finite/,
    ],
    [() => clip(-1), /clip: argument 'maxDelta' must be >= 0/],
    [
      () => aliases.adagrad(0.1, { learningRateDecay: -1 }),
      /adagrad: argument 'learningRateDecay'/,
    ],
    [() => lookahead(aliases.sgd(0.1), 0, 0.5), /lookahead: argument 'syncPeriod'/],
    [() => scaleByAmsgrad({ variant: 'other' as 'pytorch' }), /scaleByAmsgrad: argument 'variant'/],
  ];
  it.each(cases)('%#', (build, message) => {
    expect(build).toThrow(message);
  });

  it('transforms that need the parameters say so', () => {
    const t = aliases.adamw(0.1);
    expect(() => t.update(grads(), t.init(params()))).toThrow(
      /addDecayedWeights: argument 'params' must be passed to update/,
    );
  });
});

describe('masks', () => {
  const decayOf = (t: GradientTransformation<unknown>) => {
    const p = params();
    const [u] = t.update(grads(), t.init(p), p);
    return u as ReturnType<typeof grads>;
  };

  it('a predicate on the dotted path skips names containing beta or gamma', () => {
    const u = decayOf(
      addDecayedWeights({ weightDecay: 1, mask: (path) => !/beta|gamma/.test(path) }) as never,
    );
    expect(Array.from(u.dense.bias.dataSync())).toEqual([Math.fround(1.1), Math.fround(-1.1)]);
    expect(Array.from(u.norm.gamma.dataSync())).toEqual([Math.fround(0.3), Math.fround(-0.3)]);
  });

  it('a tree of booleans selects leaves, and masked state holds only those', () => {
    const mask = { dense: { weight: true, bias: false }, norm: { gamma: false, beta: false } };
    const t = masked(trace(0.9), mask);
    const state = t.init(params());
    expect(state.inner.trace).toEqual({
      dense: { bias: null, weight: expect.anything() },
      norm: { beta: null, gamma: null },
    });
    const [u] = t.update(grads(), state);
    expect((u as ReturnType<typeof grads>).dense.bias.toArray()).toEqual([1, -1]);
  });
});

describe('addNoise', () => {
  it('is a pure function of the seed and step, with the annealed variance', () => {
    const t = addNoise(0.5, 0.55, 7);
    const zeros = { w: tensor(new Array(4000).fill(0)) };
    const s0 = t.init(zeros);
    const [a] = t.update(zeros, s0);
    const [b] = t.update(zeros, s0);
    const values = Array.from((a as { w: Tensor }).w.dataSync());
    expect(values).toEqual(Array.from((b as { w: Tensor }).w.dataSync()));
    const variance = values.reduce((acc, x) => acc + x * x, 0) / values.length;
    expect(variance).toBeGreaterThan(0.45);
    expect(variance).toBeLessThan(0.55);
    expect(s0).toEqual({ count: 0, key: [0, 7] });
  });
});

describe('lookahead', () => {
  it('syncs the slow weights every syncPeriod steps', () => {
    const t = lookahead(aliases.sgd(0.5), 2, 0.5);
    let p: Params = { fast: { w: tensor([0]) }, slow: { w: tensor([0]) } };
    let state = t.init(p);
    const values: number[][] = [];
    for (let i = 0; i < 4; i++) {
      const [u, s] = t.update({ w: tensor([-1]) }, state, p);
      p = applyUpdates(p, u);
      state = s;
      const { fast, slow } = p as { fast: { w: Tensor }; slow: { w: Tensor } };
      values.push([fast.w.item() as number, slow.w.item() as number]);
    }
    // fast +0.5 per step; at each sync slow moves half way to fast and fast resets to it.
    expect(values).toEqual([
      [0.5, 0],
      [0.5, 0.5],
      [1, 0.5],
      [1, 1],
    ]);
  });
});

describe('memory', () => {
  it.each([
    ['adam', () => aliases.adam(0.01)],
    ['amsgrad', () => aliases.amsgrad(0.01)],
    ['rmsprop', () => aliases.rmsprop(0.01, { centered: true, momentum: 0.9 })],
    ['lamb', () => aliases.lamb(0.01)],
    ['adafactor', () => aliases.adafactor(0.01)],
    [
      'clip and scale',
      () =>
        chain(
          clip(1),
          scale(0.5),
          scaleByLearningRate((c) => 0.1 / (1 + c)),
        ),
    ],
    // biome-ignore lint/suspicious/noExplicitAny: any transform.
  ] as [string, () => GradientTransformation<any>][])(
    '%s: a 200-step loop keeps memory().tensors flat',
    (_n, make) => {
      const t = make();
      let p: Params = params();
      let state = t.init(p);
      let baseline = 0;
      for (let i = 0; i < 200; i++) {
        const [nextP, nextState] = scope(() => {
          const [u, s] = t.update(grads(), state, p);
          return [applyUpdates(p, u), s] as const;
        });
        dispose(p);
        dispose(state);
        p = nextP;
        state = nextState;
        if (i === 0) baseline = memory().tensors;
      }
      expect(memory().tensors).toBe(baseline);
      dispose(p);
      dispose(state);
    },
  );
});
