import {
  argmax,
  cast,
  DTypeError,
  matmul,
  memory,
  mul,
  reshape,
  sin,
  sum,
  type Tensor,
  tanh,
  tensor,
  ValueError,
} from '@gradkit/tensor';
import { assertTensorClose } from '@gradkit/tensor/testing';
import { describe, expect, it } from 'vitest';
import { jacobian } from './jacobian.js';
import { floats, testDType } from './testing/dtype.js';
import { centralDifferences } from './testing/finite-differences.js';
import { values } from './testing/values.js';

const FD = { rtol: 1e-6, atol: 1e-8 };

/**
 * The Jacobian by central differences: row i is the gradient of output element i, so the
 * result is laid out [...out.shape, ...arg.shape] flattened, as jacobian returns it.
 */
function numericJacobian(
  f: (...args: Tensor[]) => Tensor,
  args: readonly Tensor[],
  outputSize: number,
): number[][] {
  const rows = Array.from({ length: outputSize }, (_, i) =>
    centralDifferences((...a) => f(...a).dataSync()[i]!, args),
  );
  return args.map((_, j) => rows.flatMap((row) => row[j]!));
}

describe('jacobian', () => {
  it('matches central differences, each of shape [...out.shape, ...arg.shape]', () => {
    const f = (w: Tensor, x: Tensor) => sin(tanh(matmul(w, x)));
    const w = values([3, 2], 1);
    const x = values([2, 2], 2);
    const [jw, jx] = jacobian(f, { argnums: [0, 1] })(w, x);
    expect(jw.shape).toEqual([3, 2, 3, 2]);
    expect(jx.shape).toEqual([3, 2, 2, 2]);
    const [expectedW, expectedX] = numericJacobian(f, [w, x], 6);
    assertTensorClose(jw, expectedW!, FD);
    assertTensorClose(jx, expectedX!, FD);
    // argnums defaults to 0 and a number gives one Jacobian, not a tuple.
    const alone = jacobian(f)(w, x);
    expect(alone.shape).toEqual([3, 2, 3, 2]);
    assertTensorClose(alone, expectedW!, FD);
    assertTensorClose(jacobian(f, { argnums: -1 })(w, x), expectedX!, FD);
  });

  it('of a scalar output has the argument shape: the gradient', () => {
    const x = floats([0.5, -1, 2], [3, 1]);
    const j = jacobian((v: Tensor) => sum(mul(v, mul(v, v))))(x);
    expect(j.shape).toEqual([3, 1]);
    assertTensorClose(j, [[0.75], [3], [12]]);
  });

  it('returns one Jacobian per leaf of a tree argument, and null for integer leaves', () => {
    const p = { a: floats([1, 2]), k: tensor([3, 4], [2], 'int32') };
    // f(a) = a²·k elementwise: J = diag(2ak).
    const j = jacobian((q: typeof p) => mul(mul(q.a, q.a), cast(q.k, testDType())))(p);
    assertTensorClose(j.a, [
      [6, 0],
      [0, 16],
    ]);
    expect(j.k).toBeNull();
  });

  it('gives zeros where the output does not depend on the argument', () => {
    const c = floats([1, 2, 3]);
    const j = jacobian((_x: Tensor, y: Tensor) => mul(c, y), { argnums: [0, 1] })(
      floats([5, 6]),
      floats([2]),
    );
    expect(j[0].shape).toEqual([3, 2]);
    assertTensorClose(j[0], [
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    assertTensorClose(j[1], [[1], [2], [3]]);
  });

  it('of an empty output is empty, shaped [...out.shape, ...arg.shape]', () => {
    const x = floats([1, 2]);
    const j = jacobian((v: Tensor) => reshape(mul(v, 0), [0, 2]))(floats([], [0]));
    expect(j.shape).toEqual([0, 2, 0]);
    const k = jacobian((v: Tensor) => mul(floats([], [0]), sum(v)))(x);
    expect(k.shape).toEqual([0, 2]);
    expect(k.size).toBe(0);
  });

  it('refuses a non-tensor or non-float result, naming jacobian and f', () => {
    const x = floats([1, 3, 2]);
    expect(() => jacobian((v: Tensor) => [v] as unknown as Tensor)(x)).toThrow(
      "jacobian: argument 'f' must return a tensor, got object",
    );
    expect(() => jacobian((v: Tensor) => argmax(v))(x)).toThrow(DTypeError);
    expect(() => jacobian((v: Tensor) => argmax(v))(x)).toThrow(
      "jacobian: argument 'f' must return a floating-point tensor, got int32",
    );
    expect(() => jacobian(undefined as never)).toThrow(
      "jacobian: argument 'f' must be a function, got undefined",
    );
    expect(() => jacobian((v: Tensor) => v, { argnums: 1 })(x)).toThrow(
      "jacobian: argument 'argnums' 1 is out of range: f was called with 1 argument(s)",
    );
    expect(() => jacobian((v: Tensor) => v)('x' as never)).toThrow(ValueError);
  });

  it('leaves only the Jacobian behind, also when f fails', () => {
    const x = floats([0.5, 1]);
    const f = (v: Tensor) => sin(mul(v, v));
    const before = memory().tensors;
    const j = jacobian(f)(x);
    expect(memory().tensors).toBe(before + 1);
    j.dispose();
    expect(() => jacobian((v: Tensor) => argmax(f(v)))(x)).toThrow(DTypeError);
    expect(memory().tensors).toBe(before);
  });
});
