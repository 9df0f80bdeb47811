// adan, optimisticGradientDescent, optimisticAdam, sm3, polyakSgd and signum: two steps
// against values derived by hand from Optax's formulas (plain float64 arithmetic here,
// independent of the transforms), and the refusals.
import { type Tensor, tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { applyUpdates } from '../base.js';
import type { GradientTransformation, Params } from '../types.js';
import {
  adan,
  optimisticAdam,
  optimisticGradientDescent,
  polyakSgd,
  signum,
  sm3,
} from './index.js';

const w = (p: Params) => Array.from((p as { w: Tensor }).w.dataSync());

/** Applies the gradients one after another from `initial`; returns the parameters after each. */
function run(
  // biome-ignore lint/suspicious/noExplicitAny: any transform.
  optimizer: GradientTransformation<any>,
  initial: number[] | number[][],
  grads: (number[] | number[][])[],
  values?: number[],
): number[][] {
  let params: Params = { w: tensor(initial) };
  let state = optimizer.init(params);
  const out: number[][] = [];
  grads.forEach((g, i) => {
    const extra = values === undefined ? undefined : { value: values[i]! };
    const [updates, next] = optimizer.update({ w: tensor(g) }, state, params, extra);
    params = applyUpdates(params, updates);
    state = next;
    out.push(w(params));
  });
  return out;
}

const close = (actual: number[][], expected: number[][]) => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => {
    row.forEach((value, j) => {
      expect(value).toBeCloseTo(expected[i]![j]!, 5);
    });
  });
};

