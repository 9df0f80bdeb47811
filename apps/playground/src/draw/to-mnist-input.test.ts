import { describe, expect, it } from 'vitest';
import { type RgbaImage, toMnistInput } from './to-mnist-input.js';

/** A black w×h RGBA image with the rectangles given painted in grey level `value` (0-255). */
function image(
  width: number,
  height: number,
  rects: [x: number, y: number, w: number, h: number, value: number][],
): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  for (const [rx, ry, rw, rh, value] of rects) {
    for (let y = ry; y < ry + rh; y++) {
      for (let x = rx; x < rx + rw; x++)
        data.fill(value, (y * width + x) * 4, (y * width + x) * 4 + 3);
    }
  }
  return { width, height, data };
}

/** The set pixels of a 28×28 result as "row,col" strings, and their distinct values. */
function inked(input: Float32Array): { cells: Set<string>; values: Set<number> } {
  const cells = new Set<string>();
  const values = new Set<number>();
  input.forEach((v, i) => {
    if (v > 0) {
      cells.add(`${Math.floor(i / 28)},${i % 28}`);
      values.add(v);
    }
  });
  return { cells, values };
}

function block(rows: [number, number], cols: [number, number]): Set<string> {
  const out = new Set<string>();
  for (let r = rows[0]; r <= rows[1]; r++)
    for (let c = cols[0]; c <= cols[1]; c++) out.add(`${r},${c}`);
  return out;
}

describe('toMnistInput', () => {
  it('returns null for an empty canvas', () => {
    expect(toMnistInput(image(280, 280, []))).toBeNull();
  });

  it('scales a filled square anywhere on the canvas to the central 20×20 block', () => {
    const input = toMnistInput(image(280, 280, [[10, 150, 100, 100, 255]]))!;
    expect(input).toHaveLength(784);
    const { cells, values } = inked(input);
    expect(cells).toEqual(block([4, 23], [4, 23]));
    expect(values).toEqual(new Set([1]));
  });

  it('keeps the aspect ratio: a 20×200 bar becomes 2×20 pixels in the centre columns', () => {
    const input = toMnistInput(image(280, 280, [[200, 40, 20, 200, 255]]))!;
    expect(inked(input).cells).toEqual(block([4, 23], [13, 14]));
  });

  it('averages ink over each target pixel (box filter) and reads grey levels', () => {
    // 40×40 box: each target pixel covers 2×2 source pixels; the left half is half-inked
    // columns (one of every two source columns lit at 255), the right half grey 102 (0.4).
    const rects: [number, number, number, number, number][] = [];
    for (let x = 0; x < 20; x += 2) rects.push([x, 0, 1, 40, 255]);
    rects.push([20, 0, 20, 40, 102]);
    // The mass centre is at x = 85/9 ≈ 9.44 of the 20-pixel box, so the box starts at
    // column round(14 − 9.44) = 5.
    const input = toMnistInput(image(40, 40, rects))!;
    expect(input[4 * 28 + 4]).toBe(0);
    expect(input[4 * 28 + 5]).toBeCloseTo(0.5, 6);
    expect(input[23 * 28 + 14]).toBeCloseTo(0.5, 6);
    expect(input[10 * 28 + 15]).toBeCloseTo(0.4, 6);
    expect(input[10 * 28 + 24]).toBeCloseTo(0.4, 6);
    expect(input[3 * 28 + 10]).toBe(0);
  });

  it('centres by mass, not by box: a heavy left side moves the digit right', () => {
    // 100×100 box, the left 30 columns full ink (6 target columns), the rest 0.1; the mass
    // centre is at x ≈ 4.92 of the box, so it starts at column round(14 − 4.92) = 9 and its
    // last column falls off the 28-pixel frame, as in MNIST's own centring.
    const input = toMnistInput(
      image(100, 100, [
        [0, 0, 30, 100, 255],
        [30, 0, 70, 100, 26],
      ]),
    )!;
    const cols = [...inked(input).cells].map((c) => Number(c.split(',')[1]));
    expect(Math.min(...cols)).toBe(9);
    expect(Math.max(...cols)).toBe(27);
    expect(input[14 * 28 + 9]).toBe(1);
    expect(input[14 * 28 + 20]).toBeCloseTo(26 / 255, 6);
  });
});
