// What the tests of the WebAssembly kernels share: each runs a CPU kernel twice, through
// WebAssembly and through the JS path it replaces, on the same inputs.
import type { DataId, TensorInfo } from '../backend.js';
import type { Shape } from '../shape.js';
import type { CpuData } from './cpu-data.js';
import { setWasmEnabled } from './wasm-runtime.js';

/** A float32 kernel input holding `values`. */
export const info = (values: Float32Array, shape: Shape): TensorInfo => ({
  dataId: { values } satisfies CpuData,
  shape,
  dtype: 'float32',
});
/** The float32 values a CPU kernel wrote. */
export const valuesOf = (id: DataId) => (id as CpuData).values as Float32Array;
/** Elements of `shape`. */
export const size = (shape: Shape) => shape.reduce((a, b) => a * b, 1);

/** Runs `kernel` with WebAssembly, then with the JS path, and returns both outputs. */
export function bothPaths(kernel: () => DataId): [Float32Array, Float32Array] {
  setWasmEnabled(true);
  const wasm = valuesOf(kernel());
  setWasmEnabled(false);
  const js = valuesOf(kernel());
  setWasmEnabled(true);
  return [wasm, js];
}

/** Deterministic values in [-2, 2] that differ for every seed. */
export const randomValues = (length: number, seed: number) =>
  Float32Array.from({ length }, (_, i) => Math.sin(seed * 31 + i * 12.9898) * 2);
