import { assertValueFits, assertValuesFit } from './creation-values.js';
import {
  allocate,
  type DType,
  isDType,
  storageDType,
  type TypedArray,
  toStorage,
} from './dtype.js';
import { fromStorage } from './engine.js';
import { ValueError } from './errors.js';
import { flattenNested, inferShape, type NestedArray } from './nested.js';
import { assertValidShape, formatShape, type Shape, shapeSize } from './shape.js';
import type { StaticDType, Tensor } from './tensor.js';

/** Values a tensor can be made from. */
export type TensorValues = NestedArray | TypedArray | readonly (number | boolean)[];

type NestedBooleans = boolean | readonly NestedBooleans[];

/**
 * The static dtype of `tensor(values)` without a dtype argument: `'bool'` for booleans, else
 * any `DType`, so that `let x = tensor([1]); x = add(x, 1);` compiles.
 *
 * @example
 * ```ts
 * import type { DefaultDType } from '@gradkit/tensor';
 *
 * const dtype: DefaultDType<boolean[]> = 'bool';
 * ```
 */
export type DefaultDType<V> = [V] extends [readonly never[]]
  ? DType
  : [V] extends [NestedBooleans]
    ? 'bool'
    : DType;

function checkDType(op: string, dtype: unknown): DType | undefined {
  if (dtype === undefined) return undefined;
  if (!isDType(dtype)) {
    throw new ValueError(
      op,
      'dtype',
      `must be one of float32, float64, int32, bool, got ${String(dtype)}`,
    );
  }
  return dtype;
}

/**
 * Makes a tensor from a scalar, nested arrays, or a flat array / typed array with a shape.
 * Numbers default to float32, booleans to bool, typed arrays to their own dtype.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 *
 * const x = tensor([[1, 2], [3, 4]]); // float32, shape [2, 2]
 * const y = tensor(new Int32Array([1, 2, 3, 4]), [2, 2]); // int32, from the typed array
 * ```
 */
export function tensor<const V extends TensorValues, D extends DType = DefaultDType<V>>(
  values: V,
  shape?: Shape,
  dtype?: D,
): Tensor<StaticDType<D>> {
  const op = 'tensor';
  if (isDType(shape)) {
    // tensor(values, 'int32') reads naturally but the dtype is the third argument.
    throw new ValueError(
      op,
      'shape',
      `got the dtype '${shape}'; the dtype is the third argument: tensor(values, undefined, '${shape}')`,
    );
  }
  checkDType(op, dtype);
  let flat: ArrayLike<number | boolean>;
  let inferred: Shape;
  if (ArrayBuffer.isView(values)) {
    flat = values as TypedArray;
    inferred = [flat.length];
  } else {
    inferred = inferShape(op, values);
    flat = flattenNested(values);
  }
  let finalShape = inferred;
  if (shape !== undefined) {
    assertValidShape(op, 'shape', shape);
    if (shapeSize(shape) !== flat.length) {
      throw new ValueError(
        op,
        'shape',
        `${formatShape(shape)} holds ${shapeSize(shape)} elements but ${flat.length} values were given (shape ${formatShape(inferred)})`,
      );
    }
    finalShape = shape;
  }
  const resolved =
    dtype ??
    (ArrayBuffer.isView(values)
      ? values instanceof Uint8Array
        ? 'int32'
        : storageDType(values as TypedArray)
      : flat.length > 0 && typeof flat[0] === 'boolean'
        ? 'bool'
        : 'float32');
  assertValuesFit(op, 'values', flat, resolved);
  return fromStorage(op, toStorage(resolved, flat), finalShape, resolved) as Tensor<StaticDType<D>>;
}

/**
 * A rank-0 tensor.
 *
 * @example
 * ```ts
 * import { scalar } from '@gradkit/tensor';
 *
 * const s = scalar(3.5);
 * s.shape; // []
 * s.item(); // 3.5
 * ```
 */
