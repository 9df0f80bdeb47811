import type { DType, TensorInfo } from '@gradkit/tensor';

/** A kernel to run: its source (shapes baked in as literals) and the inputs it reads, in order. */
export interface KernelPlan {
  readonly source: string;
  readonly inputs: readonly TensorInfo[];
}

/** Integer outputs truncate as a C cast (and Int32Array storage) would. */
export function stored(value: string, dtype: DType): string {
  return dtype === 'int32' ? `Math.trunc(${value})` : value;
}
