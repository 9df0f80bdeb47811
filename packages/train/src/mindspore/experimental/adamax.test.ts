// optim.Adamax's own contract: PyTorch's defaults (lr 2e-3), and the documented update with its
// infinity norm u ← max(β2·u, |g| + ε), maximize and coupled decay, checked step by step
// against the formula written out in plain numbers.
import { tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../../parameter/parameter.js';
import { ADAMAX_DEFAULTS, Adamax, type AdamaxOptions } from './adamax.js';
import { runSteps, START } from './testing/plain-steps.js';

// Large, then small gradients: u keeps the decayed maximum, not the latest |g|.
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
  maximize: boolean;
};

/** Adamax's documented update on plain numbers, one parameter. */
function reference(h: Full): number[] {
  const [b1, b2] = h.betas;
  const theta = [...START];
  const m = [0, 0, 0];
  const u = [0, 0, 0];
  grads.forEach((raw, step) => {
    const t = step + 1;
    for (let i = 0; i < 3; i++) {
      const g = (h.maximize ? -raw[i]! : raw[i]!) + h.weightDecay * theta[i]!;
      m[i] = b1 * m[i]! + (1 - b1) * g;
      u[i] = Math.max(b2 * u[i]!, Math.abs(g) + h.eps);
      theta[i] = theta[i]! - (h.lr * m[i]!) / ((1 - b1 ** t) * u[i]!);
    }
  });
  return theta;
}

function run(options: AdamaxOptions): number[] {
  return runSteps((params) => new Adamax(params, options), grads);
}

describe('optim.Adamax', () => {
  it("has PyTorch's defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, no decay", () => {
    const w = new Parameter(tensor([1]), 'w');
    expect(new Adamax([w]).paramGroups).toEqual([
      { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false, params: [w] },
    ]);
  });

  it.each([
    ['the defaults', {}],
    ['a fast-forgetting norm', { lr: 0.1, betas: [0.5, 0.6] }],
    ['a large eps', { lr: 0.1, eps: 0.5 }],
    ['maximize and coupled decay', { lr: 0.05, maximize: true, weightDecay: 0.2 }],
  ] as [string, AdamaxOptions][])('steps as the formula: %s', (_name, options) => {
    const got = run(options);
    const want = reference({ ...ADAMAX_DEFAULTS, ...options } as Full);
    got.forEach((v, i) => {
      expect(v).toBeCloseTo(want[i]!, 5);
    });
  });

  it('refuses a maximize that is no boolean', () => {
    const w = new Parameter(tensor([1]), 'w');
    expect(() => new Adamax([w], { maximize: 0 as never })).toThrow(
      "Adamax: argument 'maximize' must be a boolean, got 0",
    );
  });
});
