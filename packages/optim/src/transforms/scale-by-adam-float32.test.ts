// MindSpore's two Adam variants against their formulas with float32 constants (Math.fround),
// and the moment helpers against their definitions.
import { type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { biasCorrection, updateInfinityMoment, updateMoment } from './moments.js';
import {
  scaleByAdamFoldedBiasCorrection,
  scaleByAdamWithoutBiasCorrection,
} from './scale-by-adam-float32.js';

const f = Math.fround;
const w = (u: unknown) => Array.from((u as { w: Tensor }).w.dataSync());

describe('float32 Adam variants', () => {
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  const g1 = [0.5, -2];
  const g2 = [1, 0.25];

  it('folds the bias correction into the learning rate (nn.Adam), Nesterov too', () => {
    for (const nesterov of [false, true]) {
      const t = scaleByAdamFoldedBiasCorrection((count) => 0.1 / (count + 1), {
        b1,
        b2,
        eps,
        nesterov,
      });
      let state = t.init({ w: tensor([1, 1]) });
      let [m, v, p1, p2] = [[0, 0], [0, 0], 1, 1];
      for (const [step, g] of [g1, g2].entries()) {
        p1 = f(p1 * f(b1));
        p2 = f(p2 * f(b2));
        const l = (0.1 / (step + 1)) * (Math.sqrt(1 - p2) / (1 - p1));
        m = m.map((mi, i) => f(b1) * mi + f(1 - f(b1)) * g[i]!);
        v = v.map((vi, i) => f(b2) * vi + f(1 - f(b2)) * g[i]! ** 2);
        const expected = m.map((mi, i) => {
          const numerator = nesterov ? f(b1) * mi + f(1 - f(b1)) * g[i]! : mi;
          return (-l * numerator) / (Math.sqrt(v[i]!) + eps);
        });
        const [u, next] = t.update({ w: tensor(g) }, state);
        for (const [i, value] of w(u).entries()) expect(value).toBeCloseTo(expected[i]!, 6);
        expect(next.count).toBe(step + 1);
        expect(next.beta1Power).toBe(p1);
        state = next;
      }
    }
  });

  it('leaves the moments uncorrected (nn.AdamWeightDecay)', () => {
    const t = scaleByAdamWithoutBiasCorrection({ b1, b2, eps: 1e-6 });
    const [u] = t.update({ w: tensor(g1) }, t.init({ w: tensor([0, 0]) }));
    const expected = g1.map((g) => (f(1 - f(b1)) * g) / (Math.sqrt(f(1 - f(b2)) * g * g) + 1e-6));
    for (const [i, value] of w(u).entries()) expect(value).toBeCloseTo(expected[i]!, 5);
  });

  it('refuses a learning rate that is not a schedule, and bad decays', () => {
    expect(() => scaleByAdamFoldedBiasCorrection(0.1 as never, { b1, b2, eps })).toThrow(TypeError);
    expect(() => scaleByAdamWithoutBiasCorrection({ b1: 1, b2, eps })).toThrow(/argument 'b1'/);
  });
});

describe('moment helpers', () => {
  const values = (t: Tensor) => Array.from(t.dataSync());
  it('updateMoment, updateInfinityMoment and biasCorrection follow their definitions', () => {
    expect(values(updateMoment(tensor([1, 2]), tensor([3, -4]), 0.5))).toEqual([2, -1]);
    expect(values(updateInfinityMoment(tensor([2, 1]), tensor([-1, -3]), 0.5))).toEqual([1, 3]);
    expect(values(updateInfinityMoment(tensor([2]), tensor([0.5]), 0.5, 0.75))).toEqual([1.25]);
    expect(values(biasCorrection(tensor([0.2, 0.4]), 0.5, 2))).toEqual(
      [0.2 / 0.75, 0.4 / 0.75].map(f),
    );
  });
});
