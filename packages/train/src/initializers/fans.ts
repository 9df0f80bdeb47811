import { ValueError } from '@gradkit/tensor';

/**
 * fan_in and fan_out of a weight shape, as MindSpore and PyTorch: [out, in, ...kernel] gives
 * fan_in = in * prod(kernel), fan_out = out * prod(kernel); a 1-D shape has both equal to its size.
 *
 * @example
 * ```ts
 * import { fans } from '@gradkit/train';
 *
 * fans('init', [16, 3, 5, 5]); // { fanIn: 75, fanOut: 400 }
 * ```
 */
export function fans(op: string, shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) {
    throw new ValueError(op, 'shape', 'needs at least one dimension to compute fan_in and fan_out');
  }
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

/**
 * The gain of a nonlinearity, as `torch.nn.init.calculate_gain`.
 *
 * @example
 * ```ts
 * import { calculateGain } from '@gradkit/train';
 *
 * calculateGain('relu'); // √2
 * calculateGain('leaky_relu', 0.2); // √(2 / (1 + 0.2²))
 * ```
 */
export function calculateGain(nonlinearity: string, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new ValueError('calculateGain', 'nonlinearity', `'${nonlinearity}' is not supported`);
  }
}
