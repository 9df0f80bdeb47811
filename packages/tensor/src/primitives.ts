import type { DType } from './dtype.js';
import type { Shape } from './shape.js';

/** Elementwise ops of one input. Output shape equals the input's. */
export const UNARY_PRIMITIVES = [
  'neg',
  'abs',
  'sign',
  'exp',
  'log',
  'log1p',
  'expm1',
  'sqrt',
  'rsqrt',
  'reciprocal',
  'sin',
  'cos',
  'tanh',
  'sigmoid',
  'erf',
  'floor',
  'ceil',
  'round',
  'logicalNot',
  'isNaN',
  'isFinite',
] as const;
export type UnaryPrimitive = (typeof UNARY_PRIMITIVES)[number];

/** Elementwise ops of two inputs with NumPy broadcasting. */
export const BINARY_PRIMITIVES = [
  'add',
  'sub',
  'mul',
  'div',
  'pow',
  'maximum',
  'minimum',
  'equal',
  'notEqual',
  'greater',
  'greaterEqual',
  'less',
  'lessEqual',
  'logicalAnd',
  'logicalOr',
] as const;
export type BinaryPrimitive = (typeof BINARY_PRIMITIVES)[number];

/** Reductions over a set of axes; the reduced axes are dropped from the output. */
export const REDUCE_PRIMITIVES = ['sum', 'prod', 'max', 'min'] as const;
export type ReducePrimitive = (typeof REDUCE_PRIMITIVES)[number];

/** Index reductions over one axis (first occurrence wins ties, as NumPy and PyTorch). */
export const ARG_REDUCE_PRIMITIVES = ['argmax', 'argmin'] as const;
export type ArgReducePrimitive = (typeof ARG_REDUCE_PRIMITIVES)[number];

/** Per-side padding of a 2-D window op: [top, bottom, left, right]. */
export type Padding2d = readonly [number, number, number, number];

export interface Conv2dParams {
  readonly stride: readonly [number, number];
  readonly padding: Padding2d;
  readonly dilation: readonly [number, number];
  readonly groups: number;
}

export interface Pool2dParams {
  readonly kernelSize: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: Padding2d;
}

export interface AvgPool2dParams extends Pool2dParams {
  /** Whether padded zeros count in the average's divisor (PyTorch's `count_include_pad`). */
  readonly countIncludePad: boolean;
}

type Empty = Record<string, never>;

/**
 * Parameters of every primitive. The backend interface and (in @gradkit/autograd)
 * the gradient table are total mapped types over these keys.
 */
export type PrimitiveParams = { [P in UnaryPrimitive]: Empty } & {
  [P in BinaryPrimitive]: Empty;
} & { [P in ReducePrimitive]: { readonly axes: readonly number[] } } & {
  [P in ArgReducePrimitive]: { readonly axis: number };
} & {
  /** where(condition, a, b): condition is bool; all three broadcast. */
  where: Empty;
  cast: { readonly dtype: DType };
  /** Batched matmul: [...batch, M, K] x [...batch, K, N] with broadcast batch dims. */
  matmul: { readonly transposeA: boolean; readonly transposeB: boolean };
  transpose: { readonly perm: readonly number[] };
  broadcastTo: { readonly shape: Shape };
  slice: { readonly begin: readonly number[]; readonly size: readonly number[] };
  pad: { readonly paddings: readonly (readonly [number, number])[]; readonly value: number };
  concat: { readonly axis: number };
  /** gather(x, indices): out = x.shape[:axis] + indices.shape + x.shape[axis+1:]. */
  gather: { readonly axis: number };
  /** scatterAdd(x, indices, updates): x plus updates summed at indices along axis. */
  scatterAdd: { readonly axis: number };
  conv2d: Conv2dParams;
  /** Gradient of conv2d with respect to its input: (dy, w) -> dx. */
  conv2dBackpropInput: Conv2dParams & { readonly inputShape: Shape };
  /** Gradient of conv2d with respect to its filter: (x, dy) -> dw. */
  conv2dBackpropFilter: Conv2dParams & { readonly filterShape: Shape };
  maxPool2d: Pool2dParams;
  /** Gradient of maxPool2d: (x, dy) -> dx, routed to the first maximum of each window. */
  maxPool2dBackprop: Pool2dParams;
  avgPool2d: AvgPool2dParams;
  /** Gradient of avgPool2d: (dy) -> dx. */
  avgPool2dBackprop: AvgPool2dParams & { readonly inputShape: Shape };
};

export type Primitive = keyof PrimitiveParams;

// The primitives beyond the grouped lists; the Record type makes a missing one a compile error.
const OTHER_PRIMITIVES: Record<
  Exclude<
    Primitive,
    | (typeof UNARY_PRIMITIVES)[number]
    | (typeof BINARY_PRIMITIVES)[number]
    | (typeof REDUCE_PRIMITIVES)[number]
    | (typeof ARG_REDUCE_PRIMITIVES)[number]
  >,
  true
> = {
  where: true,
  cast: true,
  matmul: true,
  transpose: true,
  broadcastTo: true,
  slice: true,
  pad: true,
  concat: true,
  gather: true,
  scatterAdd: true,
  conv2d: true,
  conv2dBackpropInput: true,
  conv2dBackpropFilter: true,
  maxPool2d: true,
  maxPool2dBackprop: true,
  avgPool2d: true,
  avgPool2dBackprop: true,
};

/** Every primitive's name. */
export const ALL_PRIMITIVES: readonly Primitive[] = [
  ...UNARY_PRIMITIVES,
  ...BINARY_PRIMITIVES,
  ...REDUCE_PRIMITIVES,
  ...ARG_REDUCE_PRIMITIVES,
  ...(Object.keys(OTHER_PRIMITIVES) as (keyof typeof OTHER_PRIMITIVES)[]),
];

const UNARY_SET: ReadonlySet<string> = new Set(UNARY_PRIMITIVES);
const BINARY_SET: ReadonlySet<string> = new Set(BINARY_PRIMITIVES);

export function isUnaryPrimitive(name: string): name is UnaryPrimitive {
  return UNARY_SET.has(name);
}

export function isBinaryPrimitive(name: string): name is BinaryPrimitive {
  return BINARY_SET.has(name);
}
