import { afterEach, describe, expect, it } from 'vitest';
import type { DataId, TensorInfo } from '../backend.js';
import { tensor } from '../creation.js';
import type { DType, TypedArray } from '../dtype.js';
import { cast } from '../ops/cast.js';
import { matmul } from '../ops/matmul.js';
import type { Conv2dParams } from '../primitives.js';
import { scope } from '../scope.js';
import type { Shape } from '../shape.js';
import { conv2dBackpropFilterKernel, conv2dBackpropInputKernel, conv2dKernel } from './conv2d.js';
import { valuesOf, wrapValues } from './cpu-data.js';
import { gemm, gemmScratch, type StridedMatrix } from './matmul.js';
import { setWasmGemmEnabled, wasmGemm, wasmGemmAvailable } from './wasm-gemm.js';

/** Deterministic values in [-1, 1) (a small LCG), rounded to float32. */
function randomValues(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let state = seed * 7919 + 17;
  for (let i = 0; i < size; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out[i] = (state / 2147483648) * 2 - 1;
  }
  return out;
}

const at = (x: StridedMatrix<ArrayLike<number>>, r: number, c: number) =>
  x.values[x.offset + r * x.rowStride + c * x.colStride]!;

/** Float64 triple loop, with sum_p |A(i, p) B(p, j)| for the float32 error bound. */
function naive(m: number, k: number, n: number, a: StridedMatrix, b: StridedMatrix) {
  const value = new Float64Array(m * n);
  const magnitude = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let abs = 0;
      for (let p = 0; p < k; p++) {
        const product = at(a, i, p) * at(b, p, j);
        sum += product;
        abs += Math.abs(product);
      }
      value[i * n + j] = sum;
      magnitude[i * n + j] = abs;
    }
  }
  return { value, magnitude };
}

/**
 * Float32 accumulation of k products is within (k + 2) u sum |a b| of the exact sum
 * (u = 2^-24: each product and each addition rounds once, plus the final rounding).
 */
function expectWithinFloat32(
  actual: ArrayLike<number>,
  expected: { value: Float64Array; magnitude: Float64Array },
  k: number,
  label: string,
): void {
  let worst = 0;
  for (let i = 0; i < expected.value.length; i++) {
    const bound = (k + 2) * 2 ** -24 * expected.magnitude[i]! + 1e-30;
    worst = Math.max(worst, Math.abs(actual[i]! - expected.value[i]!) / bound);
  }
  expect(worst, `${label}: worst error / bound`).toBeLessThanOrEqual(1);
}

/** A [rows, cols] operand stored row-major, or as its transpose when `transposed`. */
function operand(rows: number, cols: number, transposed: boolean, seed: number, pad = 0) {
  const values = randomValues(pad + rows * cols, seed);
  const matrix: StridedMatrix<Float32Array> = transposed
    ? { values, offset: pad, rowStride: 1, colStride: rows }
    : { values, offset: pad, rowStride: cols, colStride: 1 };
  return matrix;
}

/** Indices (at most 5) where `actual` is not `expected` rounded to float32. */
function mismatches(actual: ArrayLike<number>, expected: ArrayLike<number>): number[] {
  const bad: number[] = [];
  for (let i = 0; i < expected.length && bad.length < 5; i++) {
    if (actual[i] !== Math.fround(expected[i]!)) bad.push(i);
  }
  return bad;
}

afterEach(() => setWasmGemmEnabled(true));

// m, k, n: unit, odd, not multiples of the 4x8 tile, across the MC = 128, KC = 256 and
// NC = 1024 block edges.
const SHAPES: readonly (readonly [number, number, number])[] = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 1, 8],
  [4, 8, 8],
  [5, 3, 9],
  [6, 25, 40],
  [6, 300, 17],
  [17, 33, 65],
  [8, 256, 16],
  [9, 257, 17],
  [64, 64, 64],
  [129, 300, 33],
  [130, 40, 1030],
];

