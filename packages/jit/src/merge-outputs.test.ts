import { adam, type Params, updateAndApply } from '@gradkit/optim';
import {
  add,
  dispose,
  exp,
  mul,
  sqrt,
  sub,
  type Tensor,
  tensor,
  withBackend,
} from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { jit } from './jit.js';
import { expectTreesClose } from './testing/close.js';
import { createCountingBackend, resetCounts } from './testing/counting-backend.js';
import { replayCalls } from './testing/replay-calls.js';

/** The kernel calls of the second replay of `jit(fn)` on `values`, checked against eager. */
const replay = (fn: (...args: Tensor[]) => unknown, ...values: number[][]) =>
  replayCalls(fn, values, 2);

describe('fused trees merged into kernels with several results', () => {
  it('trees reading the same buffer run as one kernel', () => {
    const calls = replay(
      (x, y) => [exp(mul(x, 2)), sqrt(add(mul(x, x), y)), sub(mul(y, 3), 1)],
      [0.5, 1, 2],
      [1, 2, 3],
    );
    expect(calls).toEqual(['fusedOutputs']);
  });

  it('trees sharing no buffer stay apart', () => {
    const calls = replay(
      (x, y) => [exp(mul(x, 2)), sqrt(add(mul(y, y), 1))],
      [0.5, 1, 2],
      [1, 2, 3],
    );
    expect(calls).toEqual(['fused', 'fused']);
  });

  it('a one-op step read only by the merged trees is computed inside them', () => {
    // x·x feeds both trees and nothing else: no kernel of its own.
    const calls = replay(
      (x, y) => {
        const square = mul(x, x);
        return [add(mul(square, 0.5), y), sqrt(add(square, mul(y, y)))];
      },
      [0.5, 1, 2],
      [1, 2, 3],
    );
    expect(calls).toEqual(['fusedOutputs']);
  });

  it('a one-op step read elsewhere too keeps its buffer', () => {
    const calls = replay(
      (x, y) => {
        const square = mul(x, x);
        return [add(mul(square, 0.5), y), sqrt(add(square, mul(y, y))), square];
      },
      [0.5, 1, 2],
      [1, 2, 3],
    );
    expect(calls).toEqual(['mul', 'fusedOutputs']);
  });

  it('a tree reading a result of the kernel it would join runs after it', () => {
    // b reads a's result through a reduction-free chain kept as a buffer (read twice).
    const calls = replay(
      (x) => {
        const a = exp(mul(x, 2));
        return [a, mul(add(a, x), add(a, 1))];
      },
      [0.5, 1, 2],
    );
    expect(calls).toEqual(['fused', 'fused']);
  });

  it('an Adam step writes each parameter and its moments in one kernel, where they were', () => {
    const backend = createCountingBackend();
    withBackend(backend, () => {
      const optimizer = adam(0.01);
      type State = ReturnType<typeof optimizer.init>;
      const fn = (p: Params, s: State, g: Params) =>
        updateAndApply(optimizer, g, s, p, { donate: true });
      const step = jit(fn, { donate: [0, 1] });
      const start = () => ({ w: tensor([1, -2, 3, 0.5]), b: tensor([0.1, -0.1]) });
      const grads = { w: tensor([0.5, -1, 0.25, 2]), b: tensor([1, -1]) };
      let [p, s] = [start() as Params, optimizer.init(start())];
      let [q, t] = [start() as Params, optimizer.init(start())];
      for (let i = 0; i < 4; i++) {
        resetCounts(backend);
        [p, s] = step(p, s, grads) as [Params, State];
        if (i >= 2) {
          // The count, its two corrections in one kernel, then one pass per leaf (g² inside).
          expect(backend.calls).toEqual(['add', 'fusedOutputs', 'fusedOutputs', 'fusedOutputs']);
          expect(backend.counts.newBuffers).toBe(1); // the new count, a result
        }
        [q, t] = fn(q, t, grads) as [Params, State];
        expectTreesClose([p, s], [q, t]);
      }
      dispose([p, s, q, t, grads]);
      step.clearCache();
    });
  });
});
