// optim.Adadelta's own contract: PyTorch's defaults (lr 1, ρ 0.9, eps 1e-6 inside both roots),
// ρ's closed range [0, 1], maximize and coupled decay, checked step by step against the
// documented formula written out in plain numbers.
import { tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../../parameter/parameter.js';
import { ADADELTA_DEFAULTS, Adadelta, type AdadeltaOptions } from './adadelta.js';
import { runSteps, START } from './testing/plain-steps.js';

const grads = [
  [0.1, -0.2, 0.3],
  [-2, 1.5, 0.6],
  [0.01, 0.02, -0.9],
  [0.05, 0, -0.25],
];

type Full = { lr: number; rho: number; eps: number; weightDecay: number; maximize: boolean };

/** Adadelta's documented update on plain numbers, one parameter. */
function reference(h: Full): number[] {
  const theta = [...START];
  const v = [0, 0, 0];
  const u = [0, 0, 0];
  for (const raw of grads) {
    for (let i = 0; i < 3; i++) {
      const g = (h.maximize ? -raw[i]! : raw[i]!) + h.weightDecay * theta[i]!;
      v[i] = h.rho * v[i]! + (1 - h.rho) * g * g;
      const delta = (Math.sqrt(u[i]! + h.eps) / Math.sqrt(v[i]! + h.eps)) * g;
      u[i] = h.rho * u[i]! + (1 - h.rho) * delta * delta;
      theta[i] = theta[i]! - h.lr * delta;
    }
  }
  return theta;
}

function run(options: AdadeltaOptions): number[] {
  return runSteps((params) => new Adadelta(params, options), grads);
}

describe('optim.Adadelta', () => {
  it("has PyTorch's defaults", () => {
    const w = new Parameter(tensor([1]), 'w');
    expect(new Adadelta([w]).paramGroups).toEqual([
      { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false, params: [w] },
    ]);
  });

  it.each([
    ['the defaults', {}],
    ['a fast average and a large eps', { rho: 0.5, eps: 0.01 }],
    ['ρ = 0 (only the latest gradient)', { rho: 0, eps: 0.01, lr: 0.5 }],
    ['maximize and coupled decay', { lr: 0.5, maximize: true, weightDecay: 0.1, eps: 0.01 }],
  ] as [string, AdadeltaOptions][])('steps as the formula: %s', (_name, options) => {
    const got = run(options);
    const want = reference({ ...ADADELTA_DEFAULTS, ...options } as Full);
    got.forEach((v, i) => {
      expect(v).toBeCloseTo(want[i]!, 5);
    });
  });

  it('takes ρ = 1 and refuses ρ above 1, naming rho', () => {
    const w = new Parameter(tensor([1]), 'w');
    expect(new Adadelta([w], { rho: 1 }).paramGroups[0]!.rho).toBe(1);
    let error: unknown;
    try {
      new Adadelta([w], { rho: 1.1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValueError);
    expect((error as ValueError).argument).toBe('rho');
    expect((error as ValueError).message).toBe('Adadelta: Invalid rho value: 1.1');
  });
});
