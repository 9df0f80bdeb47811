// The WebAssembly pooling kernels against the JS kernels they replace for float32 (the JS
// path runs with WebAssembly switched off), over random windows, ties and NaN inputs: the same
// bits.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { AvgPool2dParams, Padding2d, Pool2dParams } from '../primitives.js';
import {
  avgPool2dBackpropKernel,
  avgPool2dKernel,
  maxPool2dBackpropKernel,
  maxPool2dKernel,
} from './pool2d.js';
import { bothPaths, info, randomValues, size } from './testing-kernel-paths.js';
import { setWasmEnabled } from './wasm-runtime.js';

afterEach(() => setWasmEnabled(true));

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
