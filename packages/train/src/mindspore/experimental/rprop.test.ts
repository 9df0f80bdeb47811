// optim.Rprop's own contract: PyTorch's defaults, iRprop⁻'s step sizes (grown on the same
// sign, shrunk and the step skipped on a sign change, clipped to stepSizes, starting at lr),
// maximize, and its eta checks, checked step by step against the documented formula written
// out in plain numbers.
import { tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../../parameter/parameter.js';
import { Rprop, type RpropOptions } from './rprop.js';
import { runSteps, START } from './testing/plain-steps.js';

// Each coordinate meets a sign change, a repeated sign and (the middle one) a zero gradient.
const grads = [
  [0.1, -0.2, 0.3],
  [-2, 1.5, 0.6],
  [0.01, 0.02, -0.9],
  [0.05, 0, -0.25],
  [0.3, 0.4, 0.1],
  [0.2, -0.1, 0.2],
];
const defaults = {
  lr: 1e-2,
  etas: [0.5, 1.2] as readonly [number, number],
  stepSizes: [1e-6, 50] as readonly [number, number],
  maximize: false,
};

/** Rprop's documented update on plain numbers, one parameter. */
function reference(h: typeof defaults): number[] {
  const [etaMinus, etaPlus] = h.etas;
  const [low, high] = h.stepSizes;
  const theta = [...START];
  const size = [h.lr, h.lr, h.lr];
  const previous = [0, 0, 0];
  for (const raw of grads) {
    for (let i = 0; i < 3; i++) {
      let g = h.maximize ? -raw[i]! : raw[i]!;
      const s = g * previous[i]!;
      if (s > 0) size[i] = Math.min(Math.max(size[i]! * etaPlus, low), high);
      if (s < 0) {
        size[i] = Math.min(Math.max(size[i]! * etaMinus, low), high);
        g = 0;
      }
      theta[i] = theta[i]! - size[i]! * Math.sign(g);
      previous[i] = g;
    }
  }
  return theta;
}

function run(options: RpropOptions): number[] {
  return runSteps((params) => new Rprop(params, options), grads);
}

describe('optim.Rprop', () => {
  it("has PyTorch's defaults", () => {
    const w = new Parameter(tensor([1]), 'w');
    expect(new Rprop([w]).paramGroups).toEqual([{ ...defaults, params: [w] }]);
  });

  it.each([
    ['the defaults', {}],
    ['other etas', { lr: 0.1, etas: [0.3, 2] }],
    ['step sizes clipped on both sides', { lr: 0.1, etas: [0.2, 3], stepSizes: [0.05, 0.25] }],
    ['maximize', { lr: 0.05, maximize: true }],
  ] as [string, RpropOptions][])('steps as the formula: %s', (_name, options) => {
    const got = run(options);
    const want = reference({ ...defaults, ...options } as typeof defaults);
    got.forEach((v, i) => {
      expect(v).toBeCloseTo(want[i]!, 5);
    });
  });

  it('refuses etas outside 0 < η₋ < 1 < η₊, naming etas', () => {
    const w = new Parameter(tensor([1]), 'w');
    // PyTorch prints the etas as Python floats: `Invalid eta values: 1.0, 1.2`.
    for (const [etas, printed] of [
      [[0, 1.2], '0.0, 1.2'],
      [[1, 1.2], '1.0, 1.2'],
      [[0.5, 1], '0.5, 1.0'],
    ] as [[number, number], string][]) {
      let error: unknown;
      try {
        new Rprop([w], { etas });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValueError);
      expect((error as ValueError).argument).toBe('etas');
      expect((error as ValueError).message).toBe(`Rprop: Invalid eta values: ${printed}`);
    }
    expect(() => new Rprop([w], { stepSizes: [1e-6] as never })).toThrow(
      "Rprop: argument 'stepSizes' must be a pair of numbers, got an array",
    );
  });
});
