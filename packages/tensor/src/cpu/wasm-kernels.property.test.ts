// The WebAssembly convolution and pooling kernels against the JS kernels they replace for
// float32 (the JS path runs with WebAssembly switched off), over random geometries: strides,
// padding, dilation, groups, windows that hang over the edge, NaN inputs.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { DataId, TensorInfo } from '../backend.js';
import type { AvgPool2dParams, Conv2dParams, Padding2d, Pool2dParams } from '../primitives.js';
import type { Shape } from '../shape.js';
import { conv2dBackpropFilterKernel, conv2dBackpropInputKernel, conv2dKernel } from './conv2d.js';
import type { CpuData } from './cpu-data.js';
import {
  avgPool2dBackpropKernel,
  avgPool2dKernel,
  maxPool2dBackpropKernel,
  maxPool2dKernel,
} from './pool2d.js';
import { setWasmEnabled, wasmRuntime } from './wasm-runtime.js';

afterEach(() => setWasmEnabled(true));

const info = (values: Float32Array, shape: Shape): TensorInfo => ({
  dataId: { values } satisfies CpuData,
  shape,
  dtype: 'float32',
});
const valuesOf = (id: DataId) => (id as CpuData).values as Float32Array;
const size = (shape: Shape) => shape.reduce((a, b) => a * b, 1);

/** Runs `kernel` with WebAssembly, then with the JS path, and returns both outputs. */
function bothPaths(kernel: () => DataId): [Float32Array, Float32Array] {
  setWasmEnabled(true);
  const wasm = valuesOf(kernel());
  setWasmEnabled(false);
  const js = valuesOf(kernel());
  setWasmEnabled(true);
  return [wasm, js];
}

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

const randomValues = (length: number, seed: number) =>
  Float32Array.from({ length }, (_, i) => Math.sin(seed * 31 + i * 12.9898) * 2);

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
    stride: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    dilation: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
    padding: fc.tuple(
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: 3 }),
    ),
    seed: fc.integer({ min: 0, max: 1000 }),
  })
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
    fc.assert(
      fc.property(convCase, (c) => {
        const x = info(randomValues(size(c.xShape), c.seed), c.xShape);
        const dy = info(randomValues(size(c.yShape), c.seed + 1), c.yShape);
        const params = { ...c.params, filterShape: c.wShape };
        const output = { shape: c.wShape, dtype: 'float32' as const };
        const [wasm, js] = bothPaths(() => conv2dBackpropFilterKernel([x, dy], params, output));
        expectClose(wasm, js, 4 * c.batch * c.yShape[2]! * c.yShape[3]!);
      }),
      { numRuns: 150 },
    );
  });
});

const anyWindow = {
  kernelSize: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
  stride: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
  padding: fc.tuple(
    fc.integer({ min: 0, max: 2 }),
    fc.integer({ min: 0, max: 2 }),
    fc.integer({ min: 0, max: 2 }),
    fc.integer({ min: 0, max: 2 }),
  ),
};
/** 2x2 windows at stride 2 without padding: the kernels' four-windows-at-once path. */
const halving = {
  kernelSize: fc.constant([2, 2] as [number, number]),
  stride: fc.constant([2, 2] as [number, number]),
  padding: fc.constant([0, 0, 0, 0] as [number, number, number, number]),
};

const poolCase = fc
  .record({
    batch: fc.integer({ min: 1, max: 2 }),
    channels: fc.integer({ min: 1, max: 3 }),
    height: fc.integer({ min: 1, max: 9 }),
    width: fc.integer({ min: 1, max: 21 }),
    window: fc.oneof(fc.record(anyWindow), fc.record(halving)),
    countIncludePad: fc.boolean(),
    nans: fc.array(fc.nat(), { maxLength: 3 }),
    ties: fc.boolean(),
    seed: fc.integer({ min: 0, max: 1000 }),
  })
  .map(({ window, ...rest }) => ({ ...rest, ...window }))
  .map((c) => {
    const outHeight =
      Math.floor((c.height + c.padding[0] + c.padding[1] - c.kernelSize[0]) / c.stride[0]) + 1;
    const outWidth =
      Math.floor((c.width + c.padding[2] + c.padding[3] - c.kernelSize[1]) / c.stride[1]) + 1;
    const params: AvgPool2dParams = {
      kernelSize: c.kernelSize,
      stride: c.stride,
      padding: c.padding as Padding2d,
      countIncludePad: c.countIncludePad,
    };
    const xShape = [c.batch, c.channels, c.height, c.width];
    const yShape = [c.batch, c.channels, outHeight, outWidth];
    const x = randomValues(size(xShape), c.seed).map((v) => (c.ties ? Math.round(v) : v));
    for (const i of c.nans) x[i % x.length] = Number.NaN;
    return { params, xShape, yShape, x };
  })
  .filter((c) => c.yShape[2]! >= 1 && c.yShape[3]! >= 1);

/** Bit-identical, NaN equal to NaN: the pooling kernels do the same float operations. */
const expectSame = (a: Float32Array, b: Float32Array) =>
  expect(Array.from(a)).toEqual(Array.from(b));

describe('WebAssembly pooling kernels', () => {
  it('maxPool2d and its gradient match the JS kernels exactly', () => {
    fc.assert(
      fc.property(poolCase, (c) => {
        const params: Pool2dParams = c.params;
        const x = info(c.x, c.xShape);
        const y = { shape: c.yShape, dtype: 'float32' as const };
        expectSame(...bothPaths(() => maxPool2dKernel([x], params, y)));
        const dy = info(randomValues(size(c.yShape), 7), c.yShape);
        const dx = { shape: c.xShape, dtype: 'float32' as const };
        expectSame(...bothPaths(() => maxPool2dBackpropKernel([x, dy], params, dx)));
      }),
      { numRuns: 200 },
    );
  });

  it('avgPool2d and its gradient match the JS kernels exactly', () => {
    fc.assert(
      fc.property(poolCase, (c) => {
        const x = info(c.x, c.xShape);
        const y = { shape: c.yShape, dtype: 'float32' as const };
        expectSame(...bothPaths(() => avgPool2dKernel([x], c.params, y)));
        const dy = info(randomValues(size(c.yShape), 7), c.yShape);
        const dx = { shape: c.xShape, dtype: 'float32' as const };
        const params = { ...c.params, inputShape: c.xShape };
        expectSame(...bothPaths(() => avgPool2dBackpropKernel([dy], params, dx)));
      }),
      { numRuns: 200 },
    );
  });
});
