import { createCpuBackend, mul, type Tensor, tensor, withBackend, zeros } from '@gradkit/tensor';
import { assertTensorClose } from '@gradkit/tensor/testing';
import { describe, expect, it } from 'vitest';
import { biasCorrection, firstMomentHat, updateInfinityMoment, updateMoment } from './moments.js';

// Identities of the Adam family's moments (Kingma & Ba 2014, §3): from a zero start, t updates
// with a constant gradient g leave m = (1 − b^t)·g, so the bias-corrected moment is g itself;
// the infinity moment of a constant gradient is |g| from the first step on.

describe('the Adam family’s moment helpers', () => {
  const g = [0.5, -2, 1e-3, 0];

  it.each(['float32', 'float64'] as const)(
    'bias-correct a constant gradient’s moment to it (%s)',
    (dtype) => {
      withBackend(createCpuBackend({ threads: 1 }), () => {
        const gradient = tensor(g, [4], dtype);
        let m: Tensor = zeros([4], dtype);
        let v: Tensor = zeros([4], dtype);
        for (let t = 1; t <= 20; t++) {
          m = updateMoment(m, gradient, 0.9);
          v = updateMoment(v, mul(gradient, gradient), 0.999);
          assertTensorClose(biasCorrection(m, 0.9, t), g);
          assertTensorClose(
            biasCorrection(v, 0.999, t),
            g.map((x) => x * x),
          );
          // Nesterov's m̂ mixes b1·m/(1 − b1^(t+1)) with the gradient's share.
          const expected = g.map(
            (x) => (0.9 * (1 - 0.9 ** t) * x) / (1 - 0.9 ** (t + 1)) + (0.1 * x) / (1 - 0.9 ** t),
          );
          assertTensorClose(firstMomentHat(m, gradient, 0.9, t, true), expected);
          expect(m.dtype).toBe(dtype);
        }
      });
    },
  );

  it('keeps the infinity moment of a constant gradient at |g| (+ eps)', () => {
    const gradient = tensor(g);
    let u: Tensor = zeros([4]);
    for (let t = 1; t <= 5; t++) {
      u = updateInfinityMoment(u, gradient, 0.999);
      assertTensorClose(u, g.map(Math.abs));
    }
    assertTensorClose(
      updateInfinityMoment(zeros([4]), gradient, 0.999, 1e-2),
      g.map((x) => Math.abs(x) + 1e-2),
    );
  });
});
