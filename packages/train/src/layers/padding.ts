import { ValueError } from '@gradkit/tensor';

/** MindSpore's padding modes. */
export type PadMode = 'same' | 'valid' | 'pad';

/** [top, bottom, left, right]. */
export type Padding4 = readonly [number, number, number, number];

/**
 * A pair from a number or a [height, width] pair.
 *
 * For example, `toPair('Conv2d', 'kernelSize', 3)` is `[3, 3]`.
 */
export function toPair(
  op: string,
  name: string,
  value: number | readonly number[],
): [number, number] {
  const pair = typeof value === 'number' ? [value, value] : [...value];
  if (pair.length !== 2 || pair.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new ValueError(
      op,
      name,
      `must be a positive integer or a pair of them, got ${JSON.stringify(value)}`,
    );
  }
  return pair as [number, number];
}

/**
 * [top, bottom, left, right] from a number or four numbers, as MindSpore's `padding`.
 *
 * For example, `toPadding4('Conv2d', [1, 2])` is `[1, 1, 2, 2]`.
 */
export function toPadding4(op: string, padding: number | readonly number[]): Padding4 {
  const four =
    typeof padding === 'number'
      ? [padding, padding, padding, padding]
      : padding.length === 2
        ? [padding[0]!, padding[0]!, padding[1]!, padding[1]!]
        : [...padding];
  if (four.length !== 4 || four.some((v) => !Number.isInteger(v) || v < 0)) {
    throw new ValueError(
      op,
      'padding',
      `must be a non-negative integer or 4 of them (top, bottom, left, right), got ${JSON.stringify(padding)}`,
    );
  }
  return four as unknown as Padding4;
}

/**
 * The padding of a window op for MindSpore's pad modes: 'valid' none, 'pad' the given one,
 * 'same' enough for an output of ceil(input/stride), the odd extra at the bottom/right.
 *
 * For example, `resolvePadding('MaxPool2d', 'same', 0, [5, 5], [2, 2], [2, 2])` is
 * `[0, 1, 0, 1]`.
 */
export function resolvePadding(
  op: string,
  padMode: PadMode,
  padding: number | readonly number[],
  input: readonly [number, number],
  kernel: readonly [number, number],
  stride: readonly [number, number],
  dilation: readonly [number, number] = [1, 1],
): Padding4 {
  const given = toPadding4(op, padding);
  if (padMode !== 'pad' && given.some((p) => p !== 0)) {
    throw new ValueError(
      op,
      'padding',
      `must be 0 unless padMode is 'pad', got ${JSON.stringify(padding)} with padMode '${padMode}'`,
    );
  }
  if (padMode === 'pad') return given;
  if (padMode === 'valid') return [0, 0, 0, 0];
  if (padMode !== 'same') {
    throw new ValueError(
      op,
      'padMode',
      `must be 'same', 'valid' or 'pad', got ${JSON.stringify(padMode)}`,
    );
  }
  const totals = [0, 1].map((axis) => {
    const out = Math.ceil(input[axis]! / stride[axis]!);
    const span = (kernel[axis]! - 1) * dilation[axis]! + 1;
    return Math.max((out - 1) * stride[axis]! + span - input[axis]!, 0);
  });
  const [h, w] = totals as [number, number];
  return [Math.floor(h / 2), h - Math.floor(h / 2), Math.floor(w / 2), w - Math.floor(w / 2)];
}

/**
 * Whether top = bottom and left = right, so the op's own symmetric padding suffices.
 *
 * For example, `isSymmetric([1, 1, 2, 2])` is true and `isSymmetric([0, 1, 0, 1])` false.
 */
export function isSymmetric(p: Padding4): boolean {
  return p[0] === p[1] && p[2] === p[3];
}