describe('WebAssembly SIMD gemm', () => {
  it('is available in this runtime (Node 20 has WebAssembly SIMD)', () => {
    expect(wasmGemmAvailable()).toBe(true);
  });

  for (const [m, k, n] of SHAPES) {
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      it(`${m}x${k} x ${k}x${n}${ta ? ', A transposed' : ''}${tb ? ', B transposed' : ''}`, () => {
        const a = operand(m, k, ta, m + k, 3);
        const b = operand(k, n, tb, n + 1, 5);
        const expected = naive(m, k, n, a, b);
        const label = `${m}x${k}x${n} ${ta}/${tb}`;
        // The kernel itself, whatever the size threshold says.
        const out = new Float32Array(m * n + 2).fill(Number.NaN);
        expect(wasmGemm(m, k, n, a, b, out, 1)).toBe(true);
        expect(out[0]).toBeNaN();
        expect(out[m * n + 1]).toBeNaN();
        expectWithinFloat32(out.subarray(1, 1 + m * n), expected, k, `wasm ${label}`);
        // The dispatcher, with the kernel and with the JS fallback forced.
        const viaGemm = new Float32Array(m * n);
        gemm(m, k, n, a, b, viaGemm, 0);
        expectWithinFloat32(viaGemm, expected, k, `gemm ${label}`);
        setWasmGemmEnabled(false);
        const fallback = new Float32Array(m * n);
        gemm(m, k, n, a, b, fallback, 0);
        expectWithinFloat32(fallback, expected, k, `JS ${label}`);
        // The JS kernel accumulates in float64: one rounding from the exact sum.
        expect(mismatches(fallback, expected.value)).toEqual([]);
      });
    }
  }

  it('reuses and grows its linear memory across calls of different sizes', () => {
    for (const [m, k, n] of [
      [200, 300, 400],
      [3, 5, 7],
      [300, 200, 500],
      [17, 33, 65],
    ] as const) {
      const a = operand(m, k, false, m);
      const b = operand(k, n, false, n);
      const out = new Float32Array(m * n);
      expect(wasmGemm(m, k, n, a, b, out, 0)).toBe(true);
      expectWithinFloat32(out, naive(m, k, n, a, b), k, `${m}x${k}x${n}`);
    }
  });

  it('gives float64 and int32 products to the exact JS kernel', () => {
    const values = new Float64Array([1e8, 1, -1e8, 3, 2, 5]);
    const a = { values, offset: 0, rowStride: 3, colStride: 1 };
    const b = { values: new Float64Array([1, 1, 1]), offset: 0, rowStride: 1, colStride: 1 };
    const out = new Float64Array(2);
    gemm(2, 3, 1, a, b, out, 0);
    expect([...out]).toEqual([1, 10]);
    const ints = new Int32Array([2 ** 20, 3, 7, 1]);
    const outInts = new Int32Array(1);
    gemm(
      1,
      2,
      1,
      { ...a, values: ints, rowStride: 2 },
      { ...b, values: ints, offset: 2 },
      outInts,
      0,
    );
    expect(outInts[0]).toBe(2 ** 20 * 7 + 3);
  });

  it('reuses a packed operand only when asked to', () => {
    const a = operand(2, 2, false, 1);
    const b = operand(2, 2, false, 2);
    const scratch = gemmScratch(false);
    setWasmGemmEnabled(false);
    const out = new Float32Array(4);
    gemm(2, 2, 2, a, b, out, 0, scratch);
    b.values[0] = 100;
    gemm(2, 2, 2, a, b, out, 0, scratch);
    expectWithinFloat32(out, naive(2, 2, 2, a, b), 2, 'repacked');
  });
});

