import { add, cos, exp, mul, sin, sum, type Tensor, tensor } from '@gradkit/tensor';
import { assertTensorClose } from '@gradkit/tensor/testing';
import { describe, expect, it } from 'vitest';
import { stopGradient } from './stop-gradient.js';
import { floats, tolerance } from './testing/dtype.js';
import { grad } from './value-and-grad.js';
import { vjp } from './vjp.js';

const tight = tolerance({ rtol: 1e-13, atol: 1e-14 });

describe('stopGradient', () => {
  it('keeps the values and differentiates only what is not stopped: d/dx sin(x)·stop(cos x) = cos²x', () => {
    const points = [0.3, -1.1, 2];
    const f = (x: Tensor) => sum(mul(sin(x), stopGradient(cos(x))));
    const x = floats(points);
    // The forward value is unchanged: sum(sin x cos x).
    expect(f(x).item()).toBeCloseTo(
      points.reduce((total, p) => total + Math.sin(p) * Math.cos(p), 0),
      12,
    );
    // Without the stop the derivative would be cos²x - sin²x.
    assertTensorClose(
      grad(f)(x),
      points.map((p) => Math.cos(p) ** 2),
      tight,
    );
  });

  it('stops every tensor leaf of a tree and passes the other leaves through', () => {
    const x = floats([0.5, 1.5]);
    let passed: unknown;
    const g = grad((v: Tensor) => {
      const stopped = stopGradient({ square: mul(v, v), exp: [exp(v)], scale: 3, tag: 'k' });
      passed = { scale: stopped.scale, tag: stopped.tag };
      // d/dv [v·v² + v·e^v] with both stopped = v² + e^v.
      return sum(add(mul(v, stopped.square), mul(v, stopped.exp[0]!)));
    })(x);
    expect(passed).toEqual({ scale: 3, tag: 'k' });
    assertTensorClose(
      g,
      [0.5, 1.5].map((p) => p * p + Math.exp(p)),
      tight,
    );
  });

  it('stops the gradient for every enclosing differentiation, not only the innermost', () => {
    const x = floats([0.7, -2]);
    // The inner gradient of sum(u·stop(u²)) is stop(u²): numerically x², a constant to
    // the outer differentiation too, so the outer gradient is 0 (it would be 6x, not stopped).
    const inner = (v: Tensor) => grad((u: Tensor) => sum(mul(u, stopGradient(mul(u, u)))))(v);
    assertTensorClose(inner(x), [0.49, 4], tight);
    assertTensorClose(grad((v: Tensor) => sum(inner(v)))(x), [0, 0]);
  });

  it('gives a vjp pullback nothing through the stopped branch', () => {
    const x = floats([1, 2]);
    const [y, pullback] = vjp(
      (v: Tensor) => ({ kept: mul(v, 3), stopped: stopGradient(mul(v, 5)) }),
      x,
    );
    assertTensorClose(y.stopped, [5, 10]);
    const [dx] = pullback({ kept: floats([1, 1]), stopped: floats([100, 100]) });
    assertTensorClose(dx, [3, 3]);
    pullback.dispose();
  });

  it('returns a new handle of the same values, dtype and shape, independent of the input', () => {
    for (const inside of [false, true]) {
      const x = tensor([1, 2, 3, 4], [2, 2], 'float32');
      let stopped: Tensor | undefined;
      const run = () => {
        stopped = stopGradient(x);
        return sum(stopped);
      };
      if (inside) grad((_unused: Tensor) => run())(floats([0]));
      else run();
      expect(stopped).not.toBe(x);
      expect(stopped!.dtype).toBe('float32');
      expect(stopped!.shape).toEqual([2, 2]);
      // Disposing the result leaves the input usable (and the other way round).
      stopped!.dispose();
      expect(x.toArray()).toEqual([
        [1, 2],
        [3, 4],
      ]);
    }
    const integers = tensor([5, 6], [2], 'int32');
    const inGrad = grad((v: Tensor) => {
      const stopped = stopGradient(integers);
      expect(stopped.dtype).toBe('int32');
      expect(stopped.toArray()).toEqual([5, 6]);
      return sum(v);
    });
    assertTensorClose(inGrad(floats([1])), [1]);
  });
});
