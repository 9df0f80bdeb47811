/** RGBA pixels as a canvas gives them (`ImageData`): 4 bytes a pixel, row by row. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: ArrayLike<number>;
}

const SIDE = 28;
/** MNIST fits each digit's bounding box into 20×20 and centres its mass in the 28×28 frame. */
const BOX = 20;
const INK = 0.05;

/**
 * Turns a drawing (light ink on a dark background, intensity from the red channel) into a
 * 28×28 MNIST-style input, values in [0, 1]: the ink's bounding box scaled (box-filtered, aspect
 * kept) so its longer side is 20 pixels, then placed so its centre of mass sits at the centre,
 * as MNIST was made. Returns `null` when nothing is drawn.
 */
export function toMnistInput(image: RgbaImage): Float32Array | null {
  const { width, height, data } = image;
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[(y * width + x) * 4]! / 255 > INK) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  if (x1 < 0) return null;
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const scale = BOX / Math.max(w, h);
  const tw = Math.max(1, Math.round(w * scale));
  const th = Math.max(1, Math.round(h * scale));

  // Box filter: every source pixel of the bounding box falls into one target pixel.
  const sums = new Float64Array(tw * th);
  const counts = new Uint32Array(tw * th);
  for (let y = y0; y <= y1; y++) {
    const ty = Math.floor(((y - y0) * th) / h);
    for (let x = x0; x <= x1; x++) {
      const t = ty * tw + Math.floor(((x - x0) * tw) / w);
      sums[t]! += data[(y * width + x) * 4]! / 255;
      counts[t]!++;
    }
  }
  let mass = 0;
  let mx = 0;
  let my = 0;
  const box = new Float64Array(tw * th);
  for (let ty = 0; ty < th; ty++) {
    for (let tx = 0; tx < tw; tx++) {
      const t = ty * tw + tx;
      const v = counts[t]! > 0 ? sums[t]! / counts[t]! : 0;
      box[t] = v;
      mass += v;
      mx += v * (tx + 0.5);
      my += v * (ty + 0.5);
    }
  }
  const ox = Math.round(SIDE / 2 - mx / mass);
  const oy = Math.round(SIDE / 2 - my / mass);
  const out = new Float32Array(SIDE * SIDE);
  for (let ty = 0; ty < th; ty++) {
    for (let tx = 0; tx < tw; tx++) {
      const x = tx + ox;
      const y = ty + oy;
      if (x >= 0 && x < SIDE && y >= 0 && y < SIDE) out[y * SIDE + x] = box[ty * tw + tx]!;
    }
  }
  return out;
}
