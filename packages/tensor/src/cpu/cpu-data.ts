import type { DataId, TensorInfo } from '../backend.js';
import type { TypedArray } from '../dtype.js';

/** The CPU backend's buffer: a typed array in the dtype's storage type. */
export interface CpuData {
  readonly values: TypedArray;
}

export function valuesOf(info: TensorInfo): TypedArray {
  return (info.dataId as CpuData).values;
}

export function wrapValues(values: TypedArray): DataId {
  return { values } satisfies CpuData;
}
