import type { Kernel } from '../backend.js';
import { allocate } from '../dtype.js';
import type { ArgReducePrimitive, ReducePrimitive } from '../primitives.js';
import { type Shape, shapeSize, stridesOf } from '../shape.js';
import { valuesOf, wrapValues } from './cpu-data.js';
import { wasmReduce } from './reduce-wasm.js';

interface ReductionPlan {
  readonly outSize: number;
  /** Offset of the first reduced element for each output element. */
  readonly outerOffsets: Int32Array;
  /** Offsets, relative to an outer offset, of the elements reduced into it. */
  readonly innerOffsets: Int32Array;
}

function offsetsOver(
  shape: Shape,
  strides: readonly number[],
  axes: readonly number[],
): Int32Array {
  const dims = axes.map((a) => shape[a]!);
  const size = shapeSize(dims);
  const offsets = new Int32Array(size);
  const counter = new Array<number>(axes.length).fill(0);
  let offset = 0;
  for (let i = 0; i < size; i++) {
    offsets[i] = offset;
    for (let k = axes.length - 1; k >= 0; k--) {
      const stride = strides[axes[k]!]!;
      counter[k]!++;
      if (counter[k]! < dims[k]!) {
        offset += stride;
        break;
      }
      offset -= stride * (dims[k]! - 1);
      counter[k] = 0;
    }
  }
  return offsets;
}

function planReduction(shape: Shape, axes: readonly number[]): ReductionPlan {
  const strides = stridesOf(shape);
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const outerOffsets = offsetsOver(shape, strides, kept);
  const innerOffsets = offsetsOver(shape, strides, axes);
  return { outSize: outerOffsets.length, outerOffsets, innerOffsets };
}

/** True when the reduced axes are the trailing ones, so each group is contiguous. */
function isTrailing(rank: number, axes: readonly number[]): boolean {
  return axes.every((a, i) => a === rank - axes.length + i);
}

type Accumulate = (values: ArrayLike<number>, start: number, count: number, step: number) => number;

const ACCUMULATORS: { readonly [P in ReducePrimitive]: Accumulate } = {
  sum: (v, start, count, step) => {
    let acc = 0;
    for (let i = 0, j = start; i < count; i++, j += step) acc += v[j]!;
    return acc;
  },
  prod: (v, start, count, step) => {
    let acc = 1;
    for (let i = 0, j = start; i < count; i++, j += step) acc *= v[j]!;
    return acc;
  },
  max: (v, start, count, step) => {
    let acc = Number.NEGATIVE_INFINITY;
    for (let i = 0, j = start; i < count; i++, j += step) {
      const x = v[j]!;
      if (x !== x) return Number.NaN;
      if (x > acc) acc = x;
    }
    return acc;
  },
  min: (v, start, count, step) => {
    let acc = Number.POSITIVE_INFINITY;
    for (let i = 0, j = start; i < count; i++, j += step) {
      const x = v[j]!;
      if (x !== x) return Number.NaN;
      if (x < acc) acc = x;
    }
    return acc;
  },
};

export function reduceKernel(primitive: ReducePrimitive): Kernel<ReducePrimitive> {
  const accumulate = ACCUMULATORS[primitive];
  return ([x], { axes }, output) => {
    const input = valuesOf(x!);
    const out = allocate(output.dtype, shapeSize(output.shape));
    if (input instanceof Float32Array && out instanceof Float32Array && axes.length > 0) {
      if (wasmReduce(primitive, input, x!.shape, axes, out)) return wrapValues(out);
    }
    if (isTrailing(x!.shape.length, axes)) {
      const count = shapeSize(axes.map((a) => x!.shape[a]!));
      for (let o = 0; o < out.length; o++) out[o] = accumulate(input, o * count, count, 1);
      return wrapValues(out);
    }
    const plan = planReduction(x!.shape, axes);
    const gathered = new Float64Array(plan.innerOffsets.length);
    for (let o = 0; o < plan.outSize; o++) {
      const base = plan.outerOffsets[o]!;
      for (let k = 0; k < gathered.length; k++) gathered[k] = input[base + plan.innerOffsets[k]!]!;
      out[o] = accumulate(gathered, 0, gathered.length, 1);
    }
    return wrapValues(out);
  };
}

export function argReduceKernel(primitive: ArgReducePrimitive): Kernel<ArgReducePrimitive> {
  const better =
    primitive === 'argmax' ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
  return ([x], { axis }, output) => {
    const input = valuesOf(x!);
    const shape = x!.shape;
    const dim = shape[axis]!;
    const inner = shapeSize(shape.slice(axis + 1));
    const outer = shapeSize(shape.slice(0, axis));
    const out = allocate(output.dtype, outer * inner);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * dim * inner + i;
        let best = 0;
        let bestValue = input[base]!;
        // NaN counts as the extreme value, and the first one wins, as in NumPy.
        if (bestValue === bestValue) {
          for (let k = 1; k < dim; k++) {
            const v = input[base + k * inner]!;
            if (v !== v) {
              best = k;
              break;
            }
            if (better(v, bestValue)) {
              best = k;
              bestValue = v;
            }
          }
        }
        out[o * inner + i] = best;
      }
    }
    return wrapValues(out);
  };
}
