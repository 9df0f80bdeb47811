import { type DType, type Tensor, tensor } from '@gradkit/tensor';

/** The safetensors dtypes gradkit reads and writes. */
const CODES: Record<DType, { code: string; bytes: number }> = {
  float32: { code: 'F32', bytes: 4 },
  float64: { code: 'F64', bytes: 8 },
  int32: { code: 'I32', bytes: 4 },
  bool: { code: 'BOOL', bytes: 1 },
};
const DTYPES = new Map(Object.entries(CODES).map(([dtype, { code }]) => [code, dtype as DType]));

/**
 * A checkpoint file that is not valid safetensors, or does not fit what it is loaded into.
 *
 * @example
 * ```ts
 * import { Dense } from '@gradkit/train';
 * import { CheckpointError, loadCheckpoint } from '@gradkit/train/checkpoint';
 *
 * try {
 *   loadCheckpoint('broken.safetensors', new Dense(2, 1));
 * } catch (error) {
 *   if (error instanceof CheckpointError) console.error(error.message);
 * }
 * ```
 */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}

/** Decoded contents: tensors by name and the `__metadata__` string map. */
export interface SafetensorsContents {
  readonly tensors: Map<string, Tensor>;
  readonly metadata: Record<string, string>;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function bytesOf(t: Tensor): Uint8Array {
  const values = t.dataSync();
  if (LITTLE_ENDIAN || t.dtype === 'bool') {
    return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  }
  const out = new Uint8Array(values.byteLength);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    if (t.dtype === 'float64') view.setFloat64(i * 8, v, true);
    else if (t.dtype === 'float32') view.setFloat32(i * 4, v, true);
    else view.setInt32(i * 4, v, true);
  });
  return out;
}

/**
 * Encodes tensors in the safetensors format: an 8-byte little-endian header length, a JSON
 * header (dtype, shape, data_offsets per tensor; `__metadata__` strings), padded with spaces
 * to 8 bytes, then the raw little-endian data in header order.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { encodeSafetensors } from '@gradkit/train/checkpoint';
 *
 * const w = tensor([[1, 2], [3, 4]]);
 * const bytes = encodeSafetensors(new Map([['w', w]]), { step: '10' }); // a Uint8Array
 * ```
 */
export function encodeSafetensors(
  tensors: ReadonlyMap<string, Tensor>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  // Null-prototype objects throughout: a tensor or metadata key may be '__proto__', which an
  // ordinary object would take as its prototype rather than as a key.
  const header: Record<string, unknown> = Object.create(null);
  const strings = checkMetadata(metadata);
  if (Object.keys(strings).length > 0) header.__metadata__ = strings;
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of tensors) {
    if (name === '__metadata__') throw new CheckpointError(`'__metadata__' cannot name a tensor`);
    const data = bytesOf(t);
    header[name] = {
      dtype: CODES[t.dtype].code,
      shape: [...t.shape],
      data_offsets: [offset, offset + data.byteLength],
    };
    chunks.push(data);
    offset += data.byteLength;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.byteLength / 8) * 8;
  if (padded !== json.byteLength) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(json);
    json = withSpaces;
  }
  const out = new Uint8Array(8 + json.byteLength + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, json.byteLength, true);
  view.setUint32(4, 0, true);
  out.set(json, 8);
  let position = 8 + json.byteLength;
  for (const chunk of chunks) {
    out.set(chunk, position);
    position += chunk.byteLength;
  }
  return out;
}

/**
 * Copies metadata into a null-prototype object, refusing any value that is not a string:
 * safetensors readers accept only strings there, so such a file could not be read back.
 */
function checkMetadata(metadata: Readonly<Record<string, string>>): Record<string, string> {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new CheckpointError(
      `metadata must be an object of strings, got ${Array.isArray(metadata) ? 'an array' : metadata === null ? 'null' : typeof metadata}`,
    );
  }
  const strings: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') {
      throw new CheckpointError(
        `metadata '${key}' must be a string (safetensors stores only strings there), got ${typeof value} ${JSON.stringify(value) ?? String(value)}: convert it, e.g. String(value) or JSON.stringify(value)`,
      );
    }
    strings[key] = value;
  }
  return strings;
}

function fail(message: string): never {
  throw new CheckpointError(`not a valid safetensors file: ${message}`);
}

