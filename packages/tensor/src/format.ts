import type { DType, TypedArray } from './dtype.js';
import type { Shape } from './shape.js';

// NumPy's print options: summarize past 1000 elements, keeping 3 items at each edge.
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;

function formatValue(value: number, dtype: DType): string {
  if (dtype === 'bool') return value !== 0 ? 'true' : 'false';
  if (dtype === 'int32') return String(value);
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return `${value}.`;
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e8)) return value.toExponential(4);
  return String(Number(value.toPrecision(dtype === 'float32' ? 6 : 10)));
}

/** Renders `Tensor([[1., 2.], [3., 4.]], dtype=float32, shape=[2, 2])`. */
export function formatTensor(values: TypedArray, shape: Shape, dtype: DType): string {
  const summarize = values.length > THRESHOLD;
  const strides: number[] = [];
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i]!;
  }
  const render = (depth: number, offset: number): string => {
    if (depth === shape.length) return formatValue(values[offset]!, dtype);
    const dim = shape[depth]!;
    const parts: string[] = [];
    const step = strides[depth]!;
    if (summarize && dim > 2 * EDGE_ITEMS) {
      for (let i = 0; i < EDGE_ITEMS; i++) parts.push(render(depth + 1, offset + i * step));
      parts.push('...');
      for (let i = dim - EDGE_ITEMS; i < dim; i++) parts.push(render(depth + 1, offset + i * step));
    } else {
      for (let i = 0; i < dim; i++) parts.push(render(depth + 1, offset + i * step));
    }
    return `[${parts.join(', ')}]`;
  };
  return `Tensor(${render(0, 0)}, dtype=${dtype}, shape=[${shape.join(', ')}])`;
}