describe('two steps against the formulas', () => {
  const g1 = [0.5, -2];
  const g2 = [1, 0.25];
  const w0 = [1, -1];

  it('adan', () => {
    const [b1, b2, b3, eps, epsRoot, lr, wd] = [0.98, 0.92, 0.99, 1e-8, 1e-8, 0.1, 0.01];
    const expected: number[][] = [];
    let [m, v, n, prev, p] = [[0, 0], [0, 0], [0, 0], [0, 0], [...w0]];
    [g1, g2].forEach((g, step) => {
      const t = step + 1;
      const next = g.map((gi, i) => {
        const diff = step === 0 ? 0 : gi - prev[i]!;
        const mi = b1 * m[i]! + (1 - b1) * gi;
        const vi = b2 * v[i]! + (1 - b2) * diff;
        const ni = b3 * n[i]! + (1 - b3) * (gi + (1 - b2) * diff) ** 2;
        const u =
          (mi / (1 - b1 ** t) + (1 - b2) * (vi / (1 - b2 ** t))) /
          (Math.sqrt(ni / (1 - b3 ** t) + epsRoot) + eps);
        return { mi, vi, ni, pi: p[i]! - lr * (u + wd * p[i]!) };
      });
      m = next.map((x) => x.mi);
      v = next.map((x) => x.vi);
      n = next.map((x) => x.ni);
      p = next.map((x) => x.pi);
      prev = g;
      expected.push(p);
    });
    close(run(adan(lr, { weightDecay: wd }), w0, [g1, g2]), expected);
  });

  it('optimisticGradientDescent', () => {
    const [lr, alpha, beta] = [0.1, 1, 0.5];
    // Step 1 takes g_prev = g: u = α·g.
    const p1 = w0.map((x, i) => x - lr * alpha * g1[i]!);
    const p2 = p1.map((x, i) => x - lr * ((alpha + beta) * g2[i]! - beta * g1[i]!));
    close(run(optimisticGradientDescent(lr, { alpha, beta }), w0, [g1, g2]), [p1, p2]);
  });

  it('optimisticAdam (Nesterov Adam direction, optimism)', () => {
    const [lr, optimism, b1, b2, eps] = [0.01, 0.05, 0.9, 0.999, 1e-8];
    let [m, v, prev, p] = [[0, 0], [0, 0], [0, 0], [...w0]];
    const expected: number[][] = [];
    [g1, g2].forEach((g, step) => {
      const t = step + 1;
      const r = g.map((gi, i) => {
        m[i] = b1 * m[i]! + (1 - b1) * gi;
        v[i] = b2 * v[i]! + (1 - b2) * gi * gi;
        const mHat = (b1 * m[i]!) / (1 - b1 ** (t + 1)) + ((1 - b1) * gi) / (1 - b1 ** t);
        return mHat / (Math.sqrt(v[i]! / (1 - b2 ** t)) + eps);
      });
      const before = step === 0 ? r : prev;
      p = p.map((x, i) => x - ((lr + optimism) * r[i]! - optimism * before[i]!));
      prev = r;
      expected.push([...p]);
      m = [...m];
      v = [...v];
    });
    close(run(optimisticAdam(lr, { optimism }), w0, [g1, g2]), expected);
  });

  it('sm3 on a matrix: row and column accumulators', () => {
    const [lr, momentum, eps] = [0.1, 0.9, 1e-8];
    const p0 = [
      [1, 2],
      [3, 4],
    ];
    const grads = [
      [
        [1, -2],
        [0, 3],
      ],
      [
        [2, 1],
        [-1, 0.5],
      ],
    ];
    let rows = [0, 0];
    let cols = [0, 0];
    let nu = [
      [0, 0],
      [0, 0],
    ];
    let p = p0.map((r) => [...r]);
    const expected: number[][] = [];
    for (const g of grads) {
      const acc = g.map((row, i) => row.map((x, j) => x * x + Math.min(rows[i]!, cols[j]!)));
      nu = g.map((row, i) =>
        row.map((x, j) => {
          const a = acc[i]![j]!;
          const u = a > 0 ? x / Math.sqrt(a + eps) : 0;
          return momentum * nu[i]![j]! + (1 - momentum) * u;
        }),
      );
      rows = acc.map((row) => Math.max(...row));
      cols = [0, 1].map((j) => Math.max(acc[0]![j]!, acc[1]![j]!));
      p = p.map((row, i) => row.map((x, j) => x - lr * nu[i]![j]!));
      expected.push(p.flat());
    }
    close(run(sm3(lr, { momentum }), p0, grads), expected);
  });

  it('sm3 on a vector: the accumulator is the running sum of squares', () => {
    const [lr, eps] = [0.1, 1e-8];
    const acc1 = g1.map((x) => x * x);
    const acc2 = g2.map((x, i) => x * x + acc1[i]!);
    const nu1 = g1.map((x, i) => 0.1 * (x / Math.sqrt(acc1[i]! + eps)));
    const nu2 = g2.map((x, i) => 0.9 * nu1[i]! + 0.1 * (x / Math.sqrt(acc2[i]! + eps)));
    const p1 = w0.map((x, i) => x - lr * nu1[i]!);
    const p2 = p1.map((x, i) => x - lr * nu2[i]!);
    close(run(sm3(lr), w0, [g1, g2]), [p1, p2]);
  });

  it('polyakSgd: min((f − f*)/‖g‖², max) steps; sps+ clips a negative gap', () => {
    // Optax's example: f = Σ w², from [1, 2, 3] the objective goes 14, 3.5, 0.875.
    const f = (x: number[]) => x.reduce((a, b) => a + b * b, 0);
    const p1 = [0.5, 1, 1.5];
    const p2 = [0.25, 0.5, 0.75];
    close(run(polyakSgd(), [1, 2, 3], [[2, 4, 6], p1.map((x) => 2 * x)], [14, f(p1)]), [p1, p2]);
    // The maximum caps the step: min(14/56, 0.1) = 0.1.
    close(run(polyakSgd({ maxLearningRate: 0.1 }), [1, 2, 3], [[2, 4, 6]], [14]), [
      [0.8, 1.6, 2.4],
    ]);
    // f below f*: 'sps' steps uphill by a negative gap, 'sps+' does not move.
    close(run(polyakSgd({ fMin: 20 }), [1, 2, 3], [[2, 4, 6]], [14]), [
      [1.2142857, 2.4285714, 3.6428571],
    ]);
    close(run(polyakSgd({ fMin: 20, variant: 'sps+' }), [1, 2, 3], [[2, 4, 6]], [14]), [[1, 2, 3]]);
    // A zero gradient takes no step.
    close(run(polyakSgd(), [1, 2, 3], [[0, 0, 0]], [14]), [[1, 2, 3]]);
  });

  it('signum: the sign of an undebiased moving average', () => {
    const [lr, beta] = [0.01, 0.9];
    const m1 = g1.map((x) => (1 - beta) * x);
    const m2 = g2.map((x, i) => beta * m1[i]! + (1 - beta) * x);
    const p1 = w0.map((x, i) => x - lr * Math.sign(m1[i]!));
    const p2 = p1.map((x, i) => x - lr * Math.sign(m2[i]!));
    close(run(signum(lr, { beta }), w0, [g1, g2]), [p1, p2]);
    // m2 = [0.145, -0.155]: the second component keeps its sign though g2 flipped.
    expect(Math.sign(m2[1]!)).toBe(-1);
  });
});

describe('refusals', () => {
  it('polyakSgd needs the loss, and checks its options', () => {
    const optimizer = polyakSgd();
    const params = { w: tensor([1]) };
    expect(() => optimizer.update({ w: tensor([1]) }, optimizer.init(params), params)).toThrow(
      /scaleByPolyak: argument 'value' must be passed to update/,
    );
    expect(() => polyakSgd({ variant: 'sps-' as never })).toThrow(ValueError);
    expect(() => polyakSgd({ maxLearningRate: -1 })).toThrow(/maxLearningRate' must be >= 0/);
  });

  it('bad hyperparameters name the transform and the argument', () => {
    expect(() => adan(0.1, { b3: 1 })).toThrow(/scaleByAdan: argument 'b3'/);
    expect(() => sm3(Number.NaN)).toThrow(/sm3: argument 'learningRate'/);
    expect(() => optimisticAdam(0.1, { optimism: Number.NaN })).toThrow(/optimism/);
    expect(() => signum(0.1, { beta: 1 })).toThrow(/ema: argument 'decay'/);
  });
});
