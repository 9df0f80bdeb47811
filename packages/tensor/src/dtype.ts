/** Element types a tensor can hold. `float64` is offered by the CPU backend for precise checks. */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

export const DTYPES: readonly DType[] = ['bool', 'int32', 'float32', 'float64'];

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** Maps each dtype to the typed array that stores it. */
export interface DTypeStorage {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

type TypedArrayConstructor = {
  new (length: number): TypedArray;
  new (values: ArrayLike<number>): TypedArray;
  readonly BYTES_PER_ELEMENT: number;
};

const STORAGE: Record<DType, TypedArrayConstructor> = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
};

// Promotion follows PyTorch's category order: bool < int32 < float32 < float64.
const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && value in STORAGE;
}

/**
 * Whether `dtype` is a floating-point dtype (`float32` or `float64`).
 *
 * @example
 * ```ts
 * import { isFloating } from '@gradkit/tensor';
 *
 * isFloating('float32'); // true
 * isFloating('int32'); // false
 * ```
 */
export function isFloating(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

export function bytesPerElement(dtype: DType): number {
  return STORAGE[dtype].BYTES_PER_ELEMENT;
}

export function allocate<D extends DType>(dtype: D, size: number): DTypeStorage[D] {
  return new STORAGE[dtype](size) as DTypeStorage[D];
}

/** Copies (and converts) `values` into fresh storage of `dtype`. */
export function toStorage<D extends DType>(
  dtype: D,
  values: ArrayLike<number | boolean>,
): DTypeStorage[D] {
  const out = allocate(dtype, values.length);
  if (dtype === 'bool') {
    // "Is non-zero", as PyTorch: NaN counts as true although it is falsy in JavaScript.
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      out[i] = value === false || value === 0 ? 0 : 1;
    }
  } else if (dtype === 'int32') {
    // Truncate toward zero as a C cast would; Int32Array itself wraps out-of-range values.
    for (let i = 0; i < values.length; i++) out[i] = Math.trunc(Number(values[i]));
  } else {
    for (let i = 0; i < values.length; i++) out[i] = Number(values[i]);
  }
  return out;
}

export function storageDType(values: TypedArray): DType {
  if (values instanceof Float32Array) return 'float32';
  if (values instanceof Float64Array) return 'float64';
  if (values instanceof Int32Array) return 'int32';
  return 'bool';
}

/**
 * The dtype both operands are converted to before a binary op.
 *
 * @example
 * ```ts
 * import { promoteTypes } from '@gradkit/tensor';
 *
 * promoteTypes('int32', 'float32'); // 'float32'
 * promoteTypes('float32', 'float64'); // 'float64'
 * ```
 */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/** The smallest dtype that holds a JavaScript value without losing its kind. */
export function dtypeOfValue(value: number | boolean): DType {
  if (typeof value === 'boolean') return 'bool';
  return Number.isInteger(value) ? 'int32' : 'float32';
}
