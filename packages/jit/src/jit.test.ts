import { grad, valueAndGrad } from '@gradkit/autograd';
import {
  add,
  createCpuBackend,
  DisposedError,
  exp,
  logSoftmax,
  matmul,
  memory,
  mul,
  oneHot,
  type RandomKey,
  random,
  reshape,
  scope,
  sum,
  type Tensor,
  tanh,
  tensor,
  withBackend,
} from '@gradkit/tensor';
import { describe, expect, it, vi } from 'vitest';
import { jit } from './jit.js';
import { expectTreesClose } from './testing/close.js';
import { TraceError } from './trace-error.js';

const affine = (x: Tensor, w: Tensor, b: Tensor) => tanh(add(matmul(x, w), b));

describe('jit', () => {
  it('traces once per signature and replays the same numbers as eager', () => {
    const f = jit(affine);
    for (let i = 0; i < 4; i++) {
      const x = tensor([[i, 1, -2]]);
      const w = tensor([[0.5], [-1], [0.25 * i]]);
      const b = tensor([0.1]);
      expectTreesClose(f(x, w, b), affine(x, w, b));
    }
    expect(f.traces).toBe(1);
    expect(f.cacheSize).toBe(1);
  });

  it('traces again for new shapes, dtypes, structures and static values', () => {
    const f = jit((x: Tensor, k: number) => mul(x, k), { onRetrace: () => {} });
    f(tensor([1, 2]), 2);
    f(tensor([3, 4]), 2);
    expect(f.traces).toBe(1);
    expectTreesClose(f(tensor([1, 2, 3]), 2), tensor([2, 4, 6]));
    expect(f.traces).toBe(2);
    expectTreesClose(f(tensor([1, 2]), 3), tensor([3, 6]));
    expect(f.traces).toBe(3);
    expectTreesClose(
      f(tensor([1, 2], undefined, 'float64'), 3),
      tensor([3, 6], undefined, 'float64'),
    );
    expect(f.traces).toBe(4);
  });

  it('keeps trees, static leaves and passed-through tensors of the result', () => {
    const f = jit((args: { x: Tensor; scale: number; tag: string }) => ({
      y: mul(args.x, args.scale),
      tag: args.tag,
      same: args.x,
      pair: [exp(args.x), 7] as const,
    }));
    for (let i = 0; i < 3; i++) {
      const x = tensor([i, 1]);
      const out = f({ x, scale: 2, tag: 'a' });
      expect(out.tag).toBe('a');
      expect(out.pair[1]).toBe(7);
      expect(out.same.toArray()).toEqual([i, 1]);
      expectTreesClose(out.y, tensor([2 * i, 2]));
      expectTreesClose(out.pair[0], exp(x));
    }
    expect(f.traces).toBe(1);
  });

  it('reads reshaped views of inputs and intermediates', () => {
    const f = jit((x: Tensor) => sum(mul(reshape(exp(x), [2, 2]), reshape(x, [2, 2])), 1));
    for (const values of [
      [1, 2, 3, 4],
      [0, -1, 0.5, 2],
    ]) {
      const x = tensor(values);
      expectTreesClose(f(x), sum(mul(reshape(exp(x), [2, 2]), reshape(x, [2, 2])), 1));
    }
  });

  it('random draws from a RandomKey argument: the key is static, a new key retraces', () => {
    const f = jit((x: Tensor, key: RandomKey) => add(x, random.normal(key, [2])), {
      onRetrace: () => {},
    });
    const [k1, k2] = random.split(random.key(0), 2) as [RandomKey, RandomKey];
    const x = tensor([1, 2]);
    expectTreesClose(f(x, k1), add(x, random.normal(k1, [2])));
    expectTreesClose(f(tensor([0, 0]), k1), random.normal(k1, [2]));
    expect(f.traces).toBe(1);
    expectTreesClose(f(x, k2), add(x, random.normal(k2, [2])));
    expect(f.traces).toBe(2);
  });

  it('onTrace names the random draws of each trace; clearing the cache in it runs the next call afresh', () => {
    const heard: { traces: number; randomDraws: readonly string[] }[] = [];
    let calls = 0;
    // A key made inside the function from host state: the recording would freeze its mask.
    const f = jit(
      (x: Tensor) => mul(x, random.bernoulli(random.foldIn(random.key(3), calls++), 0.5, [64])),
      {
        onTrace: ({ traces, randomDraws }) => {
          heard.push({ traces, randomDraws });
          f.clearCache();
        },
      },
    );
    const x = tensor(Array.from({ length: 64 }, (_, i) => i + 1));
    const first = f(x);
    const second = f(x);
    expect(heard).toEqual([
      { traces: 1, randomDraws: ['random.bernoulli'] },
      { traces: 2, randomDraws: ['random.bernoulli'] },
    ]);
    expect(f.cacheSize).toBe(0);
    // Each call drew its own mask, as eager code does.
    expect(first.toArray()).not.toEqual(second.toArray());
    const plain = jit((x: Tensor) => add(x, 1), { onTrace: (info) => heard.push(info) });
    plain(x);
    plain(x);
    expect(heard.at(-1)).toEqual({ name: 'the function', traces: 1, randomDraws: [] });
    expect(heard).toHaveLength(3);
    expect(() => jit((x: Tensor) => x, { onTrace: 1 as never })).toThrow(/options\.onTrace/);
  });

  it('closes over constants: captured tensors and literals stay what they were when traced', () => {
    const w = tensor([2, 3]);
    const f = jit((x: Tensor) => add(mul(x, w), 1));
    f(tensor([1, 1]));
    expectTreesClose(f(tensor([1, 2])), tensor([3, 7]));
  });

  it('compiles valueAndGrad: forward and backward replay', () => {
    const loss = (w: Tensor, x: Tensor) => sum(mul(exp(matmul(x, w)), 2));
    const step = jit(valueAndGrad(loss));
    for (let i = 0; i < 3; i++) {
      const w = tensor([[0.1 * i], [0.2]]);
      const x = tensor([
        [1, 2],
        [3, -4],
      ]);
      expectTreesClose(step(w, x), valueAndGrad(loss)(w, x));
    }
    expect(step.traces).toBe(1);
  });

  it('runs inline under grad, so the gradient of a jitted function is the eager one', () => {
    const f = jit((x: Tensor) => sum(mul(tanh(x), x)));
    const x = tensor([0.5, -1, 2]);
    f(x);
    expectTreesClose(grad(f)(x), grad((y: Tensor) => sum(mul(tanh(y), y)))(x));
    const second = grad((y: Tensor) => grad(f)(y) as Tensor);
    const reference = grad((y: Tensor) => grad((z: Tensor) => sum(mul(tanh(z), z)))(y) as Tensor);
    expectTreesClose(second(tensor(0.3)), reference(tensor(0.3)));
  });

  it('composes with itself: jit of a function calling a jitted one', () => {
    const inner = jit((x: Tensor) => exp(mul(x, 2)));
    const outer = jit((x: Tensor) => add(inner(x), inner(add(x, 1))));
    for (const v of [0, 1, -1]) {
      const x = tensor([v, v / 2]);
      expectTreesClose(outer(x), add(exp(mul(x, 2)), exp(mul(add(x, 1), 2))));
    }
    expect(outer.traces).toBe(1);
    expect(inner.traces).toBe(0);
  });

  it('replays on the backend the arguments live on, one cache entry per backend', () => {
    const f = jit((x: Tensor) => exp(x));
    const other = createCpuBackend({ threads: 1 });
    const a = f(tensor([1]));
    const b = withBackend(other, () => f(tensor([1])));
    expect(b.backend).toBe(other);
    expect(a.backend).not.toBe(other);
    expect(f.cacheSize).toBe(2);
  });

  it('evicts the least recently used signature beyond maxCacheSize', () => {
    const f = jit((x: Tensor) => add(x, 1), { maxCacheSize: 2, onRetrace: () => {} });
    f(tensor([1]));
    f(tensor([1, 2]));
    f(tensor([1])); // most recent now
    f(tensor([1, 2, 3])); // evicts [2]
    expect(f.cacheSize).toBe(2);
    f(tensor([1]));
    expect(f.traces).toBe(3);
    f(tensor([1, 2]));
    expect(f.traces).toBe(4);
    f.clearCache();
    expect(f.cacheSize).toBe(0);
  });

  it('clearCache and eviction free the constants and planned buffers a compiled signature holds', () => {
    const backend = createCpuBackend({ threads: 1 });
    withBackend(backend, () => {
      const x = tensor([1, 2, 3]);
      const baseline = { tensors: memory().tensors, buffers: backend.memory().buffers };
      const f = jit((v: Tensor, k: number) => exp(add(mul(exp(v), v), tensor([1, 2, k]))), {
        maxCacheSize: 1,
        onRetrace: () => {},
      });
      for (let i = 0; i < 3; i++) f(x, 3).dispose();
      expect(memory().tensors).toBeGreaterThan(baseline.tensors);
      expect(backend.memory().buffers).toBeGreaterThan(baseline.buffers);
      for (let i = 0; i < 3; i++) f(x, 4).dispose(); // evicts the first signature
      expect(f.cacheSize).toBe(1);
      f.clearCache();
      expect(memory().tensors).toBe(baseline.tensors);
      expect(backend.memory().buffers).toBe(baseline.buffers);
    });
  });

  it('warns once, naming what changed, when it keeps retracing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const f = jit(function scaled(x: Tensor, k: number) {
        return mul(x, k);
      });
      for (let k = 0; k < 6; k++) f(tensor([1]), k);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(
        /jit: scaled was traced 4 times.*argument 1: static number 2 -> static number 3/,
      );
    } finally {
      warn.mockRestore();
    }
  });

  it('tells onRetrace each retrace with the changing shape', () => {
    const seen: string[] = [];
    const f = jit((p: { w: Tensor }) => exp(p.w), { onRetrace: (info) => seen.push(info.change) });
    f({ w: tensor([1]) });
    f({ w: tensor([1, 2]) });
    expect(seen).toEqual(['argument 0 w: float32[1] -> float32[2]']);
  });

  describe('errors', () => {
    it.each([
      ['item', (t: Tensor) => t.item()],
      ['dataSync', (t: Tensor) => t.dataSync()],
      ['toArray', (t: Tensor) => t.toArray()],
    ] as const)('reading a traced value with %s throws a TraceError naming it', (op, read) => {
      const f = jit((x: Tensor) => {
        read(sum(x));
        return x;
      });
      const attempt = () => f(tensor([1, 2]));
      expect(attempt).toThrow(TraceError);
      expect(attempt).toThrow(
        new RegExp(`^${op}: cannot read the values .* while jit traces .*static argument`),
      );
      expect(f.cacheSize).toBe(0);
    });

    it('data() inside a trace rejects with a TraceError', async () => {
      let pending: Promise<unknown> | undefined;
      const f = jit((x: Tensor) => {
        pending = sum(x).data();
        return x;
      });
      f(tensor([1]));
      await expect(pending).rejects.toThrow(TraceError);
    });

    it('control flow on data is refused the same way', () => {
      const f = jit((x: Tensor) => (sum(x).item() > 0 ? x : mul(x, -1)));
      expect(() => f(tensor([1]))).toThrow(/item: cannot read the values/);
    });

    it('index labels are inputs like any other: oneHot checks their range when tracing', () => {
      const f = jit((logits: Tensor, labels: Tensor) =>
        sum(mul(logSoftmax(logits), oneHot(labels, 3))),
      );
      const logits = tensor([
        [1, 2, 3],
        [0, -1, 1],
      ]);
      for (const labels of [
        [0, 2],
        [1, 1],
      ]) {
        const l = tensor(labels, undefined, 'int32');
        expectTreesClose(f(logits, l), sum(mul(logSoftmax(logits), oneHot(l, 3))));
      }
      expect(f.traces).toBe(1);
      expect(() => f(logits, tensor([0, 5, 1], undefined, 'int32'))).toThrow(
        /oneHot: argument 'indices' holds 5/,
      );
    });

    it('reading constants inside the trace is allowed', () => {
      const f = jit((x: Tensor) => mul(x, tensor([3]).item()));
      expectTreesClose(f(tensor([2])), tensor([6]));
    });

    it('rejects bad options and arguments, naming them', () => {
      expect(() => jit(3 as unknown as () => void)).toThrow(
        /jit: argument 'fn' must be a function/,
      );
      expect(() => jit(exp, { maxCacheSize: 0 })).toThrow(
        /argument 'options.maxCacheSize' must be a positive integer/,
      );
      expect(() => jit(exp, { donate: [-1] })).toThrow(/argument 'options.donate' holds -1/);
      expect(() => jit(exp, { donate: [2] })(tensor([1]))).toThrow(
        /names argument 2, but the call has 1 argument/,
      );
      expect(() => jit(exp, { donate: ['params'] })(tensor([1]))).toThrow(
        /names 'params', which is not a key/,
      );
      const f = jit(exp);
      const x = tensor([1]);
      f(x);
      x.dispose();
      expect(() => f(x)).toThrow(DisposedError);
    });

    it('an error in the function leaves nothing cached', () => {
      const f = jit((x: Tensor, y: Tensor) => add(x, y));
      expect(() => f(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(/add/);
      expect(f.cacheSize).toBe(0);
      expect(scope(() => f(tensor([1]), tensor([2])).toArray())).toEqual([3]);
    });
  });
});
