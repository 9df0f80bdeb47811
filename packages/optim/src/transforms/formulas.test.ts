// Transforms PyTorch does not have, against their papers' / Optax's formulas, computed one
// element at a time in double precision.
import { random, type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import type { GradientTransformation, Params } from '../types.js';
import {
  centralize,
  clip,
  clipByBlockRms,
  clipByGlobalNorm,
  ema,
  scaleByAdam,
  scaleByBelief,
  scaleByLion,
  scaleByNovograd,
  scaleByRadam,
  scaleByRprop,
  scaleBySign,
  scaleByTrustRatio,
  scaleByYogi,
  trace,
} from './index.js';

const STEPS = 6;
const keys = random.split(random.key(3), STEPS + 1);
const param = random.normal(keys[0]!, [5]);
const grads = keys.slice(1).map((k) => random.normal(k, [5]));
const p0 = Array.from(param.dataSync());
const gs = grads.map((g) => Array.from(g.dataSync()));

/** The updates of `t` over the gradient sequence (parameters fixed at p0). */
// biome-ignore lint/suspicious/noExplicitAny: any transform.
function updatesOf(t: GradientTransformation<any>): number[][] {
  const params: Params = { w: param };
  let state = t.init(params);
  return grads.map((g) => {
    const [u, s] = t.update({ w: g }, state, params);
    state = s;
    return Array.from((u as { w: Tensor }).w.dataSync());
  });
}

function expectSequence(actual: number[][], expected: number[][]) {
  actual.forEach((row, t) => {
    row.forEach((v, i) => {
      const e = expected[t]![i]!;
      if (!(Math.abs(v - e) <= 1e-5 + 1e-4 * Math.abs(e))) {
        expect.fail(`step ${t + 1} element ${i}: got ${v}, expected ${e}`);
      }
    });
  });
}

/** Runs a per-element reference with its own state over every step. */
function perElement<S>(
  init: () => S,
  step: (g: number, s: S, t: number, i: number) => [number, S],
) {
  const states = p0.map(() => init());
  return gs.map((g, t) =>
    g.map((gi, i) => {
      const [u, s] = step(gi, states[i]!, t + 1, i);
      states[i] = s;
      return u;
    }),
  );
}

const norm = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + x * x, 0));

