import type { ArgReducePrimitive, DType, ReducePrimitive, TensorInfo } from '@gradkit/tensor';
import { coordinatesOf, offsetOf, sizeOf, stridesOf } from './index-math.js';
import { argument, kernelSource, THREAD_INDEX } from './kernel-source.js';
import { type KernelPlan, stored } from './plan.js';

/** Loop bodies of each reduction over a value `v` into accumulator `acc`. */
const ACCUMULATE: {
  readonly [P in ReducePrimitive]: {
    readonly start: string[];
    readonly step: string[];
    readonly result: string;
  };
} = {
  // Kahan summation: float32 accumulation stays close to the reference's float64 one.
  // The compensation resets when it is not finite, so infinities sum as they should.
  sum: {
    start: ['let acc = 0.0;', 'let carry = 0.0;'],
    step: [
      'const y = v - carry;',
      'const t = acc + y;',
      'carry = (t - acc) - y;',
      'if (!(carry - carry === 0.0)) { carry = 0.0; }',
      'acc = t;',
    ],
    result: 'acc',
  },
  prod: { start: ['let acc = 1.0;'], step: ['acc = acc * v;'], result: 'acc' },
  // NaN wins, as in NumPy; the NaN read is kept rather than written as a literal.
  max: {
    start: ['let acc = -Infinity;', 'let nan = 0.0;', 'let nanValue = 0.0;'],
    step: ['if (!(v === v)) { nan = 1.0; nanValue = v; }', 'if (v > acc) { acc = v; }'],
    result: '(nan > 0.0 ? nanValue : acc)',
  },
  min: {
    start: ['let acc = Infinity;', 'let nan = 0.0;', 'let nanValue = 0.0;'],
    step: ['if (!(v === v)) { nan = 1.0; nanValue = v; }', 'if (v < acc) { acc = v; }'],
    result: '(nan > 0.0 ? nanValue : acc)',
  },
};

/** Reduces `axes` of x; each thread owns one output element and loops over its group. */
export function reducePlan(
  primitive: ReducePrimitive,
  x: TensorInfo,
  axes: readonly number[],
  outDtype: DType,
): KernelPlan {
  const shape = x.shape;
  const strides = stridesOf(shape);
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const outer = coordinatesOf(
    'o',
    THREAD_INDEX,
    kept.map((a) => shape[a]!),
  );
  const base = offsetOf(
    outer.names,
    kept.map((a) => strides[a]!),
  );
  const reducedShape = axes.map((a) => shape[a]!);
  const count = sizeOf(reducedShape);
  const trailing = axes.every((a, i) => a === shape.length - axes.length + i);
  const inner = coordinatesOf('k', 'kf', reducedShape);
  const offset = trailing
    ? 'kf'
    : offsetOf(
        inner.names,
        axes.map((a) => strides[a]!),
      );
  const code = ACCUMULATE[primitive];
  const body = [
    ...outer.statements,
    `const base = ${base};`,
    ...code.start,
    // A float counter beside the loop's: GL backends type loop variables as integers.
    'let kf = 0.0;',
    `for (let k = 0; k < ${count}; k++) {`,
    ...(trailing ? [] : inner.statements),
    `const v = ${argument(0)}[base + ${offset}];`,
    ...code.step,
    'kf = kf + 1.0;',
    '}',
    `return ${stored(code.result, outDtype)};`,
  ];
  return { source: kernelSource(1, body), inputs: [x] };
}

/** Index of the first extreme along `axis`; a NaN counts as the extreme and the first wins. */
export function argReducePlan(
  primitive: ArgReducePrimitive,
  x: TensorInfo,
  axis: number,
): KernelPlan {
  const shape = x.shape;
  const dim = shape[axis]!;
  const inner = sizeOf(shape.slice(axis + 1));
  const outer = sizeOf(shape.slice(0, axis));
  const position = coordinatesOf('o', THREAD_INDEX, [outer, inner]);
  const better = primitive === 'argmax' ? '>' : '<';
  const [outerName, innerName] = position.names;
  const body = [
    ...position.statements,
    `const base = ${offsetOf([outerName!, innerName!], [dim * inner, 1])};`,
    'let best = 0.0;',
    `let bestValue = ${argument(0)}[base];`,
    'let done = bestValue === bestValue ? 0.0 : 1.0;',
    'let position = 0.0;',
    `for (let k = 1; k < ${dim}; k++) {`,
    'position = position + 1.0;',
    `const v = ${argument(0)}[base + position * ${inner}.0];`,
    'if (done === 0.0) {',
    '  if (!(v === v)) { best = position; done = 1.0; }',
    `  else if (v ${better} bestValue) { best = position; bestValue = v; }`,
    '}',
    '}',
    'return best;',
  ];
  return { source: kernelSource(1, body), inputs: [x] };
}