export function scalar<
  V extends number | boolean,
  D extends DType = [V] extends [boolean] ? 'bool' : DType,
>(value: V, dtype?: D): Tensor<StaticDType<D>> {
  return tensor(value, [], dtype) as Tensor<StaticDType<D>>;
}

/**
 * A tensor of `shape` filled with `value`.
 *
 * @example
 * ```ts
 * import { full } from '@gradkit/tensor';
 *
 * full([2, 2], 0.5).toArray(); // [[0.5, 0.5], [0.5, 0.5]]
 * ```
 */
export function full<
  V extends number | boolean,
  D extends DType = [V] extends [boolean] ? 'bool' : DType,
>(shape: Shape, value: V, dtype?: D): Tensor<StaticDType<D>> {
  return filled('full', shape, value, dtype) as Tensor<StaticDType<D>>;
}

function filled(op: string, shape: Shape, value: number | boolean, dtype?: DType): Tensor {
  assertValidShape(op, 'shape', shape);
  const resolved = checkDType(op, dtype) ?? (typeof value === 'boolean' ? 'bool' : 'float32');
  assertValueFits(op, 'value', value, resolved);
  const values = allocate(resolved, shapeSize(shape));
  values.fill(toStorage(resolved, [value])[0]!);
  return fromStorage(op, values, shape, resolved);
}

/**
 * A tensor of `shape` filled with 0.
 *
 * @param shape - The dimensions, e.g. `[2, 3]`; `[]` is a scalar.
 * @param dtype - Default `'float32'`.
 *
 * @example
 * ```ts
 * import { zeros } from '@gradkit/tensor';
 *
 * const z = zeros([2, 3]); // float32 [[0, 0, 0], [0, 0, 0]]
 * const counts = zeros([4], 'int32');
 * ```
 */
export function zeros<D extends DType = DType>(
  shape: Shape,
  dtype: D = 'float32' as D,
): Tensor<StaticDType<D>> {
  return filled('zeros', shape, 0, dtype) as Tensor<StaticDType<D>>;
}

/**
 * A tensor of `shape` filled with 1 (`true` for bool).
 *
 * @param shape - The dimensions, e.g. `[2, 3]`; `[]` is a scalar.
 * @param dtype - Default `'float32'`.
 *
 * @example
 * ```ts
 * import { ones } from '@gradkit/tensor';
 *
 * const o = ones([2, 2]); // [[1, 1], [1, 1]]
 * const mask = ones([3], 'bool'); // [true, true, true]
 * ```
 */
export function ones<D extends DType = DType>(
  shape: Shape,
  dtype: D = 'float32' as D,
): Tensor<StaticDType<D>> {
  return filled('ones', shape, 1, dtype) as Tensor<StaticDType<D>>;
}

/**
 * Zeros with the shape of `x` and its dtype (or `dtype`).
 *
 * @example
 * ```ts
 * import { tensor, zerosLike } from '@gradkit/tensor';
 *
 * const x = tensor([[1, 2], [3, 4]]);
 * zerosLike(x).toArray(); // [[0, 0], [0, 0]]
 * ```
 */
export function zerosLike(x: Tensor, dtype?: DType): Tensor {
  x.assertLive('zerosLike');
  return full(x.shape, 0, dtype ?? x.dtype);
}

/**
 * Ones with the shape of `x` and its dtype (or `dtype`).
 *
 * @example
 * ```ts
 * import { onesLike, tensor } from '@gradkit/tensor';
 *
 * const x = tensor([1, 2, 3], undefined, 'int32');
 * onesLike(x).toArray(); // [1, 1, 1], int32
 * ```
 */
export function onesLike(x: Tensor, dtype?: DType): Tensor {
  x.assertLive('onesLike');
  return full(x.shape, 1, dtype ?? x.dtype);
}

