// The hand-written convolution gradients against central finite differences on a tiny case.
// conv2d is linear in w and in x, so the differences are exact up to float32 rounding.
import { describe, expect, it } from 'vitest';
import { uniformArray } from '../random-data.js';
import { type ConvShape, conv2d, conv2dBackward, convOutSize } from './conv2d.js';

const S: ConvShape = { channels: 2, batch: 2, height: 5, width: 6, outChannels: 3, kernel: 3 };
const { outHeight, outWidth } = convOutSize(S);
const x = uniformArray(101, S.channels * S.batch * S.height * S.width);
const w = uniformArray(102, S.outChannels * S.channels * S.kernel * S.kernel);
/** The test's loss is Σ y ⊙ r, so its gradient with respect to y is r. */
const r = uniformArray(103, S.outChannels * S.batch * outHeight * outWidth);

function loss(xs: Float32Array, ws: Float32Array) {
  const { y } = conv2d(xs, ws, S);
  let total = 0;
  for (let i = 0; i < y.length; i++) total += y[i]! * r[i]!;
  return total;
}

function finiteDifferences(at: Float32Array, f: () => number) {
  const h = 1e-2;
  return Array.from(at, (_, i) => {
    const saved = at[i]!;
    at[i] = saved + h;
    const up = f();
    at[i] = saved - h;
    const down = f();
    at[i] = saved;
    return (up - down) / (2 * h);
  });
}

describe('plain conv2d backward', () => {
  const { cols } = conv2d(x, w, S);
  const { dw, dx } = conv2dBackward(r, w, cols, S, true);

  it('gives the output shape of a valid convolution', () => {
    expect([outHeight, outWidth]).toEqual([3, 4]);
    expect(conv2d(x, w, S).y.length).toBe(r.length);
  });

  it('matches finite differences for the weights', () => {
    const expected = finiteDifferences(w, () => loss(x, w));
    expect(dw.length).toBe(w.length);
    dw.forEach((g, i) => {
      expect(g).toBeCloseTo(expected[i]!, 3);
    });
  });

  it('matches finite differences for the input', () => {
    const expected = finiteDifferences(x, () => loss(x, w));
    expect(dx).not.toBeNull();
    expect(dx!.length).toBe(x.length);
    dx!.forEach((g, i) => {
      expect(g).toBeCloseTo(expected[i]!, 3);
    });
    // Corner pixels are in one window only, the middle in k² of them: not all alike.
    expect(new Set(expected.map((e) => e.toFixed(3))).size).toBeGreaterThan(10);
  });

  it('skips the input gradient of data', () => {
    expect(conv2dBackward(r, w, cols, S, false).dx).toBeNull();
  });
});
