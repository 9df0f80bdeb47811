import { ValueError } from '../errors.js';
import type { Padding2d } from '../primitives.js';

/** A number for both spatial dimensions, or [height, width]. */
export type Pair = number | readonly [number, number];

export function pair(op: string, argument: string, value: Pair, minimum: number): [number, number] {
  const result: [number, number] =
    typeof value === 'number' ? [value, value] : [value[0], value[1]];
  if (!Array.isArray(value) && typeof value !== 'number') {
    throw new ValueError(op, argument, `must be a number or [height, width], got ${String(value)}`);
  }
  for (const v of result) {
    if (!Number.isInteger(v) || v < minimum) {
      throw new ValueError(
        op,
        argument,
        `must hold integers >= ${minimum}, got ${JSON.stringify(value)}`,
      );
    }
  }
  return result;
}

/** Output length of a sliding window, as PyTorch computes it (floor mode). */
export function windowOutput(
  size: number,
  kernel: number,
  stride: number,
  padBefore: number,
  padAfter: number,
  dilation: number,
): number {
  return Math.floor((size + padBefore + padAfter - dilation * (kernel - 1) - 1) / stride) + 1;
}

/** [top, bottom, left, right] from a symmetric pair. */
export function symmetric([h, w]: [number, number]): Padding2d {
  return [h, h, w, w];
}
