import { valueAndGrad } from '@gradkit/autograd';
import { add, cast, greater, lessEqual, mul, relu, sum, type Tensor, where } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { replayCalls } from './testing/replay-calls.js';

/** The kernel calls of a replay of `jit(fn)` on `values`, checked against eager. */
const replay = (fn: (...args: Tensor[]) => unknown, ...values: number[][]) =>
  replayCalls(fn, values);

describe('masks recomputed inside their readers', () => {
  it('a mask read by two selects becomes part of both fused trees', () => {
    const calls = replay(
      (x, g) => {
        const mask = lessEqual(x, 0);
        return [where(mask, 0, x), where(mask, 0, g)];
      },
      [-2, -0.5, 0, 1.5],
      [1, 2, 3, 4],
    );
    // Both trees read x, so they run as one kernel with two results: no comparison kernel.
    expect(calls).toEqual(['fusedOutputs']);
  });

  it('the gradient of a ReLU network runs no comparison or select kernel of its own', () => {
    const loss = (x: Tensor, w: Tensor) => sum(mul(relu(mul(x, w)), relu(add(x, w))));
    const calls = replay(
      valueAndGrad(loss) as (...args: Tensor[]) => unknown,
      [-2, -0.5, 0, 1.5, 3],
      [0.5, -1, 2, -3, 1],
    );
    expect(calls.filter((c) => c === 'lessEqual' || c === 'where')).toEqual([]);
  });

  it('a returned mask stays one buffer computed once', () => {
    const calls = replay(
      (x) => {
        const mask = greater(x, 1);
        return [mask, where(mask, x, 0), where(mask, 0, x)];
      },
      [0.5, 1, 2, 3],
    );
    expect(calls.filter((c) => c === 'greater')).toHaveLength(1);
  });

  it('a mask also read by a step that is not elementwise over float32 stays one buffer', () => {
    const calls = replay(
      (x) => {
        const mask = greater(x, 1);
        return [sum(cast(mask, 'float32')), where(mask, x, 0), where(mask, 0, x)];
      },
      [0.5, 1, 2, 3],
    );
    expect(calls.filter((c) => c === 'greater')).toHaveLength(1);
  });

  it('a mask read by more than four selects stays one buffer', () => {
    const calls = replay(
      (x) => {
        const mask = greater(x, 1);
        return [1, 2, 3, 4, 5].map((k) => where(mask, mul(x, k), 0));
      },
      [0.5, 1, 2, 3],
    );
    expect(calls.filter((c) => c === 'greater')).toHaveLength(1);
  });
});
