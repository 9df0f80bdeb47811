// optim.RMSprop's own contract: PyTorch's defaults (lr 1e-2, α 0.99, eps outside the root),
// plain, centered and with momentum, checked step by step against the documented formula
// written out in plain numbers, including a learning rate changed between steps (the
// momentum buffer holds g/d, so the new rate scales all of it).
import { tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../../parameter/parameter.js';
import { RMSPROP_DEFAULTS, RMSprop, type RMSpropOptions } from './rmsprop.js';
import { START } from './testing/plain-steps.js';

const grads = [
  [0.1, -0.2, 0.3],
  [-2, 1.5, 0.6],
  [0.01, 0.02, -0.9],
  [0.05, 0, -0.25],
];

type Full = {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
};

/** RMSprop's documented update on plain numbers, one parameter; `rates` per step. */
function reference(h: Full, rates: readonly number[]): number[] {
  const theta = [...START];
  const v = [0, 0, 0];
  const mean = [0, 0, 0];
  const buffer = [0, 0, 0];
  grads.forEach((raw, step) => {
    const lr = rates[step]!;
    for (let i = 0; i < 3; i++) {
      const g = (h.maximize ? -raw[i]! : raw[i]!) + h.weightDecay * theta[i]!;
      v[i] = h.alpha * v[i]! + (1 - h.alpha) * g * g;
      let d: number;
      if (h.centered) {
        mean[i] = h.alpha * mean[i]! + (1 - h.alpha) * g;
        d = Math.sqrt(v[i]! - mean[i]! ** 2) + h.eps;
      } else {
        d = Math.sqrt(v[i]!) + h.eps;
      }
      if (h.momentum > 0) {
        buffer[i] = h.momentum * buffer[i]! + g / d;
        theta[i] = theta[i]! - lr * buffer[i]!;
      } else {
        theta[i] = theta[i]! - (lr * g) / d;
      }
    }
  });
  return theta;
}

function run(options: RMSpropOptions, rates?: readonly number[]): number[] {
  const w = new Parameter(tensor([...START]), 'w');
  const optimizer = new RMSprop([w], options);
  grads.forEach((g, k) => {
    if (rates !== undefined) optimizer.paramGroups[0]!.lr = rates[k]!;
    optimizer([tensor(g)]);
  });
  return Array.from(w.value.dataSync());
}

function expectClose(got: readonly number[], want: readonly number[]) {
  got.forEach((v, i) => {
    expect(v).toBeCloseTo(want[i]!, 5);
  });
}

describe('optim.RMSprop', () => {
  it("has PyTorch's defaults", () => {
    const w = new Parameter(tensor([1]), 'w');
    expect(new RMSprop([w]).paramGroups).toEqual([{ ...RMSPROP_DEFAULTS, params: [w] }]);
    expect(RMSPROP_DEFAULTS).toEqual({
      lr: 1e-2,
      alpha: 0.99,
      eps: 1e-8,
      weightDecay: 0,
      momentum: 0,
      centered: false,
      maximize: false,
    });
  });

  it.each([
    ['the defaults', {}],
    ['a fast average and a large eps', { lr: 0.1, alpha: 0.5, eps: 0.1 }],
    ['centered', { lr: 0.05, alpha: 0.8, centered: true }],
    ['momentum', { lr: 0.05, momentum: 0.9 }],
    [
      'centered with momentum, decay and maximize',
      {
        lr: 0.05,
        alpha: 0.8,
        centered: true,
        momentum: 0.5,
        weightDecay: 0.1,
        maximize: true,
      },
    ],
  ] as [string, RMSpropOptions][])('steps as the formula: %s', (_name, options) => {
    const rates = grads.map(() => (options.lr as number | undefined) ?? 1e-2);
    expectClose(run(options), reference({ ...RMSPROP_DEFAULTS, ...options } as Full, rates));
  });

  it('a rate changed between steps scales the whole momentum buffer', () => {
    const options = { lr: 0.1, momentum: 0.9 };
    const rates = [0.1, 0.01, 0.2, 0.05];
    expectClose(run(options, rates), reference({ ...RMSPROP_DEFAULTS, ...options }, rates));
  });

  it('refuses a negative alpha and a centered that is no boolean', () => {
    const w = new Parameter(tensor([1]), 'w');
    let error: unknown;
    try {
      new RMSprop([w], { alpha: -0.1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValueError);
    expect((error as ValueError).argument).toBe('alpha');
    expect((error as ValueError).message).toBe('RMSprop: Invalid alpha value: -0.1');
    expect(() => new RMSprop([w], { centered: 'yes' as never })).toThrow(
      `RMSprop: argument 'centered' must be a boolean, got "yes"`,
    );
  });
});
