import { describe, expect, it } from 'vitest';
import { tensor } from './creation.js';
import { donate } from './donation.js';
import { retain } from './engine.js';
import type { ElementwiseExpression as E } from './fused/elementwise-expression.js';
import { fusedElementwise } from './fused/fused-elementwise.js';
import { withPrimitiveObserver } from './observer.js';
import { square } from './ops/activation.js';
import { add, div, mul } from './ops/binary.js';
import { reshape } from './ops/reshape.js';
import { exp } from './ops/unary.js';
import { expectDonatedTo, onFreshBackend } from './testing/donation-checks.js';
import { assertTensorClose } from './testing/index.js';

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
