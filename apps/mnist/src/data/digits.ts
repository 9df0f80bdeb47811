/** MNIST digits as flat arrays: image i is pixels[i*784 .. (i+1)*784), values in [0, 1]. */
export interface Digits {
  readonly pixels: Float32Array;
  readonly labels: Int32Array;
  readonly count: number;
}

export const IMAGE_SIZE = 28;
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE;