describe('formulas', () => {
  it('scaleByAdam with epsRoot and nesterov (Optax)', () => {
    const [b1, b2, eps, epsRoot] = [0.9, 0.99, 1e-3, 1e-4];
    const expected = perElement(
      () => ({ m: 0, v: 0 }),
      (g, { m, v }, t) => {
        const m1 = b1 * m + (1 - b1) * g;
        const v1 = b2 * v + (1 - b2) * g * g;
        const mHat = (b1 * m1) / (1 - b1 ** (t + 1)) + ((1 - b1) * g) / (1 - b1 ** t);
        return [mHat / (Math.sqrt(v1 / (1 - b2 ** t) + epsRoot) + eps), { m: m1, v: v1 }];
      },
    );
    expectSequence(updatesOf(scaleByAdam({ b1, b2, eps, epsRoot, nesterov: true })), expected);
  });

  it('scaleByBelief', () => {
    const [b1, b2, eps, epsRoot] = [0.9, 0.999, 1e-16, 1e-16];
    const expected = perElement(
      () => ({ m: 0, s: 0 }),
      (g, { m, s }, t) => {
        const m1 = b1 * m + (1 - b1) * g;
        const s1 = b2 * s + (1 - b2) * (g - m1) ** 2 + epsRoot;
        return [m1 / (1 - b1 ** t) / (Math.sqrt(s1 / (1 - b2 ** t)) + eps), { m: m1, s: s1 }];
      },
    );
    expectSequence(updatesOf(scaleByBelief()), expected);
  });

  it('scaleByYogi', () => {
    const [b1, b2, eps] = [0.9, 0.999, 1e-3];
    const expected = perElement(
      () => ({ m: 1e-6, v: 1e-6 }),
      (g, { m, v }, t) => {
        const m1 = b1 * m + (1 - b1) * g;
        const v1 = v - (1 - b2) * Math.sign(v - g * g) * g * g;
        return [m1 / (1 - b1 ** t) / (Math.sqrt(v1 / (1 - b2 ** t)) + eps), { m: m1, v: v1 }];
      },
    );
    expectSequence(updatesOf(scaleByYogi()), expected);
  });

  it('scaleByRadam (Optax variant) switches to the rectified step', () => {
    const [b1, b2, eps] = [0.9, 0.9, 1e-8];
    const rhoInf = 2 / (1 - b2) - 1;
    const expected = perElement(
      () => ({ m: 0, v: 0 }),
      (g, { m, v }, t) => {
        const m1 = b1 * m + (1 - b1) * g;
        const v1 = b2 * v + (1 - b2) * g * g;
        const rho = rhoInf - (2 * t * b2 ** t) / (1 - b2 ** t);
        const mHat = m1 / (1 - b1 ** t);
        if (rho < 5) return [mHat, { m: m1, v: v1 }];
        const r = Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho));
        return [(r * mHat) / (Math.sqrt(v1 / (1 - b2 ** t)) + eps), { m: m1, v: v1 }];
      },
    );
    expectSequence(updatesOf(scaleByRadam({ b2 })), expected);
  });

  it('scaleByLion', () => {
    const [b1, b2] = [0.9, 0.99];
    const expected = perElement(
      () => 0,
      (g, m, _t) => [Math.sign(b1 * m + (1 - b1) * g), b2 * m + (1 - b2) * g],
    );
    expectSequence(updatesOf(scaleByLion()), expected);
  });

  it('scaleByNovograd (layer-wise second moment, weight decay)', () => {
    const [b1, b2, eps, wd] = [0.9, 0.25, 1e-6, 0.1];
    let v = 0;
    let m = p0.map(() => 0);
    const expected = gs.map((g, t) => {
      const n2 = norm(g) ** 2;
      v = t === 0 ? n2 : b2 * v + (1 - b2) * n2;
      const step = g.map((gi, i) => gi / (Math.sqrt(v) + eps) + wd * p0[i]!);
      m = t === 0 ? step : m.map((mi, i) => b1 * mi + step[i]!);
      return m;
    });
    expectSequence(updatesOf(scaleByNovograd({ eps, weightDecay: wd })), expected);
  });

  it('trace and ema', () => {
    const nesterov = perElement(
      () => 0,
      (g, tr) => {
        const t1 = g + 0.8 * tr;
        return [g + 0.8 * t1, t1];
      },
    );
    expectSequence(updatesOf(trace(0.8, { nesterov: true })), nesterov);
    expectSequence(updatesOf(trace({ decay: 0.8, nesterov: true })), nesterov);
    const averaged = perElement(
      () => 0,
      (g, e, t) => {
        const e1 = 0.7 * e + 0.3 * g;
        return [e1 / (1 - 0.7 ** t), e1];
      },
    );
    expectSequence(updatesOf(ema(0.7)), averaged);
  });

  it('scaleByRprop', () => {
    const expected = perElement(
      () => ({ step: 0.1, prev: 0 }),
      (g, { step, prev }) => {
        const s = g * prev;
        const next = s > 0 ? Math.min(step * 1.2, 50) : s < 0 ? Math.max(step * 0.5, 1e-6) : step;
        const kept = s < 0 ? 0 : g;
        return [next * Math.sign(kept), { step: next, prev: kept }];
      },
    );
    expectSequence(updatesOf(scaleByRprop(0.1)), expected);
  });

  it('stateless ones: sign, clip, block RMS, global norm, trust ratio, centralize', () => {
    expectSequence(
      updatesOf(scaleBySign()),
      gs.map((g) => g.map(Math.sign)),
    );
    expectSequence(
      updatesOf(clip(0.5)),
      gs.map((g) => g.map((x) => Math.max(-0.5, Math.min(0.5, x)))),
    );
    expectSequence(
      updatesOf(clipByBlockRms(0.5)),
      gs.map((g) => {
        const rms = norm(g) / Math.sqrt(g.length);
        return g.map((x) => x / Math.max(1, rms / 0.5));
      }),
    );
    expectSequence(
      updatesOf(clipByGlobalNorm(1)),
      gs.map((g) => g.map((x) => (norm(g) < 1 ? x : x / norm(g)))),
    );
    expectSequence(
      updatesOf(scaleByTrustRatio({ trustCoefficient: 0.5 })),
      gs.map((g) => g.map((x) => (x * 0.5 * norm(p0)) / norm(g))),
    );
    const [u] = centralize().update(
      {
        w: tensor([
          [1, 2, 3],
          [4, 5, 9],
        ]),
      },
      {},
    );
    expect((u as { w: Tensor }).w.toArray()).toEqual([
      [-1, 0, 1],
      [-2, -1, 3],
    ]);
  });
});
