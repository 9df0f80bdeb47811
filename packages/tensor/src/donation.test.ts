import { describe, expect, it } from 'vitest';
import type { Backend } from './backend.js';
import { createCpuBackend } from './cpu/cpu-backend.js';
import { tensor, zeros } from './creation.js';
import { donate } from './donation.js';
import { retain, withBackend } from './engine.js';
import { DisposedError } from './errors.js';
import { adamStep, applyAdamStep } from './fused/adam-step.js';
import type { ElementwiseExpression as E } from './fused/elementwise-expression.js';
import { fusedElementwise } from './fused/fused-elementwise.js';
import { withPrimitiveObserver } from './observer.js';
import { square } from './ops/activation.js';
import { add, div, mul } from './ops/binary.js';
import { reshape } from './ops/reshape.js';
import { exp } from './ops/unary.js';
import { scope } from './scope.js';
import type { Tensor } from './tensor.js';
import { assertTensorClose } from './testing/index.js';

/** Runs `fn` on a fresh CPU backend and gives the buffers it made (net). */
function onFreshBackend<R>(fn: (backend: Backend) => R): R {
  const backend = createCpuBackend();
  return withBackend(backend, () => fn(backend));
}

function expectDonatedTo(x: Tensor, op: string) {
  expect(x.isDisposed).toBe(true);
  expect(() => x.dataSync()).toThrow(DisposedError);
  expect(() => x.dataSync()).toThrow(`was donated to ${op}() and disposed`);
}

describe('donate', () => {
  it('lets an elementwise op write into the donated buffer and disposes the donor', () =>
    onFreshBackend((backend) => {
      const x = tensor([1, 2, 3]);
      const before = backend.memory().buffers;
      const y = add(donate(x), 1);
      // The scalar operand came and went; the result took x's buffer.
      expect(backend.memory().buffers).toBe(before);
      assertTensorClose(y, [2, 3, 4]);
      expectDonatedTo(x, 'add');
      const z = exp(donate(y));
      expect(backend.memory().buffers).toBe(before);
      assertTensorClose(z, [Math.exp(2), Math.exp(3), Math.exp(4)]);
      expectDonatedTo(y, 'exp');
      z.dispose();
      expect(backend.memory().buffers).toBe(before - 1);
    }));

  it('keeps ops pure for callers who do not donate', () =>
    onFreshBackend((backend) => {
      const x = tensor([1, 2, 3]);
      const before = backend.memory().buffers;
      const y = mul(x, x);
      expect(backend.memory().buffers).toBe(before + 1);
      assertTensorClose(x, [1, 2, 3]);
      assertTensorClose(y, [1, 4, 9]);
    }));

  it('writes the second operand in place too, and a tensor given twice once', () =>
    onFreshBackend((backend) => {
      const a = tensor([1, 2]);
      const b = tensor([10, 20]);
      const before = backend.memory().buffers;
      const c = mul(a, donate(b));
      assertTensorClose(c, [10, 40]);
      assertTensorClose(a, [1, 2]);
      expectDonatedTo(b, 'mul');
      const d = add(donate(c), c);
      assertTensorClose(d, [20, 80]);
      expect(backend.memory().buffers).toBe(before);
    }));

  it('copies instead when another tensor shares the buffer (a view, a retained handle)', () => {
    const x = tensor([1, 2, 3, 4]);
    const view = reshape(x, [2, 2]);
    const y = add(donate(x), 1);
    assertTensorClose(y, [2, 3, 4, 5]);
    assertTensorClose(view, [
      [1, 2],
      [3, 4],
    ]);
    expectDonatedTo(x, 'add');
    const w = tensor([5, 6]);
    const held = retain(w);
    const z = mul(donate(w), 2);
    assertTensorClose(z, [10, 12]);
    assertTensorClose(held, [5, 6]);
    for (const t of [view, y, held, z]) t.dispose();
  });

  it('never writes in place while a tape records: it sees the inputs it was shown', () => {
    const x = tensor([1, 2, 3]);
    const seen: number[][] = [];
    const y = withPrimitiveObserver(
      {
        onPrimitive: (_primitive, inputs) => void seen.push(Array.from(inputs[0]!.dataSync())),
      },
      () => mul(donate(x), 3),
    );
    expect(seen).toEqual([[1, 2, 3]]);
    assertTensorClose(y, [3, 6, 9]);
    expectDonatedTo(x, 'mul');
    y.dispose();
  });

  it('copies when shape or dtype differ (a broadcast donor, an integer donor of a division)', () => {
    const s = tensor(2);
    const m = tensor([
      [1, 2],
      [3, 4],
    ]);
    const y = mul(donate(s), m);
    assertTensorClose(y, [
      [2, 4],
      [6, 8],
    ]);
    expectDonatedTo(s, 'mul');
    const i = tensor([1, 2], undefined, 'int32');
    const q = div(donate(i), 2);
    assertTensorClose(q, [0.5, 1], { dtype: 'float32' });
    expect(i.isDisposed).toBe(true);
    for (const t of [m, y, q]) t.dispose();
  });

  it('inside a composite op copies, and disposes the donor when the op returns', () => {
    const x = tensor([1, -2, 3]);
    const y = square(donate(x));
    assertTensorClose(y, [1, 4, 9]);
    expectDonatedTo(x, 'mul');
    y.dispose();
  });

  it('leaves the donor alive when the op rejects its input', () => {
    const x = tensor([1, 2, 3]);
    expect(() => add(donate(x), tensor([1, 2]))).toThrow(/broadcast/);
    expect(x.isDisposed).toBe(false);
    assertTensorClose(x, [1, 2, 3]);
    x.dispose();
  });

  it('lets a fused tree write into a donated input', () =>
    onFreshBackend((backend) => {
      const tree: E = {
        op: 'add',
        a: { op: 'mul', a: { op: 'input', index: 0 }, b: { op: 'input', index: 1 } },
        b: { op: 'constant', value: 1 },
      };
      const x = tensor([1, 2, 3]);
      const y = tensor([4, 5, 6]);
      const before = backend.memory().buffers;
      const out = fusedElementwise(tree, [x, donate(y)]);
      expect(backend.memory().buffers).toBe(before);
      assertTensorClose(out, [5, 11, 19]);
      expectDonatedTo(y, 'fusedElementwise');
      assertTensorClose(x, [1, 2, 3]);
    }));
});

