import type { DType } from '../dtype.js';
import type { NestedArray } from '../nested.js';
import type { Tensor } from '../tensor.js';

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/**
 * Default tolerances: float32 results are compared at float32 precision, float64 tightly.
 *
 * @example
 * ```ts
 * import { toleranceFor } from '@gradkit/tensor/testing';
 *
 * const { rtol, atol } = toleranceFor('float32');
 * ```
 */
export function toleranceFor(dtype: DType): Tolerance {
  if (dtype === 'float64') return { rtol: 1e-10, atol: 1e-12 };
  if (dtype === 'float32') return { rtol: 1e-5, atol: 1e-6 };
  return { rtol: 0, atol: 0 };
}

function flat(values: NestedArray | ArrayLike<number>): number[] {
  if (typeof values === 'number') return [values];
  if (typeof values === 'boolean') return [values ? 1 : 0];
  const out: number[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (ArrayBuffer.isView(v)) out.push(...Array.from(v as unknown as ArrayLike<number>));
    else out.push(typeof v === 'boolean' ? (v ? 1 : 0) : (v as number));
  };
  walk(values);
  return out;
}

/**
 * Describes how `actual` differs from `expected` (NumPy's isclose: |a - e| <= atol + rtol * |e|,
 * NaN equal to NaN, infinities equal by sign), or returns undefined when they match.
 *
 * @example
 * ```ts
 * import { closeMismatch } from '@gradkit/tensor/testing';
 *
 * closeMismatch([1, 2.0001], [1, 2], { rtol: 1e-3, atol: 0 }); // undefined: close
 * closeMismatch([1, 3], [1, 2], { rtol: 1e-3, atol: 0 }); // a message naming index 1
 * ```
 */
export function closeMismatch(
  actual: ArrayLike<number>,
  expected: NestedArray | ArrayLike<number>,
  tolerance: Tolerance,
): string | undefined {
  const want = flat(expected);
  if (actual.length !== want.length) return `length ${actual.length} vs expected ${want.length}`;
  const { rtol, atol } = tolerance;
  for (let i = 0; i < want.length; i++) {
    const a = actual[i]!;
    const e = want[i]!;
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (a === e) continue;
    if (!Number.isFinite(e) || !Number.isFinite(a) || Math.abs(a - e) > atol + rtol * Math.abs(e)) {
      return `element ${i}: got ${a}, expected ${e} (rtol ${rtol}, atol ${atol})`;
    }
  }
  return undefined;
}

/**
 * Throws with a readable message unless `t` has `shape` and values close to `expected`.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { assertTensorClose } from '@gradkit/tensor/testing';
 *
 * assertTensorClose(tensor([0.1 + 0.2, 1]), [0.3, 1], { shape: [2], rtol: 1e-6 });
 * ```
 */
export function assertTensorClose(
  t: Tensor,
  expected: NestedArray | ArrayLike<number>,
  options: { shape?: readonly number[]; dtype?: DType; rtol?: number; atol?: number } = {},
): void {
  if (options.shape !== undefined && JSON.stringify(t.shape) !== JSON.stringify(options.shape)) {
    throw new Error(
      `shape [${t.shape.join(', ')}] differs from expected [${options.shape.join(', ')}]`,
    );
  }
  if (options.dtype !== undefined && t.dtype !== options.dtype) {
    throw new Error(`dtype ${t.dtype} differs from expected ${options.dtype}`);
  }
  const base = toleranceFor(t.dtype);
  const mismatch = closeMismatch(t.dataSync(), expected, {
    rtol: options.rtol ?? base.rtol,
    atol: options.atol ?? base.atol,
  });
  if (mismatch !== undefined) throw new Error(`tensor ${t.toString()} mismatch at ${mismatch}`);
}
