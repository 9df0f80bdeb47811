import { describe, expect, it } from 'vitest';
import { tensor } from '../creation.js';
import { getBackend, withBackend } from '../engine.js';
import { ShapeError, ValueError } from '../errors.js';
import { memory } from '../memory.js';
import { random } from '../random/index.js';
import { assertTensorClose } from '../testing/index.js';
import { adamStep, composedAdamStep } from './adam-step.js';

// Optax's scale_by_adam, one element at a time in double precision.
function reference(
  g: number,
  m: number,
  v: number,
  t: number,
  o: { b1: number; b2: number; eps: number; epsRoot: number; nesterov: boolean; scale: number },
) {
  const m1 = o.b1 * m + (1 - o.b1) * g;
  const v1 = o.b2 * v + (1 - o.b2) * g * g;
  const mHat = o.nesterov
    ? (o.b1 * m1) / (1 - o.b1 ** (t + 1)) + ((1 - o.b1) * g) / (1 - o.b1 ** t)
    : m1 / (1 - o.b1 ** t);
  const vHat = v1 / (1 - o.b2 ** t);
  return { update: (o.scale * mHat) / (Math.sqrt(vHat + o.epsRoot) + o.eps), m: m1, v: v1 };
}

describe('adamStep', () => {
  const keys = random.split(random.key(11), 3);
  const g = random.normal(keys[0]!, [257]);
  const m = random.normal(keys[1]!, [257], { std: 0.1 });
  const v = random.uniform(keys[2]!, [257], { maxval: 0.5 });

  for (const nesterov of [false, true]) {
    it(`matches the formula elementwise${nesterov ? ' with Nesterov momentum' : ''}`, () => {
      const options = { b1: 0.9, b2: 0.999, eps: 1e-8, epsRoot: 1e-12, nesterov, scale: -0.01 };
      const result = adamStep(g, m, v, { ...options, count: 3 });
      const [gv, mv, vv] = [g.dataSync(), m.dataSync(), v.dataSync()];
      const expected = Array.from(gv, (gi, i) => reference(gi, mv[i]!, vv[i]!, 3, options));
      assertTensorClose(
        result.update,
        expected.map((e) => e.update),
        { shape: [257] },
      );
      assertTensorClose(
        result.firstMoment,
        expected.map((e) => e.m),
      );
      assertTensorClose(
        result.secondMoment,
        expected.map((e) => e.v),
      );
    });
  }

  it('gives the same numbers through the fused kernel and the composed ops', () => {
    expect(getBackend().capabilities?.adamStep).toBeTypeOf('function');
    const fused = adamStep(g, m, v, { b1: 0.8, b2: 0.99, eps: 1e-6, count: 7, scale: -0.1 });
    const composed = composedAdamStep(g, m, v, {
      b1: 0.8,
      b2: 0.99,
      eps: 1e-6,
      epsRoot: 0,
      biasCorrection1: 1 - 0.8 ** 7,
      biasCorrection2: 1 - 0.99 ** 7,
      nesterovCorrection: undefined,
      scale: -0.1,
    });
    assertTensorClose(fused.update, composed.update.dataSync());
    assertTensorClose(fused.firstMoment, composed.firstMoment.dataSync());
    assertTensorClose(fused.secondMoment, composed.secondMoment.dataSync());
  });

  it('composes tensor ops on a backend without the fused kernel', () => {
    const plain = { ...getBackend(), name: 'cpu-without-fusion', capabilities: {} };
    const options = { b1: 0.9, b2: 0.999, eps: 1e-8, count: 2, scale: -0.5 };
    const onPlain = withBackend(plain, () => {
      const [g2, m2, v2] = [g, m, v].map((t) => tensor(t.dataSync(), t.shape));
      return adamStep(g2!, m2!, v2!, options);
    });
    expect(onPlain.update.backend).toBe(plain);
    assertTensorClose(onPlain.update, adamStep(g, m, v, options).update.dataSync());
  });

  it('rejects mismatched shapes and bad hyperparameters before allocating', () => {
    const before = memory().tensors;
    expect(() =>
      adamStep(g, tensor([1, 2]), v, { b1: 0.9, b2: 0.999, eps: 1e-8, count: 1 }),
    ).toThrow(ShapeError);
    expect(() => adamStep(g, m, v, { b1: 1, b2: 0.999, eps: 1e-8, count: 1 })).toThrow(
      /adamStep: argument 'b1' must be in \[0, 1\)/,
    );
    expect(() => adamStep(g, m, v, { b1: 0.9, b2: 0.999, eps: 1e-8, count: 0 })).toThrow(
      ValueError,
    );
    // Only the [1, 2] literal made above remains.
    expect(memory().tensors).toBe(before + 1);
  });
});
