import type { DType, TypedArray } from '@gradkit/tensor';
import type { KernelValue } from './gpujs-types.js';

/**
 * A tensor's storage on this backend: float32 values, whatever the dtype (int32 and bool
 * are stored as exact floats and converted on read). The value is a host array on cpu and
 * webasm, a texture or buffer on the device otherwise, and a promise of one while an
 * asynchronous (webgpu) kernel is still running.
 */
export interface DeviceBuffer {
  readonly size: number;
  readonly value: KernelValue | Promise<KernelValue>;
}

/** Host values in float32, the one storage type of every kernel. */
export function toFloat32(values: TypedArray): Float32Array {
  return values instanceof Float32Array ? values.slice() : Float32Array.from(values);
}

/** Float32 kernel values in `dtype`'s storage type (int32 wraps as a C cast would). */
export function fromFloat32(values: Float32Array, dtype: DType, size: number): TypedArray {
  const exact = values.length === size ? values : values.subarray(0, size);
  if (dtype === 'int32') return Int32Array.from(exact, (v) => v | 0);
  if (dtype === 'bool') return Uint8Array.from(exact, (v) => (v !== 0 ? 1 : 0));
  if (dtype === 'float64') return Float64Array.from(exact);
  return exact.slice();
}

/** A value's host copy, or a promise of it where the device reads back asynchronously. */
export function valuesOf(value: KernelValue): Float32Array | Promise<Float32Array> {
  return value instanceof Float32Array ? value : value.toArray();
}

/**
 * Kernels that read a stored value and have not run yet, by value. On webgpu a kernel runs
 * later than its call (gpu.js dispatches it after a promise, and after its inputs' kernels),
 * so a tensor freed right after being used must keep its buffer until those kernels ran.
 */
const pendingReaders = new WeakMap<object, Set<Promise<unknown>>>();

/** Notes that `reader` (a kernel's pending result) reads `value`, until it settles. */
export function noteReader(value: KernelValue | Promise<KernelValue>, reader: Promise<unknown>) {
  if (value instanceof Float32Array) return;
  let readers = pendingReaders.get(value);
  if (readers === undefined) {
    readers = new Set();
    pendingReaders.set(value, readers);
  }
  readers.add(reader);
  const done = () => {
    readers.delete(reader);
  };
  reader.then(done, done);
}

/**
 * Frees a device texture or buffer once its own kernel and every kernel reading it have run;
 * host arrays are left to the garbage collector.
 */
export function release(value: KernelValue | Promise<KernelValue>): void {
  if (value instanceof Float32Array) return;
  const readers = pendingReaders.get(value);
  pendingReaders.delete(value);
  if (value instanceof Promise || (readers !== undefined && readers.size > 0)) {
    Promise.allSettled([value, ...(readers ?? [])]).then(([own]) => {
      if (own?.status === 'fulfilled' && !(own.value instanceof Float32Array)) own.value.delete();
    });
    return;
  }
  value.delete();
}
