import { tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../../parameter/parameter.js';
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
import { NaturalExpDecayLR } from './natural-exp-decay-lr.js';
import { PolynomialDecayLR } from './polynomial-decay-lr.js';
import { WarmUpLR } from './warm-up-lr.js';

const expectList = (actual: number[], expected: number[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((x, i) => {
    expect(x).toBeCloseTo(expected[i]!, 12);
  });
};

describe('nn learning-rate schedules (MindSpore formulas)', () => {
  it("the MindSpore docs' examples at global step 2", () => {
    const f32 = Math.fround;
    const at2 = (s: (step: number) => { item(): unknown }) => s(2).item();
    expect(at2(new ExponentialDecayLR(0.1, 0.9, 4, { isStair: true }))).toBe(f32(0.1));
    expect(at2(new NaturalExpDecayLR(0.1, 0.9, 4, { isStair: true }))).toBe(f32(0.1));
    expect(at2(new InverseDecayLR(0.1, 0.9, 4, { isStair: true }))).toBe(f32(0.1));
    expect(at2(new CosineDecayLR(0.01, 0.1, 4))).toBe(f32(0.055));
    expect(at2(new PolynomialDecayLR(0.1, 0.01, 4, 0.5))).toBe(f32(0.07363961030678928));
    expect(at2(new WarmUpLR(0.1, 2))).toBe(f32(0.1));
  });

  it('formulas over steps, with and without is_stair', () => {
    for (let step = 0; step < 12; step++) {
      const p = step / 4;
      const stair = Math.floor(p);
      expect(new ExponentialDecayLR(0.1, 0.9, 4).rate(step)).toBeCloseTo(0.1 * 0.9 ** p, 14);
      expect(new ExponentialDecayLR(0.1, 0.9, 4, { isStair: true }).rate(step)).toBeCloseTo(
        0.1 * 0.9 ** stair,
        14,
      );
      expect(new NaturalExpDecayLR(0.1, 0.5, 4).rate(step)).toBeCloseTo(
        0.1 * Math.exp(-0.5 * p),
        14,
      );
      expect(new InverseDecayLR(0.1, 0.5, 4, { isStair: true }).rate(step)).toBeCloseTo(
        0.1 / (1 + 0.5 * stair),
        14,
      );
      const q = Math.min(step, 4) / 4;
      expect(new CosineDecayLR(0.01, 0.1, 4).rate(step)).toBeCloseTo(
        0.01 + 0.045 * (1 + Math.cos(Math.PI * q)),
        14,
      );
      expect(new PolynomialDecayLR(0.1, 0.01, 4, 2).rate(step)).toBeCloseTo(
        0.09 * (1 - q) ** 2 + 0.01,
        14,
      );
      const cycle = step / (4 * Math.max(Math.ceil(step / 4), 1));
      expect(
        new PolynomialDecayLR(0.1, 0.01, 4, 2, { updateDecaySteps: true }).rate(step),
      ).toBeCloseTo(0.09 * (1 - cycle) ** 2 + 0.01, 14);
      expect(new WarmUpLR(0.1, 5).rate(step)).toBeCloseTo((0.1 * Math.min(step, 5)) / 5, 14);
    }
  });

  it('drives nn.Adam through its global step', () => {
    const w = new Parameter(tensor([1, 2]), 'w');
    const optimizer = new Adam([w], { learningRate: new WarmUpLR(0.1, 4) });
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) {
      seen.push(optimizer.getLr()[0]!);
      optimizer([tensor([1, 1])]);
    }
    expectList(seen, [0, 0.025, 0.05, 0.075, 0.1, 0.1].map(Math.fround));
  });

  it('validates arguments', () => {
    expect(() => new ExponentialDecayLR(0.1, 0.9, 0)).toThrow(
      /decaySteps' must be an integer >= 1/,
    );
    expect(() => new CosineDecayLR(0.1, 0.01, 4)).toThrow(/maxLr' must be > minLr/);
    expect(() => new WarmUpLR(-1, 2)).toThrow(/learningRate' must be >= 0/);
    expect(() => new InverseDecayLR(0.1, 0.9, 4, { isStair: 1 as never })).toThrow(TypeError);
  });
});

describe("nn dynamic lr lists (the MindSpore docs' examples)", () => {
  it('exponentialDecayLr, naturalExpDecayLr, inverseDecayLr', () => {
    expectList(exponentialDecayLr(0.1, 0.9, 6, 2, 1), [0.1, 0.1, 0.09, 0.09, 0.081, 0.081]);
    expectList(
      naturalExpDecayLr(0.1, 0.9, 6, 2, 2, { isStair: true }),
      [0.1, 0.1, 0.1, 0.1, 0.016529888822158657, 0.016529888822158657],
    );
    expectList(
      inverseDecayLr(0.1, 0.5, 6, 1, 1),
      [0.1, 0.06666666666666667, 0.05, 0.04, 0.03333333333333333, 0.028571428571428574],
    );
  });

  it('cosineDecayLr, polynomialDecayLr, warmupLr, piecewiseConstantLr', () => {
    expectList(cosineDecayLr(0.01, 0.1, 6, 2, 2), [0.1, 0.1, 0.055, 0.055, 0.01, 0.01]);
    expectList(
      polynomialDecayLr(0.1, 0.01, 6, 2, 2, 0.5),
      [0.1, 0.1, 0.07363961030678928, 0.07363961030678928, 0.01, 0.01],
    );
    // update_decay_epoch: decay_epoch grows to 4 at epoch 3 and to 8 at epoch 5 (and stays).
    expectList(
      polynomialDecayLr(0.1, 0.01, 6, 1, 2, 1, { updateDecayEpoch: true }),
      [0.1, 0.055, 0.01, 0.0325, 0.01, 0.04375],
    );
    expectList(naturalExpDecayLr(0.1, 0.5, 3, 1, 2), [
      0.1,
      0.1 * Math.exp(-0.5),
      0.1 * Math.exp(-1),
    ]);
    expectList(warmupLr(0.1, 6, 2, 2), [0, 0, 0.05, 0.05, 0.1, 0.1]);
    expect(piecewiseConstantLr([2, 5, 10], [0.1, 0.05, 0.01])).toEqual([
      0.1, 0.1, 0.05, 0.05, 0.05, 0.01, 0.01, 0.01, 0.01, 0.01,
    ]);
    expect(() => piecewiseConstantLr([2, 2], [0.1, 0.2])).toThrow(
      /milestone\[1\]' must be an integer >= 3/,
    );
  });
});
