import type { Kernel } from '../backend.js';
import { allocate } from '../dtype.js';
import { shapeSize } from '../shape.js';
import { valuesOf, wrapValues } from './cpu-data.js';

// Indices were range-checked by the op; negative ones count from the end.
function resolve(index: number, dim: number): number {
  return index < 0 ? index + dim : index;
}

export const gatherKernel: Kernel<'gather'> = ([x, indices], { axis }, output) => {
  const input = valuesOf(x!);
  const index = valuesOf(indices!);
  const shape = x!.shape;
  const dim = shape[axis]!;
  const outer = shapeSize(shape.slice(0, axis));
  const inner = shapeSize(shape.slice(axis + 1));
  const count = index.length;
  const out = allocate(output.dtype, outer * count * inner);
  for (let o = 0; o < outer; o++) {
    for (let p = 0; p < count; p++) {
      const from = (o * dim + resolve(index[p]!, dim)) * inner;
      out.set(input.subarray(from, from + inner), (o * count + p) * inner);
    }
  }
  return wrapValues(out);
};

export const scatterAddKernel: Kernel<'scatterAdd'> = ([x, indices, updates], { axis }, output) => {
  const out = allocate(output.dtype, shapeSize(output.shape));
  out.set(valuesOf(x!));
  const index = valuesOf(indices!);
  const source = valuesOf(updates!);
  const shape = x!.shape;
  const dim = shape[axis]!;
  const outer = shapeSize(shape.slice(0, axis));
  const inner = shapeSize(shape.slice(axis + 1));
  const count = index.length;
  for (let o = 0; o < outer; o++) {
    for (let p = 0; p < count; p++) {
      const to = (o * dim + resolve(index[p]!, dim)) * inner;
      const from = (o * count + p) * inner;
      for (let i = 0; i < inner; i++) out[to + i] = out[to + i]! + source[from + i]!;
    }
  }
  return wrapValues(out);
};
