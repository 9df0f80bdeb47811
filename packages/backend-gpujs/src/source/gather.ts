import type { TensorInfo } from '@gradkit/tensor';
import { coordinatesOf, sizeOf } from './index-math.js';
import { argument, kernelSource, THREAD_INDEX } from './kernel-source.js';
import { literal } from './literal.js';
import type { KernelPlan } from './plan.js';

// The op range-checked the indices; negative ones count from the end.
const RESOLVE = (index: string, dim: number) =>
  `if (${index} < 0.0) { ${index} = ${index} + ${literal(dim)}; }`;

/** out[o, p, i] = x[o, indices[p], i] over the axis. */
export function gatherPlan(x: TensorInfo, indices: TensorInfo, axis: number): KernelPlan {
  const dim = x.shape[axis]!;
  const inner = sizeOf(x.shape.slice(axis + 1));
  const outer = sizeOf(x.shape.slice(0, axis));
  const count = sizeOf(indices.shape);
  const position = coordinatesOf('o', THREAD_INDEX, [outer, count, inner]);
  const [o, p, i] = position.names.map((name) => name ?? '0.0');
  const body = [
    ...position.statements,
    `let index = ${argument(1)}[${p}];`,
    RESOLVE('index', dim),
    `return ${argument(0)}[(${o} * ${literal(dim)} + index) * ${literal(inner)} + ${i}];`,
  ];
  return { source: kernelSource(2, body), inputs: [x, indices] };
}

/**
 * x plus the updates whose index lands on each element, summed in index order as the
 * reference does. Gather-style: each thread scans the indices for its own row.
 */
export function scatterAddPlan(
  x: TensorInfo,
  indices: TensorInfo,
  updates: TensorInfo,
  axis: number,
): KernelPlan {
  const dim = x.shape[axis]!;
  const inner = sizeOf(x.shape.slice(axis + 1));
  const outer = sizeOf(x.shape.slice(0, axis));
  const count = sizeOf(indices.shape);
  const position = coordinatesOf('o', THREAD_INDEX, [outer, dim, inner]);
  const [o, r, i] = position.names.map((name) => name ?? '0.0');
  const body = [
    ...position.statements,
    `let acc = ${argument(0)}[${THREAD_INDEX}];`,
    `const from = ${o} * ${literal(count * inner)} + ${i};`,
    'let p = 0.0;',
    `for (let k = 0; k < ${count}; k++) {`,
    `let index = ${argument(1)}[p];`,
    RESOLVE('index', dim),
    `if (index === ${r}) { acc = acc + ${argument(2)}[from + p * ${literal(inner)}]; }`,
    'p = p + 1.0;',
    '}',
    'return acc;',
  ];
  return { source: kernelSource(3, body), inputs: [x, indices, updates] };
}
