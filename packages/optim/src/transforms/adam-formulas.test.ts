import { fusedElementwise, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import {
  adamDirectionOf,
  firstMomentHatOf,
  infinityMomentOf,
  movingAverageOf,
  scaled,
} from './adam-formulas.js';
import { input } from './expression.js';

// Each formula evaluated elementwise over float64 inputs, against the textbook formula
// written out in plain arithmetic (Kingma & Ba 2015; Dozat 2016 for Nesterov).
const m = [0.5, -1.25, 0, 3];
const g = [-2, 0.75, 1e-3, 4];
const evaluate = (expression: Parameters<typeof fusedElementwise>[0]) =>
  fusedElementwise(expression, [
    tensor(Float64Array.from(m), [4]),
    tensor(Float64Array.from(g), [4]),
  ]).toArray() as number[];
const each = (f: (mi: number, gi: number) => number) => m.map((mi, i) => f(mi, g[i]!));

describe('the Adam family formulas', () => {
  it('movingAverageOf: decay·m + (1 − decay)·g', () => {
    const result = evaluate(movingAverageOf(input(0), input(1), 0.9));
    each((mi, gi) => 0.9 * mi + 0.1 * gi).forEach((value, i) => {
      expect(result[i]).toBeCloseTo(value, 14);
    });
  });

  it('infinityMomentOf: max(decay·u, |g| + eps)', () => {
    const result = evaluate(infinityMomentOf(input(0), input(1), 0.999, 1e-8));
    expect(result).toEqual(each((mi, gi) => Math.max(0.999 * mi, Math.abs(gi) + 1e-8)));
  });

  it('firstMomentHatOf: m/(1 − b1ᵗ), and the Nesterov form', () => {
    const b1 = 0.9;
    const t = 3;
    const c1 = 1 - b1 ** t;
    const cNext = 1 - b1 ** (t + 1);
    expect(evaluate(firstMomentHatOf(input(0), input(1), b1, c1))).toEqual(each((mi) => mi / c1));
    const nesterov = evaluate(firstMomentHatOf(input(0), input(1), b1, c1, cNext));
    each((mi, gi) => (b1 * mi) / cNext + ((1 - b1) * gi) / c1).forEach((value, i) => {
      expect(nesterov[i]).toBeCloseTo(value, 14);
    });
  });

  it('adamDirectionOf: m̂ / (√(v̂ + epsRoot) + eps)', () => {
    // The second input stands for v̂ here: squared, so it is non-negative.
    const vHat = { op: 'mul', a: input(1), b: input(1) } as const;
    const result = evaluate(adamDirectionOf(input(0), vHat, 1e-8, 1e-12));
    each((mi, gi) => mi / (Math.sqrt(gi * gi + 1e-12) + 1e-8)).forEach((value, i) => {
      expect(result[i]).toBeCloseTo(value, 12);
    });
  });

  it('scaled leaves the tree alone at scale 1 and multiplies otherwise', () => {
    const tree = input(0);
    expect(scaled(tree, 1)).toBe(tree);
    expect(evaluate(scaled(tree, -0.5))).toEqual(m.map((mi) => mi * -0.5));
  });
});
