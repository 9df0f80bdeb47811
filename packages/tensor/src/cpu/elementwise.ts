import type { Kernel } from '../backend.js';
import type { BinaryPrimitive, UnaryPrimitive } from '../primitives.js';
import { shapeSize } from '../shape.js';
import type { ArithmeticLoops } from './arithmetic-loops.js';
import { forEachBroadcast, repetition } from './broadcast-index.js';
import { valuesOf, wrapValues } from './cpu-data.js';
import { wasmBinary, wasmSelect, wasmUnary } from './elementwise-wasm.js';
import { elementwiseOutput, takeOutput } from './output-pool.js';
import { erf, roundHalfEven, sigmoid } from './special-functions.js';

type UnaryFunction = (x: number) => number;
type BinaryFunction = (a: number, b: number) => number;

export const UNARY_FUNCTIONS: { readonly [P in UnaryPrimitive]: UnaryFunction } = {
  neg: (x) => -x,
  abs: Math.abs,
  sign: (x) => (Number.isNaN(x) ? Number.NaN : x > 0 ? 1 : x < 0 ? -1 : 0),
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  reciprocal: (x) => 1 / x,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid,
  erf,
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  logicalNot: (x) => (x === 0 ? 1 : 0),
  isNaN: (x) => (Number.isNaN(x) ? 1 : 0),
  isFinite: (x) => (Number.isFinite(x) ? 1 : 0),
};

// C's pow, as NumPy and PyTorch: 1^y = 1 and (-1)^(+-Infinity) = 1, where JavaScript gives NaN.
function pow(a: number, b: number): number {
  if (a === 1) return 1;
  if (a === -1 && (b === Number.POSITIVE_INFINITY || b === Number.NEGATIVE_INFINITY)) return 1;
  return a ** b;
}

export const BINARY_FUNCTIONS: { readonly [P in BinaryPrimitive]: BinaryFunction } = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow,
  // NaN propagates, as in NumPy's maximum/minimum.
  // biome-ignore lint/complexity/useMathMinMax: NaN is handled first; the select is faster in hot loops.
  maximum: (a, b) => (a !== a || b !== b ? Number.NaN : a > b ? a : b),
  // biome-ignore lint/complexity/useMathMinMax: NaN is handled first; the select is faster in hot loops.
  minimum: (a, b) => (a !== a || b !== b ? Number.NaN : a < b ? a : b),
  equal: (a, b) => (a === b ? 1 : 0),
  notEqual: (a, b) => (a !== b ? 1 : 0),
  greater: (a, b) => (a > b ? 1 : 0),
  greaterEqual: (a, b) => (a >= b ? 1 : 0),
  less: (a, b) => (a < b ? 1 : 0),
  lessEqual: (a, b) => (a <= b ? 1 : 0),
  logicalAnd: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  logicalOr: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
};

export function unaryKernel(fn: UnaryFunction, primitive?: UnaryPrimitive): Kernel<UnaryPrimitive> {
  return ([x], _params, output) => {
    const input = valuesOf(x!);
    const out = elementwiseOutput(output, input.length);
    if (primitive !== undefined && wasmUnary(primitive, input, out))
      return output.into ?? wrapValues(out);
    for (let i = 0; i < input.length; i++) out[i] = fn(input[i]!);
    return output.into ?? wrapValues(out);
  };
}

