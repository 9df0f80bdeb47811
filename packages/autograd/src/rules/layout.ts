import { gather, pad, scatterAdd, slice, transpose, zeros } from '@gradkit/tensor';
import type { VjpRule } from './rule.js';
import { sumToShape } from './sum-to-shape.js';

export const transposeRule: VjpRule<'transpose'> = (g, _x, _y, { perm }) => {
  const inverse: number[] = new Array<number>(perm.length);
  perm.forEach((axis, i) => {
    inverse[axis] = i;
  });
  return [() => transpose(g, inverse)];
};

export const broadcastToRule: VjpRule<'broadcastTo'> = (g, [x]) => [() => sumToShape(g, x!.shape)];

export const sliceRule: VjpRule<'slice'> = (g, [x], _y, { begin, size }) => [
  () =>
    pad(
      g,
      x!.shape.map((d, i) => [begin[i]!, d - begin[i]! - size[i]!] as [number, number]),
    ),
];

export const padRule: VjpRule<'pad'> = (g, [x], _y, { paddings }) => [
  () =>
    slice(
      g,
      paddings.map(([before]) => before),
      x!.shape,
    ),
];

export const concatRule: VjpRule<'concat'> = (g, inputs, _y, { axis }) => {
  let offset = 0;
  return inputs.map((x) => {
    const begin = x.shape.map((_, i) => (i === axis ? offset : 0));
    offset += x.shape[axis]!;
    return () => slice(g, begin, x.shape);
  });
};

/** The adjoint of gather is scatterAdd into zeros; indices get no gradient. */
export const gatherRule: VjpRule<'gather'> = (g, [x, indices], _y, { axis }) => [
  () => scatterAdd(zeros(x!.shape, x!.dtype), indices!, g, axis),
  null,
];

export const scatterAddRule: VjpRule<'scatterAdd'> = (g, [_x, indices], _y, { axis }) => [
  () => g,
  null,
  () => gather(g, indices!, axis),
];
