// optim.AdamW's own contract: Adam's defaults but a weight decay of 1e-2, and the decoupled
// decay θ ← θ − γλθ beside Adam's step (never fed into the moments), with and without AMSGrad,
// checked step by step against the formula written out in plain numbers.
import { tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../../parameter/parameter.js';
import type { AdamOptions } from './adam.js';
import { AdamW } from './adamw.js';
import { runSteps, START } from './testing/plain-steps.js';

const grads = [
  [0.1, -0.2, 0.3],
  [-2, 1.5, 0.6],
  [0.01, 0.02, -0.9],
  [0.05, 0, -0.25],
];
const defaults = {
  lr: 1e-3,
  betas: [0.9, 0.999] as const,
  eps: 1e-8,
  weightDecay: 1e-2,
  amsgrad: false,
  maximize: false,
};

/** AdamW's documented update on plain numbers, one parameter. */
function reference(h: typeof defaults): number[] {
  const [b1, b2] = h.betas;
  const theta = [...START];
  const m = [0, 0, 0];
  const v = [0, 0, 0];
  const vHatMax = [0, 0, 0];
  grads.forEach((raw, step) => {
    const t = step + 1;
    for (let i = 0; i < 3; i++) {
      const g = h.maximize ? -raw[i]! : raw[i]!;
      theta[i] = theta[i]! - h.lr * h.weightDecay * theta[i]!;
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
  return runSteps((params) => new AdamW(params, options), grads);
}

describe('optim.AdamW', () => {
  it("has Adam's defaults with a weight decay of 1e-2", () => {
    const w = new Parameter(tensor([1]), 'w');
    expect(new AdamW([w]).paramGroups).toEqual([{ ...defaults, params: [w] }]);
  });

  it.each([
    ['the defaults', {}],
    ['a strong decay', { lr: 0.1, weightDecay: 0.5 }],
    ['AMSGrad with decay', { lr: 0.1, weightDecay: 0.3, amsgrad: true }],
    ['maximize', { lr: 0.05, maximize: true, eps: 0.1 }],
    ['no decay', { lr: 0.1, weightDecay: 0 }],
  ] as [string, AdamOptions][])('steps as the formula: %s', (_name, options) => {
    const got = run(options);
    const want = reference({ ...defaults, ...options } as typeof defaults);
    got.forEach((v, i) => {
      expect(v).toBeCloseTo(want[i]!, 5);
    });
  });

  it('shrinks a parameter with zero gradient by exactly 1 − γλ per step', () => {
    const w = new Parameter(tensor([2, -4]), 'w');
    const optimizer = new AdamW([w], { lr: 0.1, weightDecay: 0.5 });
    for (let k = 0; k < 3; k++) optimizer([tensor([0, 0])]);
    const factor = (1 - 0.1 * 0.5) ** 3;
    const got = Array.from(w.value.dataSync());
    expect(got[0]).toBeCloseTo(2 * factor, 6);
    expect(got[1]).toBeCloseTo(-4 * factor, 6);
  });

  it('refuses a negative weight decay, naming weightDecay', () => {
    const w = new Parameter(tensor([1]), 'w');
    let error: unknown;
    try {
      new AdamW([w], { weightDecay: -0.01 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValueError);
    expect((error as ValueError).argument).toBe('weightDecay');
    expect((error as ValueError).message).toBe('AdamW: Invalid weight_decay value: -0.01');
  });
});
