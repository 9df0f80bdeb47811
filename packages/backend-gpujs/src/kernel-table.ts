import {
  BINARY_PRIMITIVES,
  type DataId,
  type KernelTable,
  type OutputInfo,
  type TensorInfo,
  UNARY_PRIMITIVES,
} from '@gradkit/tensor';
import { conv2dBackpropFilterPlan, conv2dBackpropInputPlan, conv2dPlan } from './source/conv2d.js';
import {
  binaryPlan,
  castPlan,
  elementwisePlan,
  unaryPlan,
  wherePlan,
} from './source/elementwise.js';
import { gatherPlan, scatterAddPlan } from './source/gather.js';
import { sizeOf } from './source/index-math.js';
import { concatPlan, padPlan, slicePlan, transposePlan } from './source/layout.js';
import { matmulPlan } from './source/matmul.js';
import type { KernelPlan } from './source/plan.js';
import {
  avgPool2dBackpropPlan,
  avgPool2dPlan,
  maxPool2dBackpropPlan,
  maxPool2dPlan,
} from './source/pool2d.js';
import { argReducePlan, reducePlan } from './source/reduce.js';

/** Runs a kernel plan into a new buffer of `outputSize` elements. */
export interface Launcher {
  launch(plan: KernelPlan, outputSize: number): DataId;
  free(dataId: DataId): void;
}

// GL backends bind each input to a texture unit, of which WebGL guarantees 8.
const MAX_CONCAT_INPUTS = 6;

/** Every primitive as a kernel plan; shapes and dtypes were validated by @gradkit/tensor. */
export function buildKernelTable(device: Launcher): KernelTable {
  const run = (plan: KernelPlan, shape: readonly number[]) => device.launch(plan, sizeOf(shape));
  const unary = Object.fromEntries(
    UNARY_PRIMITIVES.map((p) => [
      p,
      ([x]: readonly TensorInfo[], _params: unknown, out: OutputInfo) =>
        run(unaryPlan(p, x!, out.shape, out.dtype), out.shape),
    ]),
  );
  const binary = Object.fromEntries(
    BINARY_PRIMITIVES.map((p) => [
      p,
      ([a, b]: readonly TensorInfo[], _params: unknown, out: OutputInfo) =>
        run(binaryPlan(p, a!, b!, out.shape, out.dtype), out.shape),
    ]),
  );
  const concat: KernelTable['concat'] = (inputs, { axis }, output) => {
    if (inputs.length <= MAX_CONCAT_INPUTS)
      return run(concatPlan(inputs, axis, output.shape), output.shape);
    // Join the first inputs, then that with the rest: each kernel reads a few textures.
    const head = inputs.slice(0, MAX_CONCAT_INPUTS);
    const headShape = output.shape.map((d, i) =>
      i === axis ? head.reduce((sum, x) => sum + x.shape[axis]!, 0) : d,
    );
    const joined = run(concatPlan(head, axis, headShape), headShape);
    const rest = [
      { dataId: joined, shape: headShape, dtype: output.dtype },
      ...inputs.slice(head.length),
    ];
    const result = concat(rest, { axis }, output);
    device.free(joined);
    return result;
  };
  return {
    ...(unary as Pick<KernelTable, (typeof UNARY_PRIMITIVES)[number]>),
    ...(binary as Pick<KernelTable, (typeof BINARY_PRIMITIVES)[number]>),
    sum: ([x], { axes }, out) => run(reducePlan('sum', x!, axes, out.dtype), out.shape),
    prod: ([x], { axes }, out) => run(reducePlan('prod', x!, axes, out.dtype), out.shape),
    max: ([x], { axes }, out) => run(reducePlan('max', x!, axes, out.dtype), out.shape),
    min: ([x], { axes }, out) => run(reducePlan('min', x!, axes, out.dtype), out.shape),
    argmax: ([x], { axis }, out) => run(argReducePlan('argmax', x!, axis), out.shape),
    argmin: ([x], { axis }, out) => run(argReducePlan('argmin', x!, axis), out.shape),
    where: (inputs, _params, out) => run(wherePlan(inputs, out.shape, out.dtype), out.shape),
    cast: ([x], { dtype }, out) => run(castPlan(x!, out.shape, dtype), out.shape),
    matmul: ([a, b], { transposeA, transposeB }, out) =>
      run(matmulPlan(a!, b!, transposeA, transposeB, out.shape, out.dtype), out.shape),
    transpose: ([x], { perm }, out) => run(transposePlan(x!, perm, out.shape), out.shape),
    broadcastTo: ([x], _params, out) =>
      run(
        elementwisePlan([x!], out.shape, out.dtype, ([v]) => ({ statements: [], value: v! })),
        out.shape,
      ),
    slice: ([x], { begin }, out) => run(slicePlan(x!, begin, out.shape), out.shape),
    pad: ([x], { paddings, value }, out) => run(padPlan(x!, paddings, value, out.shape), out.shape),
    concat,
    gather: ([x, indices], { axis }, out) => run(gatherPlan(x!, indices!, axis), out.shape),
    scatterAdd: ([x, indices, updates], { axis }, out) =>
      run(scatterAddPlan(x!, indices!, updates!, axis), out.shape),
    conv2d: ([x, w], params, out) => run(conv2dPlan(x!, w!, params, out.shape), out.shape),
    conv2dBackpropInput: ([dy, w], params, out) =>
      run(conv2dBackpropInputPlan(dy!, w!, params), out.shape),
    conv2dBackpropFilter: ([x, dy], params, out) =>
      run(conv2dBackpropFilterPlan(x!, dy!, params), out.shape),
    maxPool2d: ([x], params, out) => run(maxPool2dPlan(x!, params, out.shape), out.shape),
    maxPool2dBackprop: ([x, dy], params, out) =>
      run(maxPool2dBackpropPlan(x!, dy!, params), out.shape),
    avgPool2d: ([x], params, out) => run(avgPool2dPlan(x!, params, out.shape), out.shape),
    avgPool2dBackprop: ([dy], params, out) => run(avgPool2dBackpropPlan(dy!, params), out.shape),
  };
}
