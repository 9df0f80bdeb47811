import type { Kernel } from '../backend.js';
import { allocate } from '../dtype.js';
import { shapeSize, stridesOf } from '../shape.js';
import { forEachBroadcast } from './broadcast-index.js';
import { valuesOf, wrapValues } from './cpu-data.js';
import { forEachStrided } from './strided-walk.js';

export const transposeKernel: Kernel<'transpose'> = ([x], { perm }, output) => {
  const input = valuesOf(x!);
  const out = allocate(output.dtype, input.length);
  const inStrides = stridesOf(x!.shape);
  // Walk the output in order; the input stride along output axis i is inStrides[perm[i]].
  const strides = perm.map((p) => inStrides[p]!);
  forEachStrided(output.shape, strides, 0, (i, offset) => {
    out[i] = input[offset]!;
  });
  return wrapValues(out);
};

export const broadcastToKernel: Kernel<'broadcastTo'> = ([x], _params, output) => {
  const input = valuesOf(x!);
  const out = allocate(output.dtype, shapeSize(output.shape));
  if (input.length === 1) {
    out.fill(input[0]!);
  } else {
    forEachBroadcast(output.shape, [x!.shape], (i, offsets) => {
      out[i] = input[offsets[0]!]!;
    });
  }
  return wrapValues(out);
};

export const sliceKernel: Kernel<'slice'> = ([x], { begin }, output) => {
  const input = valuesOf(x!);
  const out = allocate(output.dtype, shapeSize(output.shape));
  const inStrides = stridesOf(x!.shape);
  let start = 0;
  for (let i = 0; i < begin.length; i++) start += begin[i]! * inStrides[i]!;
  forEachStrided(output.shape, inStrides, start, (i, offset) => {
    out[i] = input[offset]!;
  });
  return wrapValues(out);
};

export const padKernel: Kernel<'pad'> = ([x], { paddings, value }, output) => {
  const input = valuesOf(x!);
  const out = allocate(output.dtype, shapeSize(output.shape));
  out.fill(value);
  const outStrides = stridesOf(output.shape);
  let start = 0;
  for (let i = 0; i < paddings.length; i++) start += paddings[i]![0] * outStrides[i]!;
  forEachStrided(x!.shape, outStrides, start, (i, offset) => {
    out[offset] = input[i]!;
  });
  return wrapValues(out);
};

export const concatKernel: Kernel<'concat'> = (inputs, { axis }, output) => {
  const out = allocate(output.dtype, shapeSize(output.shape));
  const outer = shapeSize(output.shape.slice(0, axis));
  const outChunk = shapeSize(output.shape.slice(axis));
  let position = 0;
  for (const input of inputs) {
    const values = valuesOf(input);
    const chunk = shapeSize(input.shape.slice(axis));
    for (let o = 0; o < outer; o++) {
      out.set(values.subarray(o * chunk, (o + 1) * chunk), o * outChunk + position);
    }
    position += chunk;
  }
  return wrapValues(out);
};
