import { valueAndGrad } from '@gradkit/autograd';
import { type Params, sgd, updateAndApply } from '@gradkit/optim';
import {
  add,
  DisposedError,
  dispose,
  div,
  exp,
  expm1,
  greater,
  matmul,
  maximum,
  memory,
  mul,
  neg,
  relu,
  reshape,
  scope,
  sqrt,
  sub,
  sum,
  type Tensor,
  tanh,
  tensor,
  where,
  withBackend,
} from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { jit } from './jit.js';
import { expectTreesClose } from './testing/close.js';
import { createCountingBackend, resetCounts } from './testing/counting-backend.js';

describe('graph passes', () => {
  it('fuses an elementwise chain into one kernel and shares repeated work', () => {
    const backend = createCountingBackend();
    withBackend(backend, () => {
      const chain = (x: Tensor, y: Tensor) => {
        const a = exp(mul(x, 2));
        const b = exp(mul(x, 2)); // repeated: computed once
        return add(div(a, add(y, 1)), sqrt(b));
      };
      const f = jit(chain);
      const x = tensor([0.5, 1, -2]);
      const y = tensor([1, 2, 3]);
      f(x, y);
      resetCounts(backend);
      const out = f(x, y);
      expect(backend.counts).toEqual({ kernels: 0, fused: 1, newBuffers: 1 });
      expectTreesClose(out, chain(x, y));
    });
  });

  it('computes a one-element chain read by a bigger one once, in a kernel of its own', () => {
    const backend = createCountingBackend();
    withBackend(backend, () => {
      // A bias correction: 1 − 0.999ᵗ from a scalar t, dividing a whole array.
      const g = (x: Tensor, t: Tensor) => div(mul(x, 3), neg(expm1(mul(add(t, 1), -0.001))));
      const f = jit(g);
      const x = tensor(Array.from({ length: 64 }, (_, i) => i / 8 - 4));
      const t = tensor(5);
      f(x, t);
      resetCounts(backend);
      const out = f(x, t);
      // One kernel over the scalar (its 6 nodes), one over the array reading it as an input.
      expect(backend.fusedSizes).toEqual([
        { inputs: 1, nodes: 7 },
        { inputs: 2, nodes: 5 },
      ]);
      expectTreesClose(out, g(x, t));
    });
  });

  it('keeps an intermediate read outside its chain in a buffer of its own', () => {
    const backend = createCountingBackend();
    withBackend(backend, () => {
      const g = (x: Tensor, w: Tensor) => {
        const h = tanh(add(x, 1)); // read by the matmul and by the last chain
        return sub(exp(matmul(h, w)), neg(h));
      };
      const f = jit(g);
      const x = tensor([[0.5, -1]]);
      const w = tensor([
        [1, 2],
        [3, 4],
      ]);
      f(x, w);
      resetCounts(backend);
      const out = f(x, w);
      expect(backend.calls).toEqual(['fused', 'matmul', 'fused']);
      expectTreesClose(out, g(x, w));
    });
  });

  it('fuses comparisons into where (relu and its gradient)', () => {
    const backend = createCountingBackend();
    withBackend(backend, () => {
      const g = (x: Tensor) => where(greater(x, 0), mul(x, 3), maximum(x, -1));
      const f = jit(g);
      const x = tensor([-2, -0.5, 0, 1.5]);
      f(x);
      resetCounts(backend);
      const out = f(x);
      expect(backend.calls).toEqual(['fused']);
      expectTreesClose(out, g(x));
    });
  });

  it('splits trees over the backend limits into trees that fit', () => {
    const backend = createCountingBackend({ maxInputs: 3, maxNodes: 7 });
    withBackend(backend, () => {
      // One tree of 7 elementwise steps over 4 inputs: over both limits.
      const g = (a: Tensor, b: Tensor, c: Tensor, d: Tensor) =>
        mul(add(exp(mul(a, b)), tanh(sub(c, d))), sqrt(add(exp(a), 1)));
      const f = jit(g);
      const inputs = [
        tensor([0.5, 1]),
        tensor([2, -1]),
        tensor([0.25, 3]),
        tensor([1, 1]),
      ] as const;
      f(...inputs);
      resetCounts(backend);
      const out = f(...inputs);
      expect(backend.counts.fused).toBeGreaterThanOrEqual(2);
      for (const size of backend.fusedSizes) {
        expect(size.inputs).toBeLessThanOrEqual(3);
        expect(size.nodes).toBeLessThanOrEqual(7);
      }
      expect(backend.counts.kernels + backend.counts.fused).toBeLessThan(7);
      expectTreesClose(out, g(...inputs));
    });
  });

  it('recomputes a mask read twice inside each fused kernel (relu and its gradient)', () => {
    const backend = createCountingBackend();
    withBackend(backend, () => {
      const g = valueAndGrad((x: Tensor) => sum(mul(relu(x), x)));
      const f = jit(g);
      const x = tensor([-2, -0.5, 0, 1.5]);
      f(x);
      resetCounts(backend);
      const out = f(x);
      // x <= 0 is computed inside the forward select's kernel and again inside the gradient's.
      expect(backend.calls.filter((c) => c === 'lessEqual')).toHaveLength(0);
      expect(backend.calls.filter((c) => c === 'where')).toHaveLength(0);
      expect(backend.calls.filter((c) => c === 'fused').length).toBeGreaterThanOrEqual(2);
      expectTreesClose(out, g(x));
    });
  });

  it('removes work whose result nothing returns', () => {
    const backend = createCountingBackend();
    withBackend(backend, () => {
      const f = jit((x: Tensor) => {
        matmul(x, x); // dead
        return exp(x);
      });
      const x = tensor([
        [1, 2],
        [3, 4],
      ]);
      f(x);
      resetCounts(backend);
      f(x);
      expect(backend.calls).toEqual(['exp']);
    });
  });

  it('a replay makes no buffers beyond its results once the plan holds its intermediates', () => {
    const backend = createCountingBackend();
    withBackend(backend, () => {
      // Elementwise work that cannot fuse into one tree: each intermediate is read twice.
      const g = (x: Tensor) => {
        const a = exp(x);
        const b = mul(a, a);
        const c = add(b, b);
        return [sub(c, a), mul(c, 2)] as const;
      };
      const f = jit(g);
      const x = tensor([1, 2, 3, 4]);
      f(x);
      f(x); // the first replay makes the planned buffers
      const before = backend.memory().buffers;
      resetCounts(backend);
      const outs = f(x);
      expect(backend.counts.newBuffers).toBe(2);
      expect(backend.memory().buffers).toBe(before + 2);
      expectTreesClose(outs, g(x));
    });
  });

  it('memory is flat over 5000 compiled training steps', () => {
    const backend = createCountingBackend();
    withBackend(backend, () => {
      const loss = (p: { w: Tensor; b: Tensor }, x: Tensor, y: Tensor) =>
        sum(mul(sub(relu(add(matmul(x, p.w), p.b)), y), sub(relu(add(matmul(x, p.w), p.b)), y)));
      const step = jit(
        (p: { w: Tensor; b: Tensor }, x: Tensor, y: Tensor) => {
          const [value, g] = valueAndGrad(loss)(p, x, y);
          return [{ w: sub(p.w, mul(g.w, 0.01)), b: sub(p.b, mul(g.b, 0.01)) }, value] as const;
        },
        { donate: [0] },
      );
      const x = tensor([
        [0.5, -1, 2],
        [1, 1, -1],
      ]);
      const y = tensor([
        [1, 0],
        [0, 1],
      ]);
      let p = {
        w: tensor([
          [0.1, 0.2],
          [0.3, -0.4],
          [0.5, 0.1],
        ]),
        b: tensor([0.1, -0.1]),
      };
      const sample = (i: number) => {
        const [next, value] = step(p, x, y);
        p = next;
        value.dispose();
        return i;
      };
      for (let i = 0; i < 10; i++) sample(i);
      const before = memory();
      const backendBefore = backend.memory();
      for (let i = 0; i < 5000; i++) sample(i);
      const after = memory();
      expect(after.tensors).toBe(before.tensors);
      expect(after.bytes).toBe(before.bytes);
      expect(backend.memory()).toEqual(backendBefore);
      expect(step.traces).toBe(1);
    });
  });
});

