import type { TensorInfo } from '@gradkit/tensor';
import { coordinatesOf, offsetOf, type Shape, sizeOf, stridesOf } from './index-math.js';
import { argument, kernelSource, THREAD_INDEX } from './kernel-source.js';
import { literal } from './literal.js';
import type { KernelPlan } from './plan.js';

/** out[index] = x[start + sum(index_d * strides_d)]: transpose and slice are both this. */
function stridedCopyPlan(
  x: TensorInfo,
  outShape: Shape,
  strides: readonly number[],
  start: number,
): KernelPlan {
  const coordinates = coordinatesOf('o', THREAD_INDEX, outShape);
  const body = [
    ...coordinates.statements,
    `return ${argument(0)}[${offsetOf(coordinates.names, strides, start)}];`,
  ];
  return { source: kernelSource(1, body), inputs: [x] };
}

export function transposePlan(x: TensorInfo, perm: readonly number[], outShape: Shape): KernelPlan {
  const inStrides = stridesOf(x.shape);
  return stridedCopyPlan(
    x,
    outShape,
    perm.map((p) => inStrides[p]!),
    0,
  );
}

export function slicePlan(x: TensorInfo, begin: readonly number[], outShape: Shape): KernelPlan {
  const inStrides = stridesOf(x.shape);
  const start = begin.reduce((sum, b, i) => sum + b * inStrides[i]!, 0);
  return stridedCopyPlan(x, outShape, inStrides, start);
}

/** Reads x where the output coordinate falls inside it, `value` elsewhere. */
export function padPlan(
  x: TensorInfo,
  paddings: readonly (readonly [number, number])[],
  value: number,
  outShape: Shape,
): KernelPlan {
  if (sizeOf(x.shape) === 0)
    return { source: kernelSource(0, [`return ${literal(value)};`]), inputs: [] };
  const inStrides = stridesOf(x.shape);
  const coordinates = coordinatesOf('o', THREAD_INDEX, outShape);
  const conditions: string[] = [];
  let start = 0;
  paddings.forEach(([before, after], axis) => {
    start -= before * inStrides[axis]!;
    if (before === 0 && after === 0) return;
    const name = coordinates.names[axis] ?? '0.0';
    conditions.push(
      `${name} >= ${literal(before)} && ${name} < ${literal(before + x.shape[axis]!)}`,
    );
  });
  const body = [
    ...coordinates.statements,
    `let r = ${literal(value)};`,
    `if (${conditions.length === 0 ? 'true' : conditions.join(' && ')}) {`,
    `r = ${argument(0)}[${offsetOf(coordinates.names, inStrides, start)}];`,
    '}',
    'return r;',
  ];
  return { source: kernelSource(1, body), inputs: [x] };
}

/** Each output row of the concatenated axis reads from the input its position falls in. */
export function concatPlan(
  inputs: readonly TensorInfo[],
  axis: number,
  outShape: Shape,
): KernelPlan {
  const parts = inputs.filter((x) => sizeOf(x.shape) > 0);
  const outChunk = sizeOf(outShape.slice(axis));
  const position = coordinatesOf('o', THREAD_INDEX, [sizeOf(outShape.slice(0, axis)), outChunk]);
  const outer = position.names[0] ?? '0.0';
  const within = position.names[1] ?? '0.0';
  const body = [...position.statements, 'let r = 0.0;'];
  let start = 0;
  parts.forEach((x, k) => {
    const chunk = sizeOf(x.shape.slice(axis));
    body.push(
      `if (${within} >= ${literal(start)} && ${within} < ${literal(start + chunk)}) {`,
      `r = ${argument(k)}[${outer} * ${literal(chunk)} + ${within} - ${literal(start)}];`,
      '}',
    );
    start += chunk;
  });
  body.push('return r;');
  return { source: kernelSource(parts.length, body), inputs: parts };
}

/** Copies x as it is (uploads of host values into device textures). */
export function copyPlan(x: TensorInfo): KernelPlan {
  return { source: kernelSource(1, [`return ${argument(0)}[${THREAD_INDEX}];`]), inputs: [x] };
}