describe('matmul on the CPU backend, WebAssembly vs JS', () => {
  const cases: readonly {
    a: Shape;
    b: Shape;
    transposeA?: boolean;
    transposeB?: boolean;
  }[] = [
    { a: [1, 1], b: [1, 1] },
    { a: [3, 5], b: [5, 7] },
    { a: [17, 33], b: [33, 65] },
    { a: [33, 17], b: [65, 33], transposeA: true, transposeB: true },
    { a: [2, 3, 17, 20], b: [20, 9] },
    { a: [4, 1, 16, 24], b: [3, 24, 40], transposeB: false },
    { a: [2, 24, 16], b: [2, 40, 24], transposeA: true, transposeB: true },
    { a: [5, 12, 64], b: [64, 33], transposeA: false },
    { a: [40], b: [40, 50] },
    { a: [60, 70], b: [70] },
  ];

  /** Float64 matmul of the same values, through the same op (the JS kernel). */
  function reference(a: Float32Array, aShape: Shape, b: Float32Array, bShape: Shape, options = {}) {
    return scope(() =>
      matmul(
        tensor(Float64Array.from(a), aShape, 'float64'),
        tensor(Float64Array.from(b), bShape, 'float64'),
        options,
      ).dataSync(),
    );
  }

  for (const { a: aShape, b: bShape, ...options } of cases) {
    it(`${JSON.stringify(aShape)} x ${JSON.stringify(bShape)} ${JSON.stringify(options)}`, () => {
      const aValues = randomValues(
        aShape.reduce((x, y) => x * y, 1),
        1,
      );
      const bValues = randomValues(
        bShape.reduce((x, y) => x * y, 1),
        2,
      );
      const k = options.transposeA ? aShape.at(-2)! : aShape.at(-1)!;
      const expected = reference(aValues, aShape, bValues, bShape, options);
      const run = () =>
        scope(() => [
          ...matmul(tensor(aValues, aShape), tensor(bValues, bShape), options).dataSync(),
        ]);
      const wasm = run();
      setWasmGemmEnabled(false);
      const js = run();
      expect(wasm.length).toBe(expected.length);
      // Loose bound: |values| < 1, so sum |a b| <= k.
      let worst = 0;
      for (let i = 0; i < expected.length; i++) {
        worst = Math.max(worst, Math.abs(wasm[i]! - expected[i]!));
      }
      expect(worst).toBeLessThanOrEqual((k + 2) * 2 ** -24 * k);
      expect(mismatches(js, expected)).toEqual([]);
    });
  }

  it('k = 0 gives zeros', () => {
    const c = matmul(tensor(new Float32Array(0), [3, 0]), tensor(new Float32Array(0), [0, 4]));
    expect([...c.shape]).toEqual([3, 4]);
    expect([...c.dataSync()]).toEqual(new Array(12).fill(0));
    c.dispose();
  });

  it('sends every float32 product to WebAssembly, even the smallest', () => {
    // 1e8 + 1 - 1e8 is 0 in float32 accumulation but 1 in the JS kernel's float64.
    scope(() => {
      const a = tensor([1e8, 1, -1e8], [1, 3]);
      const b = tensor([1, 1, 1], [3, 1]);
      expect(matmul(a, b).item()).toBe(0);
      setWasmGemmEnabled(false);
      expect(matmul(a, b).item()).toBe(1);
      expect(matmul(cast(a, 'float64'), cast(b, 'float64')).item()).toBe(1);
    });
  });
});