function decodeValues(
  bytes: Uint8Array,
  dtype: DType,
  count: number,
): Float32Array | Float64Array | Int32Array | Uint8Array {
  // Copy into an aligned buffer of its own: a tensor's data need not start at a multiple of 8
  // (and Node's Buffer.slice would share memory rather than copy).
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  if (LITTLE_ENDIAN || dtype === 'bool') {
    if (dtype === 'float32') return new Float32Array(copy.buffer, 0, count);
    if (dtype === 'float64') return new Float64Array(copy.buffer, 0, count);
    if (dtype === 'int32') return new Int32Array(copy.buffer, 0, count);
    return copy;
  }
  const view = new DataView(copy.buffer);
  if (dtype === 'float32')
    return Float32Array.from({ length: count }, (_, i) => view.getFloat32(i * 4, true));
  if (dtype === 'float64')
    return Float64Array.from({ length: count }, (_, i) => view.getFloat64(i * 8, true));
  return Int32Array.from({ length: count }, (_, i) => view.getInt32(i * 4, true));
}

interface Entry {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

function parseEntry(name: string, raw: unknown, dataLength: number): Entry {
  if (typeof raw !== 'object' || raw === null) fail(`entry '${name}' is not an object`);
  const { dtype: code, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  const dtype = typeof code === 'string' ? DTYPES.get(code) : undefined;
  if (dtype === undefined)
    fail(
      `entry '${name}' has unsupported dtype ${JSON.stringify(code)} (expected F32, F64, I32 or BOOL)`,
    );
  if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    fail(`entry '${name}' has an invalid shape ${JSON.stringify(shape)}`);
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    offsets.some((o) => !Number.isSafeInteger(o) || o < 0)
  ) {
    fail(`entry '${name}' has invalid data_offsets ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  const expected = (shape as number[]).reduce((a, b) => a * b, 1) * CODES[dtype].bytes;
  if (end < begin || end > dataLength)
    fail(
      `entry '${name}' has data_offsets [${begin}, ${end}] outside the ${dataLength} data bytes`,
    );
  if (end - begin !== expected) {
    fail(
      `entry '${name}' has ${end - begin} bytes but ${code} of shape [${(shape as number[]).join(', ')}] needs ${expected}`,
    );
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

/**
 * Decodes and validates a safetensors file: header length, JSON, dtypes, shapes, and that
 * the data offsets tile the data exactly. Throws a CheckpointError, creating no tensor, on
 * any inconsistency.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { decodeSafetensors, encodeSafetensors } from '@gradkit/train/checkpoint';
 *
 * const bytes = encodeSafetensors(new Map([['w', tensor([1, 2])]]), { step: '10' });
 * const { tensors, metadata } = decodeSafetensors(bytes);
 * tensors.get('w')?.toArray(); // [1, 2]
 * ```
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsContents {
  if (bytes.byteLength < 8)
    fail(`${bytes.byteLength} bytes is shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  if (high !== 0 || low > bytes.byteLength - 8)
    fail(`header length ${high * 2 ** 32 + low} exceeds the file size ${bytes.byteLength}`);
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + low)),
    );
  } catch (error) {
    fail(`the header is not JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    fail('the header is not a JSON object');
  const dataStart = 8 + low;
  const dataLength = bytes.byteLength - dataStart;
  const metadata: Record<string, string> = Object.create(null);
  const entries: Entry[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (
        typeof raw !== 'object' ||
        raw === null ||
        Object.values(raw).some((v) => typeof v !== 'string')
      ) {
        fail('__metadata__ must map names to strings');
      }
      for (const [key, value] of Object.entries(raw)) metadata[key] = value as string;
      continue;
    }
    entries.push(parseEntry(name, raw, dataLength));
  }
  // The tensors must tile the data region: no gaps, no overlaps, nothing after the last one.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const entry of sorted) {
    if (entry.begin !== cursor)
      fail(`entry '${entry.name}' starts at ${entry.begin}, expected ${cursor} (gap or overlap)`);
    cursor = entry.end;
  }
  if (cursor !== dataLength)
    fail(`the data region has ${dataLength} bytes but the tensors cover ${cursor}`);
  const tensors = new Map<string, Tensor>();
  for (const entry of entries) {
    const count = entry.shape.reduce((a, b) => a * b, 1);
    const values = decodeValues(
      bytes.subarray(dataStart + entry.begin, dataStart + entry.end),
      entry.dtype,
      count,
    );
    tensors.set(entry.name, tensor(values, entry.shape, entry.dtype));
  }
  return { tensors, metadata };
}
