import type { DataId, OutputInfo, TensorInfo } from '../backend.js';
import { allocate, type TypedArray } from '../dtype.js';
import type { ElementwiseExpression } from '../fused/expression-tree.js';
import { shapeSize } from '../shape.js';
import { forEachBroadcast } from './broadcast-index.js';
import { type CpuData, valuesOf, wrapValues } from './cpu-data.js';
import {
  canGenerateCode,
  type FusedLoop,
  generateLoop,
  type InputLayout,
  interpretLoop,
  loopKey,
} from './fused-loop.js';
import { takeOutput } from './output-pool.js';

/** How the CPU backend builds fused loops: generated code, or closures where that is disallowed. */
export type FusedLoopStrategy = 'generated' | 'interpreted';

// Compiled loops by the structure of their tree and input layouts. Training runs the same
// few trees over and over; bounded so that a program building trees from data cannot grow it
// without end.
const MAX_CACHED_LOOPS = 512;

/** The CPU backend's `fusedElementwise`: one pass over the output, no intermediate arrays. */
export function createCpuFusedElementwise(strategy: FusedLoopStrategy = defaultStrategy()) {
  const cache = new Map<string, FusedLoop>();
  const compile = strategy === 'generated' ? generateLoop : interpretLoop;
  return (
    inputs: readonly TensorInfo[],
    expression: ElementwiseExpression,
    output: OutputInfo,
  ): DataId => {
    const size = shapeSize(output.shape);
    const layouts: InputLayout[] = [];
    const arrays: TypedArray[] = [];
    for (const info of inputs) {
      const values = valuesOf(info);
      if (values.length === size) {
        layouts.push('full');
        arrays.push(values);
      } else if (values.length === 1) {
        layouts.push('scalar');
        arrays.push(values);
      } else {
        // A partial broadcast (a bias row, a per-row column): expanded once, in its own dtype.
        layouts.push('full');
        arrays.push(expand(values, info, output));
      }
    }
    const key = loopKey(expression, layouts);
    let loop = cache.get(key);
    if (loop === undefined) {
      if (cache.size >= MAX_CACHED_LOOPS) cache.clear();
      loop = compile(expression, layouts);
      cache.set(key, loop);
    }
    if (output.into !== undefined) {
      loop(arrays, (output.into as CpuData).values, size);
      return output.into;
    }
    const out = takeOutput('float32', size);
    loop(arrays, out, size);
    return wrapValues(out);
  };
}

function expand(values: TypedArray, info: TensorInfo, output: OutputInfo): TypedArray {
  const size = shapeSize(output.shape);
  const expanded = allocate(info.dtype, size);
  forEachBroadcast(output.shape, [info.shape], (i, offsets) => {
    expanded[i] = values[offsets[0]!]!;
  });
  return expanded;
}

function defaultStrategy(): FusedLoopStrategy {
  return canGenerateCode() ? 'generated' : 'interpreted';
}
