import { tensor } from '../creation.js';
import { type DType, isDType } from '../dtype.js';
import { ValueError } from '../errors.js';
import { assertValidShape, formatShape, shapeSize } from '../shape.js';
import { Tensor } from '../tensor.js';

/**
 * A tensor as plain JSON data, in the argument order of TF.js's `tf.tensor(values, shape,
 * dtype)`: `data` holds the values flat in row-major order; `float32`/`float64` values that
 * JSON has no number for are written as the strings `"NaN"`, `"Infinity"`, `"-Infinity"` and
 * `"-0"`, so the form is lossless for every dtype.
 */
export interface TensorJSON {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: readonly (number | boolean | string)[];
}

const SPECIAL: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
  '-0': -0,
};

function encode(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (Object.is(value, -0)) return '-0';
  return value;
}

/**
 * The `{ dtype, shape, data }` form of a tensor (see `TensorJSON`); `tensorFromJSON` reads it
 * back exactly. Numbers print with JavaScript's shortest round-trip form, so float32 and
 * float64 values survive `JSON.stringify` / `JSON.parse` bit for bit.
 *
 * @example
 * ```ts
 * import { tensor, tensorFromJSON, tensorToJSON } from '@gradkit/tensor';
 *
 * const json = tensorToJSON(tensor([[1, 2], [3, Number.NaN]]));
 * // { dtype: 'float32', shape: [2, 2], data: [1, 2, 3, 'NaN'] }
 * const back = tensorFromJSON(JSON.parse(JSON.stringify(json)));
 * ```
 */
export function tensorToJSON(x: Tensor): TensorJSON {
  if (!(x instanceof Tensor)) {
    throw new ValueError('tensorToJSON', 'x', `must be a Tensor, got ${typeof x}`);
  }
  x.assertLive('tensorToJSON');
  const values = x.dataSync();
  const data: (number | boolean | string)[] = new Array(values.length);
  if (x.dtype === 'bool') {
    for (let i = 0; i < values.length; i++) data[i] = values[i] !== 0;
  } else {
    for (let i = 0; i < values.length; i++) data[i] = encode(values[i]!);
  }
  return { dtype: x.dtype, shape: [...x.shape], data };
}

/**
 * Whether `value` has the `{ dtype, shape, data }` form `tensorToJSON` writes (exactly those
 * three keys, a known dtype, an array shape and array data).
 *
 * @example
 * ```ts
 * import { isTensorJSON } from '@gradkit/tensor';
 *
 * isTensorJSON({ dtype: 'int32', shape: [2], data: [1, 2] }); // true
 * isTensorJSON({ weight: [1, 2] }); // false
 * ```
 */
export function isTensorJSON(value: unknown): value is TensorJSON {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 3) return false;
  const candidate = value as Record<string, unknown>;
  return (
    isDType(candidate.dtype) && Array.isArray(candidate.shape) && Array.isArray(candidate.data)
  );
}

/**
 * Makes a tensor from the `{ dtype, shape, data }` form of `tensorToJSON`, on the backend in
 * force. Checks the form, the shape against the number of values, and each value against
 * the dtype.
 *
 * @example
 * ```ts
 * import { tensorFromJSON } from '@gradkit/tensor';
 *
 * const x = tensorFromJSON({ dtype: 'float64', shape: [2], data: [0.1, '-Infinity'] });
 * ```
 */
export function tensorFromJSON(json: TensorJSON): Tensor {
  const op = 'tensorFromJSON';
  if (!isTensorJSON(json)) {
    throw new ValueError(
      op,
      'json',
      `must be an object { dtype, shape, data } with a dtype of float32, float64, int32 or bool, got ${describe(json)}`,
    );
  }
  const shape = assertValidShape(op, 'json.shape', json.shape);
  if (shapeSize(shape) !== json.data.length) {
    throw new ValueError(
      op,
      'json.data',
      `holds ${json.data.length} values but shape ${formatShape(shape)} needs ${shapeSize(shape)}`,
    );
  }
  const values: (number | boolean)[] = new Array(json.data.length);
  for (let i = 0; i < json.data.length; i++) {
    const value = json.data[i];
    if (typeof value === 'string' && value in SPECIAL && json.dtype !== 'int32') {
      values[i] = SPECIAL[value]!;
    } else if (json.dtype === 'bool' ? typeof value === 'boolean' : typeof value === 'number') {
      values[i] = value as number | boolean;
    } else {
      throw new ValueError(
        op,
        'json.data',
        `holds ${JSON.stringify(value)} at index ${i}, which is not a ${json.dtype} value`,
      );
    }
  }
  return tensor(values, shape, json.dtype);
}

function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  return `an object with keys ${Object.keys(value).join(', ') || '(none)'}`;
}
