import { type Tensor, tensor } from '@gradkit/tensor';

/**
 * The gradient of a scalar function of tensors by central differences, one flat array per
 * argument: `(g(x + h·e_i) - g(x - h·e_i)) / 2h` for every element i of every argument. An
 * independent reference for autograd's results (it runs only the forward function); use it
 * in float64, where h = 1e-6 leaves an error near 1e-9 for smooth functions.
 */
export function centralDifferences(
  g: (...args: Tensor[]) => number,
  args: readonly Tensor[],
  h = 1e-6,
): number[][] {
  return args.map((arg, index) => {
    const base = Float64Array.from(arg.dataSync());
    const valueMovedBy = (i: number, delta: number): number => {
      const values = Float64Array.from(base);
      values[i]! += delta;
      const moved = args.map((other, j) =>
        j === index ? tensor(values, arg.shape, arg.dtype) : other,
      );
      return g(...moved);
    };
    return Array.from(base, (_, i) => (valueMovedBy(i, h) - valueMovedBy(i, -h)) / (2 * h));
  });
}
