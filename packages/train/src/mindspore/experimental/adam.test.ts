// optim.Adam's own contract: MindSpore's (PyTorch's) defaults, the documented update with
// and without AMSGrad (the maximum over v̂), maximize and coupled weight decay, checked step by
// step against the formula written out in plain numbers, and its option errors.
import { tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../../parameter/parameter.js';
import { ADAM_DEFAULTS, Adam, type AdamOptions } from './adam.js';
import { runSteps, START } from './testing/plain-steps.js';

// The third gradient is small where the second was large, so v̂ falls and AMSGrad's maximum
// differs from v̂.
const grads = [
  [0.1, -0.2, 0.3],
  [-2, 1.5, 0.6],
  [0.01, 0.02, -0.9],
  [0.05, 0, -0.25],
];

type Full = {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
};

/** Adam's documented update on plain numbers, one parameter. */
function reference(h: Full): number[] {
  const [b1, b2] = h.betas;
  const theta = [...START];
  const m = [0, 0, 0];
  const v = [0, 0, 0];
  const vHatMax = [0, 0, 0];
  grads.forEach((raw, step) => {
    const t = step + 1;
    for (let i = 0; i < 3; i++) {
      const g = (h.maximize ? -raw[i]! : raw[i]!) + h.weightDecay * theta[i]!;
      m[i] = b1 * m[i]! + (1 - b1) * g;
      v[i] = b2 * v[i]! + (1 - b2) * g * g;
      const mHat = m[i]! / (1 - b1 ** t);
      let vHat = v[i]! / (1 - b2 ** t);
      if (h.amsgrad) {
        vHatMax[i] = Math.max(vHatMax[i]!, vHat);
        vHat = vHatMax[i]!;
      }
      theta[i] = theta[i]! - (h.lr * mHat) / (Math.sqrt(vHat) + h.eps);
    }
  });
  return theta;
}

function run(options: AdamOptions): number[] {
  return runSteps((params) => new Adam(params, options), grads);
}

describe('optim.Adam', () => {
  it('has the documented defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no decay', () => {
    const w = new Parameter(tensor([1]), 'w');
    expect(new Adam([w]).paramGroups).toEqual([
      {
        lr: 1e-3,
        betas: [0.9, 0.999],
        eps: 1e-8,
        weightDecay: 0,
        amsgrad: false,
        maximize: false,
        params: [w],
      },
    ]);
    expect(new Adam([w], 0.5).paramGroups[0]!.lr).toBe(0.5);
  });

  it.each([
    ['the defaults', {}],
    ['a larger rate and other betas', { lr: 0.1, betas: [0.8, 0.99], eps: 1e-6 }],
    ['a large eps', { lr: 0.1, eps: 0.1 }],
    ['AMSGrad', { lr: 0.1, amsgrad: true }],
    ['maximize and coupled weight decay', { lr: 0.05, maximize: true, weightDecay: 0.1 }],
  ] as [string, AdamOptions][])('steps as the formula: %s', (_name, options) => {
    const got = run(options);
    const want = reference({ ...ADAM_DEFAULTS, ...options } as Full);
    got.forEach((v, i) => {
      expect(v).toBeCloseTo(want[i]!, 5);
    });
  });

  it('AMSGrad changes the result of this trajectory (v̂ falls at the third step)', () => {
    const plain = reference({ ...ADAM_DEFAULTS, lr: 0.1 } as Full);
    const ams = reference({ ...ADAM_DEFAULTS, lr: 0.1, amsgrad: true } as Full);
    expect(Math.abs(plain[0]! - ams[0]!)).toBeGreaterThan(1e-3);
  });

  it('refuses options of the wrong type, naming them', () => {
    const w = new Parameter(tensor([1]), 'w');
    expect(() => new Adam([w], { amsgrad: 1 as never })).toThrow(
      "Adam: argument 'amsgrad' must be a boolean, got 1",
    );
    expect(() => new Adam([w], { maximize: 'no' as never })).toThrow(
      `Adam: argument 'maximize' must be a boolean, got "no"`,
    );
    let error: unknown;
    try {
      new Adam([w], { betas: [0.9, 1] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValueError);
    expect((error as ValueError).argument).toBe('betas');
    expect((error as ValueError).message).toBe('Adam: Invalid beta parameter at index 1: 1.0');
  });
});
