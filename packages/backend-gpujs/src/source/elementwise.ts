import type { BinaryPrimitive, DType, TensorInfo, UnaryPrimitive } from '@gradkit/tensor';
import { BINARY_CODE, FLOAT32_MAX, UNARY_CODE, type ValueCode } from './elementwise-expressions.js';
import { broadcastStrides, coordinatesOf, offsetOf, type Shape, sizeOf } from './index-math.js';
import { argument, kernelSource, THREAD_INDEX } from './kernel-source.js';
import type { KernelPlan } from './plan.js';
import { stored } from './plan.js';

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * One output element from broadcast inputs: inputs of the output's shape are read at the
 * thread index, scalars at 0, and the rest through broadcast strides. `extraArguments`
 * host arrays follow the inputs (the caller passes them at launch).
 */
export function elementwisePlan(
  inputs: readonly TensorInfo[],
  outShape: Shape,
  outDtype: DType,
  compute: (values: readonly string[], part: string) => ValueCode,
  extraArguments = 0,
  parts = 1,
): KernelPlan {
  // With several parts, thread t computes part t / size of element t % size (the parts'
  // outputs back to back); `compute` picks the part's value by `part` (0.0, 1.0, ...).
  const position = coordinatesOf('q', THREAD_INDEX, [parts, sizeOf(outShape)]);
  const body =
    parts === 1
      ? [`const i = ${THREAD_INDEX};`]
      : [...position.statements, `const i = ${position.names[1] ?? '0.0'};`];
  const part = parts === 1 ? '0.0' : (position.names[0] ?? '0.0');
  const needsCoordinates = inputs.some(
    (x) => sizeOf(x.shape) !== 1 && !sameShape(x.shape, outShape),
  );
  const coordinates = coordinatesOf('o', 'i', outShape);
  if (needsCoordinates) body.push(...coordinates.statements);
  const values = inputs.map((x, k) => {
    const name = `v${k}`;
    let index: string;
    if (sameShape(x.shape, outShape)) index = 'i';
    else if (sizeOf(x.shape) === 1) index = '0';
    else index = offsetOf(coordinates.names, broadcastStrides(x.shape, outShape));
    body.push(`const ${name} = ${argument(k)}[${index}];`);
    return name;
  });
  const code = compute(values, part);
  body.push(...code.statements, `return ${stored(code.value, outDtype)};`);
  return { source: kernelSource(inputs.length + extraArguments, body), inputs };
}

export function unaryPlan(
  primitive: UnaryPrimitive,
  x: TensorInfo,
  outShape: Shape,
  outDtype: DType,
): KernelPlan {
  return elementwisePlan([x], outShape, outDtype, ([v]) => UNARY_CODE[primitive](v!));
}

export function binaryPlan(
  primitive: BinaryPrimitive,
  a: TensorInfo,
  b: TensorInfo,
  outShape: Shape,
  outDtype: DType,
): KernelPlan {
  return elementwisePlan([a, b], outShape, outDtype, ([x, y]) => BINARY_CODE[primitive](x!, y!));
}

export function wherePlan(
  inputs: readonly TensorInfo[],
  outShape: Shape,
  outDtype: DType,
): KernelPlan {
  return elementwisePlan(inputs, outShape, outDtype, ([c, a, b]) => ({
    statements: [],
    value: `(${c} === 0.0 ? ${b} : ${a})`,
  }));
}

/** Casts: bool is 0/1; int32 truncates toward zero, and NaN and infinities become 0. */
export function castPlan(x: TensorInfo, outShape: Shape, dtype: DType): KernelPlan {
  return elementwisePlan([x], outShape, 'float32', ([v]) => {
    if (dtype === 'bool') return { statements: [], value: `(${v} === 0.0 ? 0.0 : 1.0)` };
    if (dtype === 'int32')
      // Finite test against the largest float32: GLSL compilers fold v - v to 0.
      return {
        statements: [],
        value: `(Math.abs(${v}) <= ${FLOAT32_MAX} ? Math.trunc(${v}) : 0.0)`,
      };
    return { statements: [], value: v! };
  });
}
