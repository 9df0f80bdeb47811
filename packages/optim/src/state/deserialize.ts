import { DTYPES, type DType, type Tensor, tensor, ValueError } from '@gradkit/tensor';
import { base64ToBytes } from './base64.js';
import { FORMAT, LITTLE_ENDIAN, type SerializedState, TAGS, VERSION } from './format.js';

const op = 'deserializeState';

const ARRAY_TYPES = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
} as const;

const NUMBERS: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
  '-0': -0,
};

function fail(path: string, message: string): never {
  throw new ValueError(op, 'serialized', `${message} at ${path}`);
}

function decodeTensor(encoded: unknown, path: string): Tensor {
  const { dtype, shape, data } = (encoded ?? {}) as {
    dtype?: unknown;
    shape?: unknown;
    data?: unknown;
  };
  if (!DTYPES.includes(dtype as DType)) fail(path, `has an unknown dtype ${String(dtype)}`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    fail(path, 'has an invalid tensor shape');
  }
  if (typeof data !== 'string') fail(path, 'has tensor data that is not a base64 string');
  const ArrayType = ARRAY_TYPES[dtype as DType];
  const bytes = base64ToBytes(data);
  const size = (shape as number[]).reduce((a, b) => a * b, 1);
  if (bytes.length !== size * ArrayType.BYTES_PER_ELEMENT) {
    fail(path, `has ${bytes.length} bytes of data for ${size} ${String(dtype)} values`);
  }
  const values = new ArrayType(bytes.buffer, bytes.byteOffset, size);
  return tensor(values, shape as number[], dtype as DType);
}

function decode(value: unknown, path: string): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value))
    return Object.freeze(value.map((item, i) => decode(item, `${path}[${i}]`)));
  const keys = Object.keys(value);
  const record = value as Record<string, unknown>;
  if (keys.length === 1 && (TAGS as readonly string[]).includes(keys[0]!)) {
    const tag = keys[0]!;
    const inner = record[tag];
    if (tag === '$tensor') return decodeTensor(inner, path);
    if (tag === '$undefined') return undefined;
    if (tag === '$number') {
      if (typeof inner !== 'string' || !Object.hasOwn(NUMBERS, inner))
        fail(path, `has an unknown $number ${String(inner)}`);
      return NUMBERS[inner as string];
    }
    if (typeof inner !== 'object' || inner === null)
      fail(path, 'has a $object that is not an object');
    return decodeObject(inner as Record<string, unknown>, path);
  }
  if (keys.some((key) => key.startsWith('$')))
    fail(path, `has an unknown tag among ${keys.join(', ')}`);
  return decodeObject(record, path);
}

function decodeObject(record: Record<string, unknown>, path: string): unknown {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) out[key] = decode(item, `${path}.${key}`);
  return Object.freeze(out);
}

/**
 * Rebuilds a state saved by `serializeState` (the object, or its JSON text). Arrays and
 * objects come back frozen; tensors are new tensors on the active backend with the saved
 * dtype, shape and bytes. Throws a ValueError naming the path of anything malformed.
 *
 * @example
 * ```ts
 * import { adam, deserializeState, serializeState } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const optimizer = adam(1e-3);
 * const state = optimizer.init({ w: tensor([1, 2]) });
 * const json = JSON.stringify(serializeState(state));
 * const restored = deserializeState<typeof state>(json);
 * ```
 */
export function deserializeState<S = unknown>(serialized: SerializedState | string): S {
  if (!LITTLE_ENDIAN) throw new ValueError(op, 'serialized', 'needs a little-endian host');
  const parsed = (
    typeof serialized === 'string' ? JSON.parse(serialized) : serialized
  ) as Partial<SerializedState>;
  if (parsed?.format !== FORMAT || parsed.version !== VERSION) {
    throw new ValueError(op, 'serialized', `is not a ${FORMAT} version ${VERSION} object`);
  }
  return decode(parsed.state, 'state') as S;
}
