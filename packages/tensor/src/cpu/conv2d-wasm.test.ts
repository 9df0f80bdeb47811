// The WebAssembly convolution kernels against the JS kernels they replace for float32 (the
// JS path runs with WebAssembly switched off), over random geometries: strides, padding,
// dilation, groups, windows that hang over the edge, and unpadded stride-1 ones.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conv2dParams, Padding2d } from '../primitives.js';
import { conv2dBackpropFilterKernel, conv2dBackpropInputKernel, conv2dKernel } from './conv2d.js';
import { bothPaths, info, randomValues, size } from './testing-kernel-paths.js';
import { setWasmEnabled, wasmRuntime } from './wasm-runtime.js';

afterEach(() => setWasmEnabled(true));

/** Float32 products summed in another order: close to the float64-accumulated JS result. */
function expectClose(actual: Float32Array, expected: Float32Array, scale: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const error = Math.abs(actual[i]! - expected[i]!);
    if (!(error <= 1e-5 * scale + 1e-6 * Math.abs(expected[i]!))) {
      expect.fail(`element ${i}: ${actual[i]} vs ${expected[i]} (allowed ${1e-5 * scale})`);
    }
  }
}

const anyWindow = {
  stride: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
  dilation: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
  padding: fc.tuple(
    fc.integer({ min: 0, max: 3 }),
    fc.integer({ min: 0, max: 3 }),
    fc.integer({ min: 0, max: 3 }),
    fc.integer({ min: 0, max: 3 }),
  ),
};
/** Stride 1, no dilation, no padding (LeNet's): im2col's unchecked path when rows are long enough. */
const valid = {
  stride: fc.constant([1, 1] as [number, number]),
  dilation: fc.constant([1, 1] as [number, number]),
  padding: fc.constant([0, 0, 0, 0] as [number, number, number, number]),
};

const convCase = fc
  .record({
    batch: fc.integer({ min: 1, max: 3 }),
    groups: fc.integer({ min: 1, max: 3 }),
    groupIn: fc.integer({ min: 1, max: 3 }),
    groupOut: fc.integer({ min: 1, max: 5 }),
    height: fc.integer({ min: 1, max: 11 }),
    width: fc.integer({ min: 1, max: 11 }),
    kernelHeight: fc.integer({ min: 1, max: 4 }),
    kernelWidth: fc.integer({ min: 1, max: 4 }),
    window: fc.oneof(fc.record(anyWindow), fc.record(valid)),
    seed: fc.integer({ min: 0, max: 1000 }),
  })
  .map(({ window, ...rest }) => ({ ...rest, ...window }))
  .map((c) => {
    const outHeight =
      Math.floor(
        (c.height + c.padding[0] + c.padding[1] - c.dilation[0] * (c.kernelHeight - 1) - 1) /
          c.stride[0],
      ) + 1;
    const outWidth =
      Math.floor(
        (c.width + c.padding[2] + c.padding[3] - c.dilation[1] * (c.kernelWidth - 1) - 1) /
          c.stride[1],
      ) + 1;
    const params: Conv2dParams = {
      stride: c.stride,
      padding: c.padding as Padding2d,
      dilation: c.dilation,
      groups: c.groups,
    };
    const xShape = [c.batch, c.groups * c.groupIn, c.height, c.width];
    const wShape = [c.groups * c.groupOut, c.groupIn, c.kernelHeight, c.kernelWidth];
    const yShape = [c.batch, c.groups * c.groupOut, outHeight, outWidth];
    return { ...c, params, xShape, wShape, yShape };
  })
  .filter((c) => c.yShape[2]! >= 1 && c.yShape[3]! >= 1);

/** Unpadded stride-1 images with at least 256 output positions: the filter gradient's dot form. */
const longCase = fc
  .record({
    batch: fc.integer({ min: 1, max: 3 }),
    groups: fc.integer({ min: 1, max: 2 }),
    groupIn: fc.integer({ min: 1, max: 3 }),
    groupOut: fc.integer({ min: 1, max: 7 }),
    outHeight: fc.integer({ min: 16, max: 20 }),
    outWidth: fc.integer({ min: 16, max: 21 }),
    kernelHeight: fc.integer({ min: 1, max: 5 }),
    kernelWidth: fc.integer({ min: 1, max: 5 }),
    seed: fc.integer({ min: 0, max: 1000 }),
  })
  .map((c) => {
    const xShape = [
      c.batch,
      c.groups * c.groupIn,
      c.outHeight + c.kernelHeight - 1,
      c.outWidth + c.kernelWidth - 1,
    ];
    const wShape = [c.groups * c.groupOut, c.groupIn, c.kernelHeight, c.kernelWidth];
    const yShape = [c.batch, c.groups * c.groupOut, c.outHeight, c.outWidth];
    const params: Conv2dParams = {
      stride: [1, 1],
      padding: [0, 0, 0, 0],
      dilation: [1, 1],
      groups: c.groups,
    };
    return { ...c, params, xShape, wShape, yShape };
  });

type Case = {
  seed: number;
  batch: number;
  params: Conv2dParams;
  xShape: number[];
  wShape: number[];
  yShape: number[];
};

function filterGradientMatches(c: Case): void {
  const x = info(randomValues(size(c.xShape), c.seed), c.xShape);
  const dy = info(randomValues(size(c.yShape), c.seed + 1), c.yShape);
  const params = { ...c.params, filterShape: c.wShape };
  const output = { shape: c.wShape, dtype: 'float32' as const };
  const [wasm, js] = bothPaths(() => conv2dBackpropFilterKernel([x, dy], params, output));
  expectClose(wasm, js, 4 * c.batch * c.yShape[2]! * c.yShape[3]!);
}

describe('WebAssembly conv2d kernels', () => {
  it('are available here (Node has WebAssembly SIMD)', () => {
    expect(wasmRuntime()).not.toBeNull();
  });

  it('conv2d matches the JS kernel', () => {
    fc.assert(
      fc.property(convCase, (c) => {
        const x = info(randomValues(size(c.xShape), c.seed), c.xShape);
        const w = info(randomValues(size(c.wShape), c.seed + 1), c.wShape);
        const output = { shape: c.yShape, dtype: 'float32' as const };
        const [wasm, js] = bothPaths(() => conv2dKernel([x, w], c.params, output));
        expectClose(wasm, js, 4 * c.groupIn * c.kernelHeight * c.kernelWidth);
      }),
      { numRuns: 150 },
    );
  });

  it('conv2dBackpropInput matches the JS kernel', () => {
    fc.assert(
      fc.property(convCase, (c) => {
        const dy = info(randomValues(size(c.yShape), c.seed), c.yShape);
        const w = info(randomValues(size(c.wShape), c.seed + 1), c.wShape);
        const params = { ...c.params, inputShape: c.xShape };
        const output = { shape: c.xShape, dtype: 'float32' as const };
        const [wasm, js] = bothPaths(() => conv2dBackpropInputKernel([dy, w], params, output));
        expectClose(wasm, js, 4 * c.groupOut * c.kernelHeight * c.kernelWidth);
      }),
      { numRuns: 150 },
    );
  });

  it('conv2dBackpropFilter matches the JS kernel', () => {
    fc.assert(fc.property(convCase, filterGradientMatches), { numRuns: 150 });
  });

  it('conv2dBackpropFilter matches the JS kernel over many positions (dot products)', () => {
    fc.assert(fc.property(longCase, filterGradientMatches), { numRuns: 40 });
  });
});
