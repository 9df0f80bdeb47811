import { PNG } from 'pngjs';
import { IMAGE_SIZE, PIXELS } from '../data/digits.js';

/** One 28×28 digit as a PNG data URI (white ink on black, as MNIST stores it). */
export function digitPngDataUri(pixels: Float32Array, index: number): string {
  const png = new PNG({ width: IMAGE_SIZE, height: IMAGE_SIZE });
  const from = index * PIXELS;
  for (let i = 0; i < PIXELS; i++) {
    const v = Math.round(Math.min(1, Math.max(0, pixels[from + i]!)) * 255);
    const o = i * 4;
    png.data[o] = v;
    png.data[o + 1] = v;
    png.data[o + 2] = v;
    png.data[o + 3] = 255;
  }
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}
