import type { OutputInfo } from '../backend.js';
import { allocate, type DType, storageDType, type TypedArray } from '../dtype.js';
import type { CpuData } from './cpu-data.js';
import { ARENA_MIN_ELEMENTS, arenaAllocate, arenaFree } from './shared-arena.js';

// Freed CPU buffers kept for reuse by kernels that overwrite every element of their output
// (elementwise ops, casts, the fused Adam step). A fresh typed array costs about as much as
// the loop that fills it (the allocator zeroes it and the GC finalizes it); training steps
// free and allocate arrays of the same few sizes over and over. Bounded, so memory held
// outside live tensors stays small.

const MIN_LENGTH = 256;
const MAX_PER_SIZE = 8;
const MAX_POOLED_BYTES = 64 * 1024 * 1024;

const pools = new Map<DType, Map<number, TypedArray[]>>();
let pooledBytes = 0;

/** A `dtype` array of `size` elements whose contents are arbitrary: overwrite all of it. */
export function takeOutput(dtype: DType, size: number): TypedArray {
  // Large float32 outputs go to the shared arena, where the threads can reach them.
  if (dtype === 'float32' && size >= ARENA_MIN_ELEMENTS) {
    const values = arenaAllocate(size);
    if (values !== null) return values;
  }
  if (size >= MIN_LENGTH) {
    const reused = pools.get(dtype)?.get(size)?.pop();
    if (reused !== undefined) {
      pooledBytes -= reused.byteLength;
      return reused;
    }
  }
  return allocate(dtype, size);
}

/** Offers a buffer no tensor holds any more for reuse. */
export function recycle(values: TypedArray): void {
  if (arenaFree(values)) return;
  if (values.length < MIN_LENGTH || pooledBytes + values.byteLength > MAX_POOLED_BYTES) return;
  const dtype = storageDType(values);
  let bySize = pools.get(dtype);
  if (bySize === undefined) {
    bySize = new Map();
    pools.set(dtype, bySize);
  }
  let list = bySize.get(values.length);
  if (list === undefined) {
    list = [];
    bySize.set(values.length, list);
  }
  if (list.length >= MAX_PER_SIZE) return;
  list.push(values);
  pooledBytes += values.byteLength;
}

/** Bytes held for reuse (not counted as live buffers). */
export function pooledOutputBytes(): number {
  return pooledBytes;
}

/** The array an elementwise kernel writes: the donated buffer offered in `output.into`, else a pooled one. */
export function elementwiseOutput(output: OutputInfo, size: number): TypedArray {
  return output.into === undefined
    ? takeOutput(output.dtype, size)
    : (output.into as CpuData).values;
}
