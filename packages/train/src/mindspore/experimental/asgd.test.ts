// optim.ASGD's own contract: PyTorch's defaults and its update θ ← θ·(1 − λ·ηₜ) − ηₜ·g with
// ηₜ = lr/(1 + λ·lr·(t−1))^α, maximize and coupled decay, checked step by step against the
// formula written out in plain numbers; t0 (when PyTorch starts averaging a copy it never
// steps with) leaves the parameters alone.
import { tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../../parameter/parameter.js';
import { ASGD, type ASGDOptions } from './asgd.js';
import { runSteps, START } from './testing/plain-steps.js';

const grads = [
  [0.1, -0.2, 0.3],
  [-2, 1.5, 0.6],
  [0.01, 0.02, -0.9],
  [0.05, 0, -0.25],
];
const defaults = { lr: 1e-2, lambd: 1e-4, alpha: 0.75, t0: 1e6, weightDecay: 0, maximize: false };

/** ASGD's update on plain numbers, one parameter. */
function reference(h: typeof defaults): number[] {
  const theta = [...START];
  grads.forEach((raw, step) => {
    const t = step + 1;
    const eta = h.lr / (1 + h.lambd * h.lr * (t - 1)) ** h.alpha;
    for (let i = 0; i < 3; i++) {
      const g = (h.maximize ? -raw[i]! : raw[i]!) + h.weightDecay * theta[i]!;
      theta[i] = theta[i]! * (1 - h.lambd * eta) - eta * g;
    }
  });
  return theta;
}

function run(options: ASGDOptions): number[] {
  return runSteps((params) => new ASGD(params, options), grads);
}

describe('optim.ASGD', () => {
  it("has PyTorch's defaults", () => {
    const w = new Parameter(tensor([1]), 'w');
    expect(new ASGD([w]).paramGroups).toEqual([{ ...defaults, params: [w] }]);
  });

  it.each([
    ['the defaults', {}],
    ['a strong decay term and a fast-falling step', { lr: 0.2, lambd: 0.5, alpha: 2 }],
    ['maximize and coupled decay', { lr: 0.2, lambd: 0.3, maximize: true, weightDecay: 0.1 }],
  ] as [string, ASGDOptions][])('steps as the formula: %s', (_name, options) => {
    const got = run(options);
    const want = reference({ ...defaults, ...options } as typeof defaults);
    got.forEach((v, i) => {
      expect(v).toBeCloseTo(want[i]!, 5);
    });
  });

  it('steps the same whatever t0', () => {
    const options = { lr: 0.2, lambd: 0.5 };
    const want = reference({ ...defaults, ...options });
    for (const t0 of [0, 2, 1e6]) {
      run({ ...options, t0 }).forEach((v, i) => {
        expect(v).toBeCloseTo(want[i]!, 5);
      });
    }
  });

  it('refuses options that are no numbers, naming them', () => {
    const w = new Parameter(tensor([1]), 'w');
    expect(() => new ASGD([w], { lambd: '1e-4' as never })).toThrow(
      `ASGD: argument 'lambd' must be a number, got "1e-4"`,
    );
    expect(() => new ASGD([w], { t0: null as never })).toThrow(
      "ASGD: argument 't0' must be a number, got null",
    );
  });
});
