// The nn learning-rate schedules and list helpers against an independent float64 reference of
// MindSpore's documented formulas (fixtures/nn-lr-schedules.json, made by
// scripts/generate_lr_schedule_fixtures.py), plus closed-form identities.
import { tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import fixtures from '../../../../fixtures/nn-lr-schedules.json';
import { Parameter } from '../../../parameter/parameter.js';
import { Adam } from '../adam.js';
import { CosineDecayLR } from './cosine-decay-lr.js';
import {
  cosineDecayLr,
  exponentialDecayLr,
  inverseDecayLr,
  naturalExpDecayLr,
  piecewiseConstantLr,
  polynomialDecayLr,
  warmupLr,
} from './dynamic-lr.js';
import { ExponentialDecayLR } from './exponential-decay-lr.js';
import { InverseDecayLR } from './inverse-decay-lr.js';
import type { LearningRateSchedule } from './learning-rate-schedule.js';
import { NaturalExpDecayLR } from './natural-exp-decay-lr.js';
import { PolynomialDecayLR } from './polynomial-decay-lr.js';
import { WarmUpLR } from './warm-up-lr.js';

/** Float64 against float64: equal up to a few ulps of the formula's arithmetic. */
const near = (actual: number, expected: number, where: string) => {
  if (!(Math.abs(actual - expected) <= 1e-14 * Math.max(1, Math.abs(expected)))) {
    throw new Error(`${where}: got ${actual}, expected ${expected}`);
  }
};

// biome-ignore lint/suspicious/noExplicitAny: the helpers' argument lists differ; the fixture holds them.
type AnyFn = (...args: any[]) => number[];
const LISTS: Record<string, AnyFn> = {
  exponentialDecayLr,
  naturalExpDecayLr,
  inverseDecayLr,
  cosineDecayLr,
  polynomialDecayLr,
  warmupLr,
  piecewiseConstantLr,
};

// biome-ignore lint/suspicious/noExplicitAny: as above.
type AnySchedule = new (...args: any[]) => LearningRateSchedule;
const SCHEDULES: Record<string, AnySchedule> = {
  ExponentialDecayLR,
  NaturalExpDecayLR,
  InverseDecayLR,
  CosineDecayLR,
  PolynomialDecayLR,
  WarmUpLR,
};

describe('nn dynamic lr lists against the reference of the documented formulas', () => {
  it('covers every helper', () => {
    expect(new Set(fixtures.lists.map((c) => c.fn))).toEqual(new Set(Object.keys(LISTS)));
  });

  for (const c of fixtures.lists) {
    const label = `${c.fn}(${JSON.stringify(c.args).slice(1, -1)}${Object.keys(c.options).length > 0 ? `, ${JSON.stringify(c.options)}` : ''})`;
    it(label, () => {
      const hasOptions =
        c.fn !== 'piecewiseConstantLr' && c.fn !== 'cosineDecayLr' && c.fn !== 'warmupLr';
      const got = LISTS[c.fn]!(...c.args, ...(hasOptions ? [c.options] : []));
      expect(got).toHaveLength(c.expected.length);
      got.forEach((x, i) => {
        near(x, c.expected[i]!, `${label}[${i}]`);
      });
    });
  }
});

describe('nn LearningRateSchedule cells against the reference of the documented formulas', () => {
  it('covers every schedule', () => {
    expect(new Set(fixtures.schedules.map((c) => c.cls))).toEqual(new Set(Object.keys(SCHEDULES)));
  });

  for (const c of fixtures.schedules) {
    const label = `${c.cls}(${JSON.stringify(c.args).slice(1, -1)}${Object.keys(c.options).length > 0 ? `, ${JSON.stringify(c.options)}` : ''})`;
    it(label, () => {
      const hasOptions = c.cls !== 'CosineDecayLR' && c.cls !== 'WarmUpLR';
      const schedule = new SCHEDULES[c.cls]!(...c.args, ...(hasOptions ? [c.options] : []));
      c.steps.forEach((step, i) => {
        near(schedule.rate(step), c.expected[i]!, `${label} at step ${step}`);
        // Called as a cell (number or scalar-tensor step): the float32 rounding of the rate.
        const out = schedule(i % 2 === 0 ? step : tensor(step));
        expect(out.dtype).toBe('float32');
        expect(out.shape).toEqual([]);
        expect(out.item()).toBe(Math.fround(c.expected[i]!));
        out.dispose();
      });
    });
  }
});

describe('closed-form identities', () => {
  it('each cell at step k·stepPerEpoch equals its list helper at epoch k with decay in epochs', () => {
    const per = 3;
    const total = 8 * per;
    const pairs: [number[], LearningRateSchedule][] = [
      [exponentialDecayLr(0.1, 0.9, total, per, 2), new ExponentialDecayLR(0.1, 0.9, 2)],
      [
        inverseDecayLr(0.1, 0.5, total, per, 3, { isStair: true }),
        new InverseDecayLR(0.1, 0.5, 3, { isStair: true }),
      ],
      [cosineDecayLr(0.01, 0.1, total, per, 5), new CosineDecayLR(0.01, 0.1, 5)],
      [polynomialDecayLr(0.1, 0.01, total, per, 5, 2), new PolynomialDecayLR(0.1, 0.01, 5, 2)],
      [warmupLr(0.1, total, per, 4), new WarmUpLR(0.1, 4)],
    ];
    for (const [list, schedule] of pairs) {
      for (let step = 0; step < total; step++) {
        near(list[step]!, schedule.rate(Math.floor(step / per)), `step ${step}`);
      }
    }
  });

  it('endpoints: start at the initial rate, reach the end rate, stay there', () => {
    expect(new CosineDecayLR(0.01, 0.1, 4).rate(0)).toBe(0.1);
    near(new CosineDecayLR(0.01, 0.1, 4).rate(4), 0.01, 'cosine end');
    expect(new CosineDecayLR(0.01, 0.1, 4).rate(100)).toBe(new CosineDecayLR(0.01, 0.1, 4).rate(4));
    expect(new PolynomialDecayLR(0.1, 0.01, 4, 3).rate(0)).toBe(0.1);
    expect(new PolynomialDecayLR(0.1, 0.01, 4, 3).rate(9)).toBe(0.01);
    expect(new WarmUpLR(0.1, 5).rate(0)).toBe(0);
    expect(new WarmUpLR(0.1, 5).rate(50)).toBe(0.1);
    // Stairs: constant within a span of decaySteps, the smooth value at its start.
    for (let step = 0; step < 12; step++) {
      const start = 4 * Math.floor(step / 4);
      expect(new ExponentialDecayLR(0.1, 0.9, 4, { isStair: true }).rate(step)).toBe(
        new ExponentialDecayLR(0.1, 0.9, 4).rate(start),
      );
    }
    // Halving rate: exponential decay by 0.5 halves every decaySteps.
    near(new ExponentialDecayLR(0.8, 0.5, 3).rate(9), 0.1, 'halved three times');
    // Natural exponential decay is exponential decay with rate e^(−decayRate).
    near(
      new NaturalExpDecayLR(0.1, 0.7, 4).rate(5),
      new ExponentialDecayLR(0.1, Math.exp(-0.7), 4).rate(5),
      'natural = exponential of e^-r',
    );
    // polynomial with updateDecayEpoch restarts: span 2·⌈e/2⌉, so epochs 1, 3, 5 sit mid-span.
    const cyc = polynomialDecayLr(0.1, 0, 6, 1, 2, 1, { updateDecayEpoch: true });
    near(cyc[1]!, 0.05, 'e=1, span 2');
    near(cyc[3]!, 0.1 * (1 - 3 / 4), 'e=3, span 4');
    near(cyc[5]!, 0.1 * (1 - 5 / 6), 'e=5, span 6');
    expect(piecewiseConstantLr([3], [0.2])).toEqual([0.2, 0.2, 0.2]);
  });

  it('drives nn.Adam through its global step', () => {
    const w = new Parameter(tensor([1, 2]), 'w');
    const optimizer = new Adam([w], { learningRate: new WarmUpLR(0.1, 4) });
    for (let i = 0; i < 6; i++) {
      expect(optimizer.getLr()[0]).toBe(Math.fround((0.1 * Math.min(i, 4)) / 4));
      optimizer([tensor([1, 1])]);
    }
  });
});

describe('validation', () => {
  it('validates arguments', () => {
    expect(() => new ExponentialDecayLR(0.1, 0.9, 0)).toThrow(
      /decaySteps' must be an integer >= 1/,
    );
    expect(() => new CosineDecayLR(0.1, 0.01, 4)).toThrow(/maxLr' must be > minLr/);
    expect(() => new WarmUpLR(-1, 2)).toThrow(/learningRate' must be >= 0/);
    expect(() => new InverseDecayLR(0.1, 0.9, 4, { isStair: 1 as never })).toThrow(TypeError);
    expect(() => piecewiseConstantLr([2, 2], [0.1, 0.2])).toThrow(
      /milestone\[1\]' must be an integer >= 3/,
    );
    expect(() => piecewiseConstantLr([2, 5], [0.1])).toThrow(/length of milestone/);
    expect(() => exponentialDecayLr(0.1, 0.9, 0, 1, 1)).toThrow(/totalStep/);
  });
});
