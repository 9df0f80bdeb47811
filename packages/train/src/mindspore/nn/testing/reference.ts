// Independent per-element float32 references of the documented formulas, for the tests:
// every arithmetic result goes through Math.fround, as a float32 kernel rounds it.

export const f = Math.fround;

/** Deterministic pseudo-random values in [-1, 1) (a small LCG), rounded to float32. */
export function pseudoRandom(count: number, seed: number): number[] {
  let state = seed >>> 0 || 1;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return f(state / 2 ** 31 - 1);
  });
}

export interface NnAdamReference {
  readonly lr: (step: number) => number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
  readonly nesterov?: boolean;
  readonly weightDecay?: number;
  readonly lossScale?: number;
  /** Gradient centralization of a [out, ...] kernel: rows of `rowSize` elements. */
  readonly centralizeRows?: number;
}

/** MindSpore nn.Adam on one parameter: w after each step, for gradients per step. */
export function nnAdamReference(
  w0: readonly number[],
  grads: readonly number[][],
  o: NnAdamReference,
): number[][] {
  const b1 = f(o.beta1 ?? 0.9);
  const b2 = f(o.beta2 ?? 0.999);
  const c1 = f(1 - b1);
  const c2 = f(1 - b2);
  const eps = f(o.eps ?? 1e-8);
  let w = w0.map(f);
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  let p1 = 1;
  let p2 = 1;
  const trajectory: number[][] = [];
  grads.forEach((step, t) => {
    let g = step.map(f);
    if (o.weightDecay) {
      const wd = f(o.weightDecay);
      g = g.map((gi, i) => f(gi + f(w[i]! * wd)));
    }
    if (o.centralizeRows) {
      const size = o.centralizeRows;
      g = g.map((gi, i) => {
        const row = Math.floor(i / size) * size;
        const mean = g.slice(row, row + size).reduce((a, b) => a + b, 0) / size;
        return f(gi - f(mean));
      });
    }
    if (o.lossScale !== undefined && o.lossScale !== 1) {
      const r = f(1 / o.lossScale);
      g = g.map((gi) => f(gi * r));
    }
    p1 = f(p1 * b1);
    p2 = f(p2 * b2);
    const alpha = f(o.lr(t));
    const l = f(f(alpha * f(Math.sqrt(f(1 - p2)))) / f(1 - p1));
    w = w.map((wi, i) => {
      const gi = g[i]!;
      m[i] = f(f(m[i]! * b1) + f(gi * c1));
      v[i] = f(f(v[i]! * b2) + f(f(gi * gi) * c2));
      const numerator = o.nesterov ? f(f(m[i]! * b1) + f(gi * c1)) : m[i]!;
      return f(wi - f(f(numerator * l) / f(f(Math.sqrt(v[i]!)) + eps)));
    });
    trajectory.push(w);
  });
  return trajectory;
}