/**
 * A tensor with the shape of `x` and its dtype (or `dtype`), filled with `value`.
 *
 * @example
 * ```ts
 * import { fullLike, tensor } from '@gradkit/tensor';
 *
 * const x = tensor([1, 2, 3]);
 * fullLike(x, 7).toArray(); // [7, 7, 7]
 * ```
 */
export function fullLike(x: Tensor, value: number | boolean, dtype?: DType): Tensor {
  x.assertLive('fullLike');
  return full(x.shape, value, dtype ?? x.dtype);
}

/**
 * Evenly spaced values in [start, stop), as NumPy's `arange`: `arange(5)` is 0..4.
 * Integer arguments give int32, others float32, unless `dtype` is given.
 *
 * @example
 * ```ts
 * import { arange } from '@gradkit/tensor';
 *
 * arange(5).toArray(); // [0, 1, 2, 3, 4], int32
 * arange(0, 1, 0.25).toArray(); // [0, 0.25, 0.5, 0.75], float32
 * ```
 */
export function arange(start: number, stop?: number, step = 1, dtype?: DType): Tensor {
  const op = 'arange';
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  for (const [name, v] of [
    ['start', start],
    ['stop', stop],
    ['step', step],
  ] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ValueError(op, name, `must be a finite number, got ${String(v)}`);
    }
  }
  if (step === 0) throw new ValueError(op, 'step', 'must not be 0');
  const resolved =
    checkDType(op, dtype) ??
    (Number.isInteger(start) && Number.isInteger(stop) && Number.isInteger(step)
      ? 'int32'
      : 'float32');
  const count = Math.max(0, Math.ceil((stop - start) / step));
  assertValidShape(op, 'stop', [count]);
  const values = allocate(resolved, count);
  for (let i = 0; i < count; i++) values[i] = start + i * step;
  return fromStorage(op, values, [count], resolved);
}

/**
 * `num` evenly spaced values from start to stop (inclusive unless `endpoint` is false).
 *
 * @example
 * ```ts
 * import { linspace } from '@gradkit/tensor';
 *
 * linspace(0, 1, 5).toArray(); // [0, 0.25, 0.5, 0.75, 1]
 * linspace(0, 1, 4, { endpoint: false }).toArray(); // [0, 0.25, 0.5, 0.75]
 * ```
 */
export function linspace(
  start: number,
  stop: number,
  num: number,
  options: { endpoint?: boolean; dtype?: DType } = {},
): Tensor {
  const op = 'linspace';
  if (!Number.isInteger(num) || num < 0) {
    throw new ValueError(op, 'num', `must be a non-negative integer, got ${num}`);
  }
  assertValidShape(op, 'num', [num]);
  const endpoint = options.endpoint ?? true;
  const resolved = checkDType(op, options.dtype) ?? 'float32';
  const values = allocate(resolved, num);
  const divisions = endpoint ? num - 1 : num;
  const step = divisions > 0 ? (stop - start) / divisions : 0;
  for (let i = 0; i < num; i++) values[i] = start + i * step;
  if (endpoint && num > 1) values[num - 1] = stop;
  return fromStorage(op, values, [num], resolved);
}

/**
 * An identity matrix with `n` rows and `m` (default `n`) columns.
 *
 * @example
 * ```ts
 * import { eye } from '@gradkit/tensor';
 *
 * eye(2).toArray(); // [[1, 0], [0, 1]]
 * eye(2, 3).shape; // [2, 3]
 * ```
 */
export function eye(n: number, m: number = n, dtype: DType = 'float32'): Tensor {
  const op = 'eye';
  for (const [name, v] of [
    ['n', n],
    ['m', m],
  ] as const) {
    if (!Number.isInteger(v) || v < 0)
      throw new ValueError(op, name, `must be a non-negative integer, got ${v}`);
  }
  checkDType(op, dtype);
  assertValidShape(op, 'n', [n, m]);
  const values = allocate(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
  return fromStorage(op, values, [n, m], dtype);
}
