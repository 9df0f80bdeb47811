// The safetensors codec against the format spec (huggingface/safetensors): an 8-byte
// little-endian header length N, N bytes of UTF-8 JSON ({name: {dtype, shape, data_offsets}}
// plus an optional "__metadata__" string map; trailing spaces allowed), then the data, each
// tensor little-endian and row-major at [begin, end) relative to the start of the data.
import { tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { CheckpointError, decodeSafetensors, encodeSafetensors } from './safetensors.js';

const ascii = (text: string) => new TextEncoder().encode(text);

/** A safetensors file built by hand: header JSON padded with spaces to `pad`, then the data. */
function file(headerJson: string, data: readonly number[], pad = 8): Uint8Array {
  const json = ascii(headerJson);
  const length = Math.ceil(json.byteLength / pad) * pad;
  const out = new Uint8Array(8 + length + data.length).fill(0x20, 8, 8 + length);
  for (let i = 0, n = length; i < 8; i++, n = Math.floor(n / 256)) out[i] = n % 256;
  out.set(json, 8);
  out.set(data, 8 + length);
  return out;
}

/** The header a file declares, read by hand: [length field, JSON text as stored]. */
function headerOf(bytes: Uint8Array): [number, string] {
  let length = 0;
  for (let i = 7; i >= 0; i--) length = length * 256 + bytes[i]!;
  return [length, new TextDecoder().decode(bytes.subarray(8, 8 + length))];
}

function corruption(bytes: Uint8Array): string {
  try {
    decodeSafetensors(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).name).toBe('CheckpointError');
    return (error as Error).message;
  }
  throw new Error('expected a CheckpointError');
}

describe('encodeSafetensors', () => {
  it('writes the bytes the spec gives for one float32 tensor and metadata', () => {
    const bytes = encodeSafetensors(new Map([['w', tensor([1, 2])]]), { step: '10' });
    const header =
      '{"__metadata__":{"step":"10"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    // 1.0f = 0x3f800000 and 2.0f = 0x40000000, little-endian.
    expect([...bytes]).toEqual([...file(header, [0, 0, 0x80, 0x3f, 0, 0, 0, 0x40])]);
  });

  it('pads the header with spaces to a multiple of 8 and puts the data right after it', () => {
    const bytes = encodeSafetensors(new Map([['a', tensor([1], [1], 'int32')]]));
    const [length, json] = headerOf(bytes);
    expect(length % 8).toBe(0);
    expect(json.trimEnd()).toBe('{"a":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}}');
    expect(json.slice(json.trimEnd().length)).toMatch(/^ {0,7}$/);
    expect(bytes.byteLength).toBe(8 + length + 4);
    expect([...bytes.subarray(8 + length)]).toEqual([1, 0, 0, 0]);
  });

  it('lays tensors out in insertion order with contiguous offsets and spec dtype codes', () => {
    const tensors = new Map([
      ['f64', tensor([0.5, -2], [2], 'float64')],
      ['i32', tensor([-1, 256], [2], 'int32')],
      ['mask', tensor([true, false, true], [3], 'bool')],
      ['s', tensor(3, [], 'float32')],
      ['empty', tensor([], [0, 3], 'float32')],
    ]);
    const bytes = encodeSafetensors(tensors);
    const [length, json] = headerOf(bytes);
    expect(JSON.parse(json)).toEqual({
      f64: { dtype: 'F64', shape: [2], data_offsets: [0, 16] },
      i32: { dtype: 'I32', shape: [2], data_offsets: [16, 24] },
      mask: { dtype: 'BOOL', shape: [3], data_offsets: [24, 27] },
      s: { dtype: 'F32', shape: [], data_offsets: [27, 31] },
      empty: { dtype: 'F32', shape: [0, 3], data_offsets: [31, 31] },
    });
    expect(json.trimEnd().startsWith('{"f64":')).toBe(true); // no __metadata__ when empty
    const data = [...bytes.subarray(8 + length)];
    expect(data).toEqual([
      ...[0, 0, 0, 0, 0, 0, 0xe0, 0x3f], // 0.5 = 0x3fe0000000000000
      ...[0, 0, 0, 0, 0, 0, 0, 0xc0], // -2 = 0xc000000000000000
      ...[0xff, 0xff, 0xff, 0xff], // -1
      ...[0, 1, 0, 0], // 256
      ...[1, 0, 1], // booleans, one byte each
      ...[0, 0, 0x40, 0x40], // 3.0f = 0x40400000
    ]);
  });

  it("refuses a tensor named '__metadata__'", () => {
    expect(() => encodeSafetensors(new Map([['__metadata__', tensor([1])]]))).toThrow(
      new CheckpointError("'__metadata__' cannot name a tensor"),
    );
  });
});

