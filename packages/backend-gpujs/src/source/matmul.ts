import type { DType, TensorInfo } from '@gradkit/tensor';
import { broadcastStrides, coordinatesOf, offsetOf, type Shape } from './index-math.js';
import { argument, kernelSource, THREAD_INDEX } from './kernel-source.js';
import { literal } from './literal.js';
import { type KernelPlan, stored } from './plan.js';

/** Batched matmul with broadcast batch dimensions; one thread per output element. */
export function matmulPlan(
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  outShape: Shape,
  outDtype: DType,
): KernelPlan {
  const rank = outShape.length;
  const m = outShape[rank - 2]!;
  const n = outShape[rank - 1]!;
  const k = transposeA ? a.shape[a.shape.length - 2]! : a.shape[a.shape.length - 1]!;
  const batchShape = outShape.slice(0, rank - 2);
  const coordinates = coordinatesOf('o', THREAD_INDEX, outShape);
  const batchNames = coordinates.names.slice(0, rank - 2);
  const row = coordinates.names[rank - 2] ?? '0.0';
  const column = coordinates.names[rank - 1] ?? '0.0';
  const aBatch = broadcastStrides(a.shape.slice(0, -2), batchShape).map((s) => s * m * k);
  const bBatch = broadcastStrides(b.shape.slice(0, -2), batchShape).map((s) => s * k * n);
  // Element (i, p) of a and (p, j) of b, whichever way each is stored.
  const aRow = transposeA ? `${row}` : `${row} * ${literal(k)}`;
  const aStep = transposeA ? literal(m) : '1.0';
  const bColumn = transposeB ? `${column} * ${literal(k)}` : `${column}`;
  const bStep = transposeB ? '1.0' : literal(n);
  const body = [
    ...coordinates.statements,
    `const aStart = ${offsetOf(batchNames, aBatch)} + ${aRow};`,
    `const bStart = ${offsetOf(batchNames, bBatch)} + ${bColumn};`,
    'let acc = 0.0;',
    'let p = 0.0;',
    `for (let q = 0; q < ${k}; q++) {`,
    `acc = acc + ${argument(0)}[aStart + p * ${aStep}] * ${argument(1)}[bStart + p * ${bStep}];`,
    'p = p + 1.0;',
    '}',
    // A sum that starts at +0 is never -0; GLSL may fold 0.0 + x to x and keep a -0 product.
    `return ${stored('(acc === 0.0 ? 0.0 : acc)', outDtype)};`,
  ];
  return { source: kernelSource(2, body), inputs: [a, b] };
}
