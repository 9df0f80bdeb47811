export { type AsyncContext, createAsyncContext } from './async-context.js';
export type {
  Backend,
  BackendCapabilities,
  BackendMemory,
  DataId,
  Kernel,
  KernelTable,
  OutputInfo,
  TensorInfo,
} from './backend.js';
export { type CpuBackendOptions, createCpuBackend } from './cpu/cpu-backend.js';
export { defaultCpuThreads } from './cpu/thread-pool.js';
export {
  arange,
  type DefaultDType,
  eye,
  full,
  fullLike,
  linspace,
  ones,
  onesLike,
  scalar,
  type TensorValues,
  tensor,
  zeros,
  zerosLike,
} from './creation.js';
export { donate } from './donation.js';
export { DTYPES, type DType, isFloating, promoteTypes, type TypedArray } from './dtype.js';
export {
  getBackend,
  retain,
  runPrimitive,
  setBackend,
  tensorFromBuffer,
  withBackend,
} from './engine.js';
export {
  AxisError,
  BackendError,
  DisposedError,
  DTypeError,
  IndexError,
  ShapeError,
  TensorError,
  ValueError,
} from './errors.js';
export { composeElementwise } from './fused/compose-elementwise.js';
export type { ElementwiseExpression } from './fused/elementwise-expression.js';
export { fusedElementwise } from './fused/fused-elementwise.js';
export {
  type FusedElementwiseOutputsOptions,
  fusedElementwiseOutputs,
} from './fused/fused-elementwise-outputs.js';
export {
  isTensorJSON,
  type TensorJSON,
  tensorFromJSON,
  tensorToJSON,
} from './json/tensor-json.js';
export { treeFromJSON, treeToJSON } from './json/tree-json.js';
export { type MemoryInfo, memory } from './memory.js';
export type { NestedArray } from './nested.js';
export {
  isPrimitiveObserved,
  type PrimitiveObserver,
  withPrimitiveObserver,
  withPrimitiveTracer,
} from './observer.js';
export { clip, gelu, leakyRelu, relu, softplus, square } from './ops/activation.js';
export {
  add,
  div,
  equal,
  greater,
  greaterEqual,
  less,
  lessEqual,
  logicalAnd,
  logicalOr,
  maximum,
  minimum,
  mul,
  notEqual,
  pow,
  sub,
} from './ops/binary.js';
export { cast } from './ops/cast.js';
export { type Conv2dOptions, conv2d } from './ops/conv2d.js';
export type { TensorLike } from './ops/convert.js';
export { ELEMENTWISE_OPS, type ElementwiseOps } from './ops/elementwise-ops.js';
export { gather, scatterAdd } from './ops/gather.js';
export { concat, split, stack } from './ops/join.js';
export { dot, matmul } from './ops/matmul.js';
export { oneHot } from './ops/one-hot.js';
export { pad } from './ops/pad.js';
export { avgPool2d, maxPool2d, type Pool2dOptions } from './ops/pool2d.js';
export { type Axis, argmax, argmin, max, min, prod, sum } from './ops/reduce.js';
export { expandDims, flatten, reshape, squeeze } from './ops/reshape.js';
export { slice } from './ops/slice.js';
export { logSoftmax, softmax } from './ops/softmax.js';
export { logSumExp, mean, norm, variance } from './ops/statistics.js';
export { broadcastTo, transpose } from './ops/transpose.js';
export {
  abs,
  ceil,
  cos,
  erf,
  exp,
  expm1,
  floor,
  isFinite,
  isNaN,
  log,
  log1p,
  logicalNot,
  neg,
  reciprocal,
  round,
  rsqrt,
  sigmoid,
  sign,
  sin,
  sqrt,
  tanh,
} from './ops/unary.js';
export { where } from './ops/where.js';
export {
  type ArgReducePrimitive,
  type AvgPool2dParams,
  BINARY_PRIMITIVES,
  type BinaryPrimitive,
  type Conv2dParams,
  type Padding2d,
  type Pool2dParams,
  type Primitive,
  type PrimitiveParams,
  type ReducePrimitive,
  UNARY_PRIMITIVES,
  type UnaryPrimitive,
} from './primitives.js';
export {
  type FloatDType,
  type NormalOptions,
  RandomKey,
  random,
  type TruncatedNormalOptions,
  type UniformOptions,
} from './random/index.js';
export { captureCreated, dispose, keep, scope } from './scope.js';
export { broadcastShapes, type Shape } from './shape.js';
export { type ItemValue, type StaticDType, Tensor } from './tensor.js';
export {
  type LeafOf,
  type MapTree,
  type Tree,
  type TreeDef,
  type TreeKey,
  type TreeOptions,
  type TreePath,
  tree,
} from './tree/index.js';
export {
  type Conv2dGeometry,
  conv2dGeometry,
  type Pool2dGeometry,
  pool2dGeometry,
} from './window-geometry.js';
