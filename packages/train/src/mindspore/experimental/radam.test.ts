// optim.RAdam's own contract: PyTorch's defaults and the documented rectified update: plain
// momentum while ρₜ ≤ 5, the rectified Adam step after, checked step by step against the
// formula written out in plain numbers. With β2 = 0.9 the switch comes at the sixth step.
import { tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../../parameter/parameter.js';
import { RADAM_DEFAULTS, RAdam, type RAdamOptions } from './radam.js';
import { runSteps, START } from './testing/plain-steps.js';

const grads = Array.from({ length: 8 }, (_, k) => [
  Math.sin(k + 1) * 0.5,
  Math.cos(2 * k) * 0.3,
  k % 2 === 0 ? 1 : -0.2,
]);

type Full = { lr: number; betas: readonly [number, number]; eps: number; weightDecay: number };

/** ρₜ, the length of the approximated simple moving average. */
const rho = (b2: number, t: number) => 2 / (1 - b2) - 1 - (2 * t * b2 ** t) / (1 - b2 ** t);

/** RAdam's documented update on plain numbers, one parameter. */
function reference(h: Full): number[] {
  const [b1, b2] = h.betas;
  const rhoInf = 2 / (1 - b2) - 1;
  const theta = [...START];
  const m = [0, 0, 0];
  const v = [0, 0, 0];
  grads.forEach((raw, step) => {
    const t = step + 1;
    const rhoT = rho(b2, t);
    for (let i = 0; i < 3; i++) {
      const g = raw[i]! + h.weightDecay * theta[i]!;
      m[i] = b1 * m[i]! + (1 - b1) * g;
      v[i] = b2 * v[i]! + (1 - b2) * g * g;
      const mHat = m[i]! / (1 - b1 ** t);
      if (rhoT > 5) {
        const r = Math.sqrt(
          ((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT),
        );
        theta[i] =
          theta[i]! - (h.lr * mHat * r * Math.sqrt(1 - b2 ** t)) / (Math.sqrt(v[i]!) + h.eps);
      } else {
        theta[i] = theta[i]! - h.lr * mHat;
      }
    }
  });
  return theta;
}

function run(options: RAdamOptions): number[] {
  return runSteps((params) => new RAdam(params, options), grads);
}

describe('optim.RAdam', () => {
  it("has PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no decay", () => {
    const w = new Parameter(tensor([1]), 'w');
    expect(new RAdam([w]).paramGroups).toEqual([
      { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, params: [w] },
    ]);
  });

  it('the chosen β2 crosses ρₜ = 5 within the steps, so both branches run', () => {
    expect(rho(0.9, 5)).toBeLessThanOrEqual(5);
    expect(rho(0.9, 6)).toBeGreaterThan(5);
  });

  it.each([
    ['the defaults (momentum only over these steps)', {}],
    ['both branches', { lr: 0.1, betas: [0.8, 0.9] }],
    [
      'both branches, a large eps and coupled decay',
      { lr: 0.1, betas: [0.8, 0.9], eps: 0.1, weightDecay: 0.2 },
    ],
  ] as [string, RAdamOptions][])('steps as the formula: %s', (_name, options) => {
    const got = run(options);
    const want = reference({ ...RADAM_DEFAULTS, ...options } as Full);
    got.forEach((v, i) => {
      expect(v).toBeCloseTo(want[i]!, 5);
    });
  });
});
