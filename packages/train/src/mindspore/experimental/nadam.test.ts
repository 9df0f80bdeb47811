// optim.NAdam's own contract: PyTorch's defaults (lr 2e-3, momentum decay 4e-3) and the
// documented update with its momentum schedule μₜ = β1·(1 − ½·0.96^(tψ)) and the product Πₜ
// (torch 2.0's: Πₜ·μₜ₊₁ for the next step), checked step by step against the formula written
// out in plain numbers.
import { tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../../parameter/parameter.js';
import { NADAM_DEFAULTS, NAdam, type NAdamOptions } from './nadam.js';
import { runSteps, START } from './testing/plain-steps.js';

const grads = [
  [0.1, -0.2, 0.3],
  [-2, 1.5, 0.6],
  [0.01, 0.02, -0.9],
  [0.05, 0, -0.25],
  [0.3, -0.3, 0.1],
];

type Full = {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
  momentumDecay: number;
};

/** NAdam's documented update on plain numbers, one parameter. */
function reference(h: Full): number[] {
  const [b1, b2] = h.betas;
  const mu = (t: number) => b1 * (1 - 0.5 * 0.96 ** (t * h.momentumDecay));
  const theta = [...START];
  const m = [0, 0, 0];
  const v = [0, 0, 0];
  let product = 1;
  grads.forEach((raw, step) => {
    const t = step + 1;
    const muT = mu(t);
    const muNext = mu(t + 1);
    product *= muT;
    for (let i = 0; i < 3; i++) {
      const g = raw[i]! + h.weightDecay * theta[i]!;
      m[i] = b1 * m[i]! + (1 - b1) * g;
      v[i] = b2 * v[i]! + (1 - b2) * g * g;
      const d = Math.sqrt(v[i]! / (1 - b2 ** t)) + h.eps;
      const direction = ((1 - muT) / (1 - product)) * g + (muNext / (1 - product * muNext)) * m[i]!;
      theta[i] = theta[i]! - (h.lr * direction) / d;
    }
  });
  return theta;
}

function run(options: NAdamOptions): number[] {
  return runSteps((params) => new NAdam(params, options), grads);
}

describe('optim.NAdam', () => {
  it("has PyTorch's defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, momentum decay 4e-3", () => {
    const w = new Parameter(tensor([1]), 'w');
    expect(new NAdam([w]).paramGroups).toEqual([
      {
        lr: 2e-3,
        betas: [0.9, 0.999],
        eps: 1e-8,
        weightDecay: 0,
        momentumDecay: 4e-3,
        params: [w],
      },
    ]);
  });

  it.each([
    ['the defaults', {}],
    ['a fast momentum schedule', { lr: 0.1, momentumDecay: 0.5 }],
    ['other betas and eps', { lr: 0.1, betas: [0.7, 0.9], eps: 0.05 }],
    ['coupled decay', { lr: 0.05, weightDecay: 0.2 }],
  ] as [string, NAdamOptions][])('steps as the formula: %s', (_name, options) => {
    const got = run(options);
    const want = reference({ ...NADAM_DEFAULTS, ...options } as Full);
    got.forEach((v, i) => {
      expect(v).toBeCloseTo(want[i]!, 5);
    });
  });

  it('refuses a negative momentum decay, naming momentumDecay', () => {
    const w = new Parameter(tensor([1]), 'w');
    let error: unknown;
    try {
      new NAdam([w], { momentumDecay: -1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValueError);
    expect((error as ValueError).argument).toBe('momentumDecay');
    expect((error as ValueError).message).toBe('NAdam: Invalid momentum_decay value: -1.0');
  });
});
