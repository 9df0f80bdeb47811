// The schedulers' factors against the formulas they stand for (PyTorch's closed forms), and
// each closed-form scheduler's jump `step(epoch)` against stepping there one epoch at a time.
import { tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../../../parameter/parameter.js';
import { SGD } from '../sgd.js';
import { ConstantLR } from './constant-lr.js';
import { CosineAnnealingLR } from './cosine-annealing-lr.js';
import { ExponentialLR } from './exponential-lr.js';
import { cosineFactor, decayFactor } from './factors.js';
import { LinearLR } from './linear-lr.js';
import type { LRScheduler, SchedulableOptimizer } from './lr-scheduler.js';
import { MultiStepLR } from './multi-step-lr.js';
import { PolynomialLR } from './polynomial-lr.js';
import { StepLR } from './step-lr.js';

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

describe('factors', () => {
  it('cosineFactor is ½(1 + cos(π·t/T)) for every t, past T and 2T too', () => {
    for (const period of [1, 3, 6, 10]) {
      for (let t = 0; t <= 5 * period; t += 0.5) {
        const expected = 0.5 * (1 + Math.cos((Math.PI * t) / period));
        expect(close(cosineFactor(t, period), expected), `t ${t} T ${period}`).toBe(true);
      }
    }
  });

  it('decayFactor is γ^(t/k), floored with staircase, and 0 after the first decay when γ = 0', () => {
    for (let t = 0; t < 12; t++) {
      expect(close(decayFactor(3, 0.7, true)(t), 0.7 ** Math.floor(t / 3))).toBe(true);
      expect(close(decayFactor(1, 0.9, false)(t), 0.9 ** t)).toBe(true);
      expect(decayFactor(3, 0, true)(t)).toBe(t < 3 ? 1 : 0);
      expect(decayFactor(1, 0, false)(t)).toBe(t === 0 ? 1 : 0);
    }
  });
});

const closedForms: [string, (o: SchedulableOptimizer) => LRScheduler, number][] = [
  ['StepLR', (o) => new StepLR(o, 3, { gamma: 0.5 }), 20],
  ['MultiStepLR', (o) => new MultiStepLR(o, [2, 5, 5, 9], { gamma: 0.3 }), 20],
  ['ExponentialLR', (o) => new ExponentialLR(o, 0.9), 20],
  ['ConstantLR', (o) => new ConstantLR(o, { factor: 0.5, totalIters: 4 }), 20],
  ['LinearLR', (o) => new LinearLR(o, { startFactor: 0.25, endFactor: 0.9, totalIters: 6 }), 20],
  ['PolynomialLR', (o) => new PolynomialLR(o, { totalIters: 8, power: 2 }), 20],
  // Past tMax too: PyTorch's cosine rises again, recursively and in closed form alike.
  ['CosineAnnealingLR', (o) => new CosineAnnealingLR(o, 6, { etaMin: 0.01 }), 30],
];

describe.each(closedForms)('%s: step(epoch) jumps where stepping goes', (_name, make, epochs) => {
  it('agrees at every epoch', () => {
    const optimizer = () =>
      new SGD(
        [
          { params: [new Parameter(tensor([0]), 'a')] },
          { params: [new Parameter(tensor([0]), 'b')], lr: 0.05 },
        ],
        { lr: 0.1 },
      );
    const stepped = make(optimizer());
    for (let epoch = 1; epoch <= epochs; epoch++) {
      stepped.step();
      const jumped = make(optimizer());
      jumped.step(epoch);
      const a = stepped.getLastLr();
      const b = jumped.getLastLr();
      a.forEach((lr, i) => {
        expect(close(lr, b[i]!), `epoch ${epoch} group ${i}: ${lr} vs ${b[i]}`).toBe(true);
      });
    }
  });
});