describe('conv2d kernels, WebAssembly vs JS vs a float64 loop', () => {
  const info = (values: TypedArray, shape: Shape, dtype: DType = 'float32'): TensorInfo => ({
    dataId: wrapValues(values),
    shape,
    dtype,
  });
  const read = (dataId: DataId) => valuesOf({ dataId, shape: [], dtype: 'float32' });

  interface Case {
    x: Shape;
    w: Shape;
    params: Conv2dParams;
  }
  const cases: readonly Case[] = [
    // LeNet5's layers.
    { x: [2, 1, 28, 28], w: [6, 1, 5, 5], params: conv(1, 2, 1, 1) },
    { x: [2, 6, 14, 14], w: [16, 6, 5, 5], params: conv(1, 0, 1, 1) },
    // Strided, dilated, asymmetric padding, grouped.
    { x: [3, 4, 11, 9], w: [6, 2, 3, 2], params: { ...conv(2, 1, 2, 2), padding: [1, 0, 2, 1] } },
  ];

  function conv(stride: number, pad: number, dilation: number, groups: number): Conv2dParams {
    return {
      stride: [stride, stride],
      padding: [pad, pad, pad, pad],
      dilation: [dilation, dilation],
      groups,
    };
  }

  function outShape({ x, w, params }: Case): Shape {
    const [top, bottom, left, right] = params.padding;
    const size = (input: number, pad: number, kernel: number, axis: 0 | 1) =>
      Math.floor(
        (input + pad - params.dilation[axis] * (kernel - 1) - 1) / params.stride[axis] + 1,
      );
    return [x[0]!, w[0]!, size(x[2]!, top + bottom, w[2]!, 0), size(x[3]!, left + right, w[3]!, 1)];
  }

  /** y, dx and dw by direct float64 loops, with sums of |terms| for the error bound. */
  function naiveConv(c: Case, x: Float32Array, w: Float32Array, dy: Float32Array) {
    const [batch, inC, h, wd] = c.x as [number, number, number, number];
    const [outC, groupIn, kh, kw] = c.w as [number, number, number, number];
    const [, , oh, ow] = outShape(c) as [number, number, number, number];
    const groupOut = outC / c.params.groups;
    const y = new Float64Array(batch * outC * oh * ow);
    const dx = new Float64Array(x.length);
    const dw = new Float64Array(w.length);
    for (let b = 0; b < batch; b++)
      for (let o = 0; o < outC; o++)
        for (let i = 0; i < oh; i++)
          for (let j = 0; j < ow; j++) {
            const yi = ((b * outC + o) * oh + i) * ow + j;
            const g = Math.floor(o / groupOut);
            for (let ci = 0; ci < groupIn; ci++)
              for (let u = 0; u < kh; u++)
                for (let v = 0; v < kw; v++) {
                  const r = i * c.params.stride[0] - c.params.padding[0] + u * c.params.dilation[0];
                  const s = j * c.params.stride[1] - c.params.padding[2] + v * c.params.dilation[1];
                  if (r < 0 || r >= h || s < 0 || s >= wd) continue;
                  const xi = ((b * inC + g * groupIn + ci) * h + r) * wd + s;
                  const wi = ((o * groupIn + ci) * kh + u) * kw + v;
                  y[yi]! += x[xi]! * w[wi]!;
                  dx[xi]! += dy[yi]! * w[wi]!;
                  dw[wi]! += dy[yi]! * x[xi]!;
                }
          }
    return { y, dx, dw };
  }

  for (const c of cases) {
    it(`x ${JSON.stringify(c.x)}, w ${JSON.stringify(c.w)}, ${JSON.stringify(c.params)}`, () => {
      const yShape = outShape(c);
      const x = randomValues(
        c.x.reduce((p, q) => p * q, 1),
        3,
      );
      const w = randomValues(
        c.w.reduce((p, q) => p * q, 1),
        4,
      );
      const dy = randomValues(
        yShape.reduce((p, q) => p * q, 1),
        5,
      );
      const expected = naiveConv(c, x, w, dy);
      const run = () => ({
        y: read(
          conv2dKernel([info(x, c.x), info(w, c.w)], c.params, { shape: yShape, dtype: 'float32' }),
        ),
        dx: read(
          conv2dBackpropInputKernel(
            [info(dy, yShape), info(w, c.w)],
            { ...c.params, inputShape: c.x },
            { shape: c.x, dtype: 'float32' },
          ),
        ),
        dw: read(
          conv2dBackpropFilterKernel(
            [info(x, c.x), info(dy, yShape)],
            { ...c.params, filterShape: c.w },
            { shape: c.w, dtype: 'float32' },
          ),
        ),
      });
      const wasm = run();
      setWasmGemmEnabled(false);
      const js = run();
      for (const key of ['y', 'dx', 'dw'] as const) {
        const want = expected[key];
        // |values| < 1: every sum has at most `terms` terms of magnitude < 1.
        const terms =
          key === 'y'
            ? c.w[1]! * c.w[2]! * c.w[3]!
            : key === 'dx'
              ? c.w[0]! * c.w[2]! * c.w[3]!
              : c.x[0]! * yShape[2]! * yShape[3]!;
        for (const [name, got] of [
          ['wasm', wasm[key]],
          ['JS', js[key]],
        ] as const) {
          expect(got.length).toBe(want.length);
          let worst = 0;
          for (let i = 0; i < want.length; i++)
            worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
          expect(worst, `${name} ${key}`).toBeLessThanOrEqual((terms + 2) * 2 ** -24 * terms);
        }
      }
    });
  }
});
