import { describe, expect, it } from 'vitest';
import type { Backend } from './backend.js';
import { createCpuBackend } from './cpu/cpu-backend.js';
import { tensor } from './creation.js';
import { donate } from './donation.js';
import { retain, withBackend } from './engine.js';
import { DisposedError } from './errors.js';
import type { ElementwiseExpression as E } from './fused/elementwise-expression.js';
import { fusedElementwise } from './fused/fused-elementwise.js';
import { fusedElementwiseOutputs } from './fused/fused-elementwise-outputs.js';
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

describe('donating to several outputs at once (fusedElementwiseOutputs)', () => {
  const input = (index: number): E => ({ op: 'input', index });
  const constant = (value: number): E => ({ op: 'constant', value });
  // A momentum step over [p, m, g]: m' = 0.9 m + g, p' = p - 0.1 m'; and p itself read back.
  const momentum: E = { op: 'add', a: { op: 'mul', a: input(1), b: constant(0.9) }, b: input(2) };
  const param: E = { op: 'sub', a: input(0), b: { op: 'mul', a: momentum, b: constant(0.1) } };
  const values = { p: [0.5, -1, 2, 0.25], m: [0.01, 0.02, -0.03, 0.04], g: [0.1, -0.3, 0.02, 0] };

  /** Each tree on its own, undonated: the reference. */
  function reference(p: number[], m: number[], g: number[]) {
    return scope(() =>
      [param, momentum, input(0)].map((tree) =>
        Array.from(fusedElementwise(tree, [tensor(p), tensor(m), tensor(g)]).dataSync()),
      ),
    );
  }

  it('writes the results into donated inputs that other results still read, allocating nothing', () =>
    onFreshBackend((backend) => {
      const [p, m, g] = [values.p, values.m, values.g].map((x) => tensor(x));
      const expected = reference(values.p, values.m, values.g);
      const before = backend.memory().buffers;
      // The third result reads the old p, which the first overwrites.
      const [p1, m1, old] = fusedElementwiseOutputs(
        [param, momentum, input(0)],
        [donate(p!), donate(m!), g!],
        {
          into: [0, 1],
        },
      );
      expect(backend.memory().buffers).toBe(before + 1);
      assertTensorClose(p1!, expected[0]!);
      assertTensorClose(m1!, expected[1]!);
      assertTensorClose(old!, values.p);
      expectDonatedTo(p!, 'fusedElementwiseOutputs');
      expectDonatedTo(m!, 'fusedElementwiseOutputs');
      assertTensorClose(g!, values.g);
    }));

  it('does the same in place over large arrays (the threaded SIMD pass) on 1 and 2 threads', () => {
    const size = (1 << 17) + 3;
    const wave = (k: number) => Array.from({ length: size }, (_, i) => Math.sin(i * k) * 2);
    const [pv, mv, gv] = [wave(1), wave(2), wave(3)];
    const expected = withBackend(createCpuBackend({ threads: 1 }), () =>
      scope(() =>
        [param, momentum].map((tree) => {
          const inputs = [tensor(pv), tensor(mv), tensor(gv)];
          return fusedElementwise(tree, inputs).dataSync().slice();
        }),
      ),
    );
    for (const threads of [1, 2]) {
      const backend = createCpuBackend({ threads });
      withBackend(backend, () => {
        const [p, m, g] = [pv, mv, gv].map((x) => tensor(x));
        const before = backend.memory().buffers;
        const [p1, m1] = fusedElementwiseOutputs([param, momentum], [donate(p!), donate(m!), g!], {
          into: [0, 1],
        });
        expect(backend.memory().buffers).toBe(before);
        // Bit for bit: every element is the same float32 arithmetic however it is split.
        expect(p1!.dataSync()).toEqual(expected[0]);
        expect(m1!.dataSync()).toEqual(expected[1]);
        for (const t of [p1!, m1!, g!]) t.dispose();
      });
    }
  });

  it('leaves undonated inputs as they were', () => {
    const [p, m, g] = [values.p, values.m, values.g].map((x) => tensor(x));
    const expected = reference(values.p, values.m, values.g);
    const [p1, m1] = fusedElementwiseOutputs([param, momentum], [p!, m!, g!], { into: [0, 1] });
    assertTensorClose(p1!, expected[0]!);
    assertTensorClose(m1!, expected[1]!);
    assertTensorClose(p!, values.p);
    assertTensorClose(m!, values.m);
  });

  it('runs one fused tree per result on a backend without the capability, with the same values', () => {
    const cpu = createCpuBackend();
    const plain: Backend = {
      ...cpu,
      capabilities: { ...cpu.capabilities, fusedElementwiseOutputs: undefined },
    };
    const expected = reference(values.p, values.m, values.g);
    withBackend(plain, () => {
      const [p, m, g] = [values.p, values.m, values.g].map((x) => tensor(x));
      const [p1, m1, old] = fusedElementwiseOutputs(
        [param, momentum, input(0)],
        [donate(p!), m!, g!],
        {
          into: [0],
        },
      );
      assertTensorClose(p1!, expected[0]!);
      assertTensorClose(m1!, expected[1]!);
      assertTensorClose(old!, values.p);
      expect(p!.isDisposed).toBe(true);
      expect(m!.isDisposed).toBe(false);
    });
  });

  it('rejects bad targets and shapes before anything is donated', () => {
    const [p, m, g] = [values.p, values.m, values.g].map((x) => tensor(x));
    const call = (into: (number | undefined)[], inputs = [donate(p!), m!, g!]) =>
      fusedElementwiseOutputs([param, momentum], inputs, { into });
    expect(() => call([0, 3])).toThrow(
      "fusedElementwiseOutputs: argument 'into' names input 3 for output 1, but 3 inputs were given",
    );
    expect(() => call([0, 0])).toThrow('names input 0 for two outputs');
    expect(() => call([0], [donate(p!), tensor([1, 2, 3]), g!])).toThrow(/shape/);
    expect(() => fusedElementwiseOutputs([], [p!])).toThrow(
      "fusedElementwiseOutputs: argument 'expressions' must be a non-empty array of trees",
    );
    expect(p!.isDisposed).toBe(false);
  });
});
