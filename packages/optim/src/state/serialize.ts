import { Tensor, ValueError } from '@gradkit/tensor';
import { isRowSparse } from '../row-sparse.js';
import { bytesToBase64 } from './base64.js';
import {
  type EncodedValue,
  FORMAT,
  LITTLE_ENDIAN,
  type SerializedState,
  VERSION,
} from './format.js';

const op = 'serializeState';

function encodeNumber(value: number): EncodedValue {
  if (Number.isNaN(value)) return { $number: 'NaN' };
  if (value === Number.POSITIVE_INFINITY) return { $number: 'Infinity' };
  if (value === Number.NEGATIVE_INFINITY) return { $number: '-Infinity' };
  if (Object.is(value, -0)) return { $number: '-0' };
  return value; // JSON writes the shortest decimal that reads back to the same double
}

function encodeTensor(tensor: Tensor): EncodedValue {
  const values = tensor.dataSync();
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return {
    $tensor: { dtype: tensor.dtype, shape: [...tensor.shape], data: bytesToBase64(bytes) },
  };
}

function encode(value: unknown, path: string, seen: Set<object>): EncodedValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (value === undefined) return { $undefined: true };
  if (typeof value === 'number') return encodeNumber(value);
  if (value instanceof Tensor) return encodeTensor(value);
  if (typeof value !== 'object') {
    throw new ValueError(op, 'state', `holds a ${typeof value} at ${path}; only data can be saved`);
  }
  if (seen.has(value)) throw new ValueError(op, 'state', `refers to itself at ${path}`);
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item, i) => encode(item, `${path}[${i}]`, seen));
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      const kind = isRowSparse(value) ? 'RowSparse' : (prototype?.constructor?.name ?? 'object');
      throw new ValueError(
        op,
        'state',
        `holds a ${kind} at ${path}; only tensors and plain data can be saved`,
      );
    }
    const entries = Object.entries(value).map(([key, item]) => [
      key,
      encode(item, `${path}.${key}`, seen),
    ]);
    const object = Object.fromEntries(entries) as { [key: string]: EncodedValue };
    return Object.keys(object).some((key) => key.startsWith('$')) ? { $object: object } : object;
  } finally {
    seen.delete(value);
  }
}

/**
 * Turns an optimizer state into plain JSON data that `deserializeState` turns back into an
 * equal state, bit for bit: tensors keep dtype, shape and the exact bytes of their values
 * (base64), numbers keep NaN, ±Infinity and −0, and booleans, strings, null, undefined,
 * arrays and plain objects keep their structure. `JSON.stringify` the result to save it.
 * Throws for anything else in the state (functions, class instances, RowSparse, cycles). Reads
 * every tensor synchronously.
 *
 * @example
 * ```ts
 * import { adam, deserializeState, serializeState } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const state = adam(1e-3).init({ w: tensor([1, 2]) });
 * const json = JSON.stringify(serializeState(state)); // e.g. written to a file
 * const restored = deserializeState<typeof state>(JSON.parse(json));
 * ```
 */
export function serializeState(state: unknown): SerializedState {
  if (!LITTLE_ENDIAN) throw new ValueError(op, 'state', 'needs a little-endian host');
  return { format: FORMAT, version: VERSION, state: encode(state, 'state', new Set()) };
}