describe('decodeSafetensors', () => {
  it('round-trips float32, float64, int32 and bool tensors, rank 0 and empty ones', () => {
    const cases = {
      f32: [[1.5, -2.25, 3], [3], 'float32'],
      f64: [
        [
          [0.1, 1e-300],
          [-1e300, 2 ** -1074],
        ],
        [2, 2],
        'float64',
      ],
      i32: [[-(2 ** 31), 2 ** 31 - 1, 0], [3], 'int32'],
      bool: [[[true], [false]], [2, 1], 'bool'],
      scalar: [7.5, [], 'float64'],
      scalarInt: [-3, [], 'int32'],
      empty: [[], [0], 'bool'],
      emptyMatrix: [[], [2, 0], 'float32'],
    } as const;
    const input = new Map(
      Object.entries(cases).map(([name, [values, shape, dtype]]) => [
        name,
        tensor(values, shape, dtype),
      ]),
    );
    const { tensors, metadata } = decodeSafetensors(
      encodeSafetensors(input, { epoch: '3', note: 'ünïcode ✓' }),
    );
    expect(metadata).toEqual({ epoch: '3', note: 'ünïcode ✓' });
    expect([...tensors.keys()]).toEqual(Object.keys(cases));
    for (const [name, [values, shape, dtype]] of Object.entries(cases)) {
      const t = tensors.get(name)!;
      expect(t.dtype, name).toBe(dtype);
      expect(t.shape, name).toEqual(shape);
      expect(t.toArray(), name).toEqual(shape.length === 2 && shape[1] === 0 ? [[], []] : values);
    }
  });

  it('reads a file written by hand: unpadded header, tensors stored out of order', () => {
    const header =
      '{"b":{"dtype":"I32","shape":[1],"data_offsets":[8,12]},"a":{"dtype":"F64","shape":[],"data_offsets":[0,8]}}';
    const bytes = file(header, [0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0x2a, 0, 0, 0], 1);
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect(metadata).toEqual({});
    expect(tensors.get('a')!.dtype).toBe('float64');
    expect(tensors.get('a')!.toArray()).toBe(1);
    expect(tensors.get('b')!.toArray()).toEqual([42]);
  });

  it('reads from a view at an unaligned offset of a larger buffer', () => {
    const header = '{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
    const inner = file(header, [0, 0, 0xc0, 0x3f]); // 1.5f
    const outer = new Uint8Array(inner.byteLength + 3);
    outer.set(inner, 3);
    expect(decodeSafetensors(outer.subarray(3)).tensors.get('x')!.toArray()).toEqual([1.5]);
  });

  const entry = (fields: string) => file(`{"x":{${fields}}}`, [0, 0, 0, 0]);
  const valid = '"dtype":"F32","shape":[1]';

  it.each([
    [new Uint8Array(5), '5 bytes is shorter than the 8-byte header length'],
    [
      Uint8Array.of(100, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x7d),
      'header length 100 exceeds the file size 10',
    ],
    [Uint8Array.of(0, 0, 0, 0, 1, 0, 0, 0), 'header length 4294967296 exceeds the file size 8'],
    [file('[1, 2]', []), 'the header is not a JSON object'],
    [file('{"__metadata__":{"epoch":3}}', []), '__metadata__ must map names to strings'],
    [file('{"x":5}', []), "entry 'x' is not an object"],
    [
      entry('"dtype":"F16","shape":[2],"data_offsets":[0,4]'),
      `entry 'x' has unsupported dtype "F16" (expected F32, F64, I32 or BOOL)`,
    ],
    [
      entry('"dtype":"F32","shape":[-1],"data_offsets":[0,4]'),
      "entry 'x' has an invalid shape [-1]",
    ],
    [entry(`${valid},"data_offsets":[0]`), "entry 'x' has invalid data_offsets [0]"],
    [
      entry(`${valid},"data_offsets":[0,8]`),
      "entry 'x' has data_offsets [0, 8] outside the 4 data bytes",
    ],
    [
      entry('"dtype":"F64","shape":[1],"data_offsets":[0,4]'),
      "entry 'x' has 4 bytes but F64 of shape [1] needs 8",
    ],
    [
      file(`{"x":{${valid},"data_offsets":[4,8]}}`, [0, 0, 0, 0, 0, 0, 0, 0]),
      "entry 'x' starts at 4, expected 0 (gap or overlap)",
    ],
    [
      file(`{"x":{${valid},"data_offsets":[0,4]}}`, [0, 0, 0, 0, 9]),
      'the data region has 5 bytes but the tensors cover 4',
    ],
  ])('refuses corrupt input %#', (bytes, detail) => {
    expect(corruption(bytes)).toBe(`not a valid safetensors file: ${detail}`);
  });

  it('refuses a header that is not UTF-8 JSON', () => {
    expect(corruption(file('{"x":', []))).toMatch(
      /^not a valid safetensors file: the header is not JSON \(/,
    );
    const invalidUtf8 = file('{"x":1}', []);
    invalidUtf8[9] = 0xff;
    expect(corruption(invalidUtf8)).toMatch(
      /^not a valid safetensors file: the header is not JSON/,
    );
  });

  it('refuses overlapping tensors', () => {
    const header = `{"a":{${valid},"data_offsets":[0,4]},"b":{${valid},"data_offsets":[0,4]}}`;
    expect(corruption(file(header, [0, 0, 0, 0]))).toBe(
      "not a valid safetensors file: entry 'b' starts at 0, expected 4 (gap or overlap)",
    );
  });
});