describe('donating to the Adam step', () => {
  const options = { b1: 0.9, b2: 0.999, eps: 1e-8, count: 3, scale: -0.01 } as const;
  const values = {
    p: [0.5, -1, 2, 0.25],
    g: [0.1, -0.3, 0.02, 0],
    m: [0.01, 0.02, -0.03, 0.04],
    v: [0.001, 0.002, 0.0005, 0],
  };

  /** adamStep then param + update, undonated: the reference. */
  function reference() {
    return scope(() => {
      const r = adamStep(tensor(values.g), tensor(values.m), tensor(values.v), options);
      return [
        add(tensor(values.p), r.update).dataSync(),
        r.firstMoment.dataSync(),
        r.secondMoment.dataSync(),
      ];
    });
  }

  it('applyAdamStep writes param, m and v in place in one kernel, matching adamStep + add', () =>
    onFreshBackend((backend) => {
      const [p, g, m, v] = [values.p, values.g, values.m, values.v].map((x) => tensor(x));
      const expected = reference();
      const before = backend.memory().buffers;
      const r = applyAdamStep(donate(p!), g!, donate(m!), donate(v!), options);
      expect(backend.memory().buffers).toBe(before);
      assertTensorClose(r.param, expected[0]!);
      assertTensorClose(r.firstMoment, expected[1]!);
      assertTensorClose(r.secondMoment, expected[2]!);
      expectDonatedTo(p!, 'applyAdamStep');
      expectDonatedTo(m!, 'applyAdamStep');
      assertTensorClose(g!, values.g);
    }));

  it('applyAdamStep without donation leaves its inputs as they were', () => {
    const [p, g, m, v] = [values.p, values.g, values.m, values.v].map((x) => tensor(x));
    const expected = reference();
    const r = applyAdamStep(p!, g!, m!, v!, options);
    assertTensorClose(r.param, expected[0]!);
    assertTensorClose(p!, values.p);
    assertTensorClose(m!, values.m);
    assertTensorClose(v!, values.v);
  });

  it('applyAdamStep composes on a backend without the kernel, with the same values', () => {
    const cpu = createCpuBackend();
    const plain: Backend = { ...cpu, capabilities: {} };
    const expected = reference();
    withBackend(plain, () => {
      const [p, g, m, v] = [values.p, values.g, values.m, values.v].map((x) => tensor(x));
      const r = applyAdamStep(donate(p!), g!, donate(m!), v!, options);
      assertTensorClose(r.param, expected[0]!);
      assertTensorClose(r.firstMoment, expected[1]!);
      expectDonatedTo(p!, 'applyAdamStep');
      expect(v!.isDisposed).toBe(false);
    });
  });

  it('adamStep writes the moments into donated buffers', () =>
    onFreshBackend((backend) => {
      const [g, m, v] = [values.g, values.m, values.v].map((x) => tensor(x));
      const expected = reference();
      const before = backend.memory().buffers;
      const r = adamStep(g!, donate(m!), donate(v!), options);
      expect(backend.memory().buffers).toBe(before + 1); // the update
      assertTensorClose(r.firstMoment, expected[1]!);
      assertTensorClose(r.secondMoment, expected[2]!);
      expectDonatedTo(v!, 'adamStep');
    }));

  it('rejects mismatched shapes before anything is donated', () => {
    const p = tensor([1, 2, 3]);
    const [g, m, v] = [values.g, values.m, values.v].map((x) => tensor(x));
    expect(() => applyAdamStep(donate(p), g!, m!, v!, options)).toThrow(
      "applyAdamStep: argument 'param' has shape [3] but gradient has [4]",
    );
    expect(p.isDisposed).toBe(false);
    expect(() => applyAdamStep(g!, g!, m!, zeros([4], 'int32'), options)).toThrow(/dtype/);
  });
});