export function binaryKernel(
  fn: BinaryFunction,
  loops?: ArithmeticLoops,
  primitive?: BinaryPrimitive,
): Kernel<BinaryPrimitive> {
  return ([a, b], _params, output) => {
    const av = valuesOf(a!);
    const bv = valuesOf(b!);
    const size = shapeSize(output.shape);
    const out = elementwiseOutput(output, size);
    // Large float32 arrays: WebAssembly SIMD, on every thread.
    if (primitive !== undefined && wasmBinary(primitive, a!, b!, out, output.shape)) {
      return output.into ?? wrapValues(out);
    }
    // Fast paths for the common cases: equal shapes, a scalar operand, a bias row, a per-row
    // column; the four arithmetic ops have their own loops for the first two.
    if (av.length === size && bv.length === size) {
      if (loops !== undefined) loops.same(av, bv, out);
      else for (let i = 0; i < size; i++) out[i] = fn(av[i]!, bv[i]!);
      return output.into ?? wrapValues(out);
    }
    if (bv.length === 1 && av.length === size) {
      const s = bv[0]!;
      if (loops !== undefined) loops.scalarB(av, s, out);
      else for (let i = 0; i < size; i++) out[i] = fn(av[i]!, s);
      return output.into ?? wrapValues(out);
    }
    if (av.length === 1 && bv.length === size) {
      const s = av[0]!;
      if (loops !== undefined) loops.scalarA(s, bv, out);
      else for (let i = 0; i < size; i++) out[i] = fn(s, bv[i]!);
      return output.into ?? wrapValues(out);
    }
    // Classified once, and only here: the cases above are the hot ones.
    const bRepeats = av.length === size && bv.length > 0 ? repetition(b!.shape, output.shape) : '';
    if (bRepeats === 'rows') {
      // A bias: b repeats every bv.length elements.
      const n = bv.length;
      for (let row = 0; row < size; row += n) {
        for (let j = 0; j < n; j++) out[row + j] = fn(av[row + j]!, bv[j]!);
      }
    } else if (bRepeats === 'columns') {
      // A per-row value (x − max over the last axes): each of b's elements covers a run.
      const run = size / bv.length;
      for (let r = 0, i = 0; r < bv.length; r++) {
        const s = bv[r]!;
        for (let end = i + run; i < end; i++) out[i] = fn(av[i]!, s);
      }
    } else if (bv.length === size && repetition(a!.shape, output.shape) === 'rows') {
      const n = av.length;
      for (let row = 0; row < size; row += n) {
        for (let j = 0; j < n; j++) out[row + j] = fn(av[j]!, bv[row + j]!);
      }
    } else {
      forEachBroadcast(output.shape, [a!.shape, b!.shape], (i, offsets) => {
        out[i] = fn(av[offsets[0]!]!, bv[offsets[1]!]!);
      });
    }
    return output.into ?? wrapValues(out);
  };
}

export const whereKernel: Kernel<'where'> = ([condition, a, b], _params, output) => {
  const cv = valuesOf(condition!);
  const av = valuesOf(a!);
  const bv = valuesOf(b!);
  const size = shapeSize(output.shape);
  const out = elementwiseOutput(output, size);
  if (wasmSelect(cv, av, bv, out)) return output.into ?? wrapValues(out);
  if (cv.length === size && av.length === size && bv.length === size) {
    for (let i = 0; i < size; i++) out[i] = cv[i] !== 0 ? av[i]! : bv[i]!;
  } else if (cv.length === size && av.length === 1 && bv.length === size) {
    // relu's where(x <= 0, 0, x), and other selects against a constant.
    const s = av[0]!;
    for (let i = 0; i < size; i++) out[i] = cv[i] !== 0 ? s : bv[i]!;
  } else if (cv.length === size && av.length === size && bv.length === 1) {
    const s = bv[0]!;
    for (let i = 0; i < size; i++) out[i] = cv[i] !== 0 ? av[i]! : s;
  } else {
    forEachBroadcast(output.shape, [condition!.shape, a!.shape, b!.shape], (i, offsets) => {
      out[i] = cv[offsets[0]!] !== 0 ? av[offsets[1]!]! : bv[offsets[2]!]!;
    });
  }
  return output.into ?? wrapValues(out);
};

export const castKernel: Kernel<'cast'> = ([x], { dtype }, _output) => {
  const input = valuesOf(x!);
  const out = takeOutput(dtype, input.length);
  if (dtype === 'bool') {
    for (let i = 0; i < input.length; i++) out[i] = input[i] !== 0 ? 1 : 0;
  } else if (dtype === 'int32') {
    // Truncation toward zero, as NumPy's astype; NaN becomes 0.
    for (let i = 0; i < input.length; i++) out[i] = Math.trunc(input[i]!);
  } else {
    out.set(input);
  }
  return wrapValues(out);
};
