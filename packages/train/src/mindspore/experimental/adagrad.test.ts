// optim.Adagrad's own contract: PyTorch's defaults (lr 1e-2, eps 1e-10 outside the root), the
// step size γ/(1 + (t−1)·η), the accumulator's starting value, maximize and coupled decay,
// checked step by step against the documented formula written out in plain numbers.
import { tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../../parameter/parameter.js';
import { ADAGRAD_DEFAULTS, Adagrad, type AdagradOptions } from './adagrad.js';
import { runSteps, START } from './testing/plain-steps.js';

const grads = [
  [0.1, -0.2, 0.3],
  [-2, 1.5, 0.6],
  [0.01, 0.02, -0.9],
  [0.05, 0, -0.25],
];

type Full = {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
};

/** Adagrad's documented update on plain numbers, one parameter. */
function reference(h: Full): number[] {
  const theta = [...START];
  const s = [0, 0, 0].map(() => h.initialAccumulatorValue);
  grads.forEach((raw, step) => {
    const t = step + 1;
    const rate = h.lr / (1 + (t - 1) * h.lrDecay);
    for (let i = 0; i < 3; i++) {
      const g = (h.maximize ? -raw[i]! : raw[i]!) + h.weightDecay * theta[i]!;
      s[i] = s[i]! + g * g;
      theta[i] = theta[i]! - (rate * g) / (Math.sqrt(s[i]!) + h.eps);
    }
  });
  return theta;
}

function run(options: AdagradOptions): number[] {
  return runSteps((params) => new Adagrad(params, options), grads);
}

describe('optim.Adagrad', () => {
  it("has PyTorch's defaults", () => {
    const w = new Parameter(tensor([1]), 'w');
    expect(new Adagrad([w]).paramGroups).toEqual([
      {
        lr: 1e-2,
        lrDecay: 0,
        weightDecay: 0,
        initialAccumulatorValue: 0,
        eps: 1e-10,
        maximize: false,
        params: [w],
      },
    ]);
  });

  it.each([
    ['the defaults', {}],
    ['a decaying rate', { lr: 0.5, lrDecay: 0.7 }],
    ['a started accumulator and a large eps', { lr: 0.5, initialAccumulatorValue: 0.3, eps: 0.2 }],
    ['maximize and coupled decay', { lr: 0.2, maximize: true, weightDecay: 0.1 }],
  ] as [string, AdagradOptions][])('steps as the formula: %s', (_name, options) => {
    const got = run(options);
    const want = reference({ ...ADAGRAD_DEFAULTS, ...options } as Full);
    got.forEach((v, i) => {
      expect(v).toBeCloseTo(want[i]!, 5);
    });
  });

  it('refuses a negative lrDecay or starting value, naming each', () => {
    const w = new Parameter(tensor([1]), 'w');
    for (const [options, argument, message] of [
      [{ lrDecay: -1 }, 'lrDecay', 'Adagrad: Invalid lr_decay value: -1.0'],
      [
        { initialAccumulatorValue: -0.5 },
        'initialAccumulatorValue',
        'Adagrad: Invalid initial_accumulator_value value: -0.5',
      ],
    ] as [AdagradOptions, string, string][]) {
      let error: unknown;
      try {
        new Adagrad([w], options);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValueError);
      expect((error as ValueError).argument).toBe(argument);
      expect((error as ValueError).message).toBe(message);
    }
  });
});