describe('donation', () => {
  it('writes results into donated arguments and disposes them', () => {
    const backend = createCountingBackend();
    withBackend(backend, () => {
      const update = (s: { params: Tensor; moment: Tensor }, g: Tensor) => {
        const moment = add(mul(s.moment, 0.9), g);
        return { params: sub(s.params, mul(moment, 0.1)), moment };
      };
      const f = jit(update, { donate: ['params', 'moment'] });
      let state = { params: tensor([1, 2, 3]), moment: tensor([0, 0, 0]) };
      let eager = { params: tensor([1, 2, 3]), moment: tensor([0, 0, 0]) };
      for (let i = 0; i < 4; i++) {
        const g = tensor([0.5, -1, i]);
        const previous = state;
        const buffers = [previous.params.buffer, previous.moment.buffer];
        resetCounts(backend);
        state = f(state, g);
        const made = backend.counts.newBuffers;
        eager = update(eager, g);
        expectTreesClose(state, eager);
        expect(() => previous.params.toArray()).toThrow(DisposedError);
        expect(() => previous.moment.toArray()).toThrow(/donated to jit\(\) and disposed/);
        if (i >= 1) {
          // Replays: both results live where the donated arguments did.
          expect(made).toBe(0);
          expect(new Set([state.params.buffer, state.moment.buffer])).toEqual(new Set(buffers));
        }
      }
    });
  });

  it('arguments the function donates itself are given up on every replay too', () => {
    const optimizer = sgd(0.1, { momentum: 0.9 });
    const step = jit((p: Params, s: unknown, g: Params) =>
      updateAndApply(optimizer, g, s as never, p, { donate: true }),
    );
    let params: Params = { w: tensor([1, 2]) };
    let state: unknown = optimizer.init(params);
    let before = 0;
    for (let i = 0; i < 5; i++) {
      // After the trace, the cache holds its constants; nothing grows from then on.
      if (i === 1) before = memory().tensors;
      const old = params as { w: Tensor };
      const oldState = state;
      const g = { w: tensor([0.5, i]) };
      [params, state] = step(params, state, g);
      expect(old.w.isDisposed).toBe(true);
      dispose([g, oldState]);
    }
    expect(step.traces).toBe(1);
    expect(memory().tensors).toBe(before);
  });

  it('by argument index, and never into a buffer something else holds', () => {
    const f = jit((x: Tensor) => exp(x), { donate: [0] });
    f(tensor([0]));
    const x = tensor([1, 2]);
    f(x); // traces
    const y = tensor([0, 1]);
    const held = reshape(y, [2]);
    const out = f(y);
    expect(y.isDisposed).toBe(true);
    expect(held.toArray()).toEqual([0, 1]);
    expectTreesClose(out, exp(tensor([0, 1])));
  });

  it('a donated argument returned as it is stays usable through the result', () => {
    const f = jit((x: Tensor, y: Tensor) => [x, add(x, y)] as const, { donate: [0] });
    for (let i = 0; i < 3; i++) {
      const x = tensor([i]);
      const [same, sum2] = scope(() => f(x, tensor([1])));
      expect(same.toArray()).toEqual([i]);
      expect(sum2.toArray()).toEqual([i + 1]);
    }
  });
});
