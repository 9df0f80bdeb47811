// The heavy float32 kernels of the CPU backend on seeded inputs sized above the thresholds
// where work is split across threads: run in a browser page and in Node by
// test-browser-threads.mjs, which compares their bits. Imports the built package, as a page
// would.
import {
  avgPool2d,
  conv2d,
  createCpuBackend,
  fusedElementwiseOutputs,
  matmul,
  maxPool2d,
  runPrimitive,
  tensor,
  withBackend,
} from '../../dist/index.js';

const values = (length, seed) =>
  Float32Array.from({ length }, (_, i) => Math.sin(seed * 7.1 + i * 0.37) * 1.5);

const input = (index) => ({ op: 'input', index });
const constant = (value) => ({ op: 'constant', value });
const binary = (op, a, b) => ({ op, a, b });

/** One Adam step over (p, m, v, g): the three new arrays, each one tree of one pass. */
function adamTrees() {
  const [beta1, beta2, rate, epsilon] = [0.9, 0.999, 1e-3, 1e-8];
  const m = binary(
    'add',
    binary('mul', input(1), constant(beta1)),
    binary('mul', input(3), constant(1 - beta1)),
  );
  const v = binary(
    'add',
    binary('mul', input(2), constant(beta2)),
    binary('mul', binary('mul', input(3), input(3)), constant(1 - beta2)),
  );
  const step = binary(
    'div',
    binary('mul', m, constant(rate)),
    binary('add', { op: 'sqrt', x: v }, constant(epsilon)),
  );
  return [binary('sub', input(0), step), m, v];
}

/**
 * Results of every case with `threads` threads, by name, as the bits of their float32
 * values (exact through JSON).
 */
export function threadsWorkload(threads) {
  return withBackend(createCpuBackend({ threads }), () => {
    const conv = { stride: [1, 1], padding: [1, 1, 1, 1], dilation: [1, 1], groups: 1 };
    const x = tensor(values(8 * 8 * 18 * 18, 1), [8, 8, 18, 18]);
    const w = tensor(values(16 * 8 * 3 * 3, 2), [16, 8, 3, 3]);
    const dy = tensor(values(8 * 16 * 18 * 18, 3), [8, 16, 18, 18]);
    const big = tensor(values(8 * 8 * 64 * 64, 4), [8, 8, 64, 64]);
    const pool = { kernelSize: [3, 3], stride: [2, 2], padding: [1, 1, 1, 1] };
    const pooledShape = [8, 8, 32, 32];
    const dPooled = tensor(values(8 * 8 * 32 * 32, 5), pooledShape);
    const f32 = (shape) => ({ shape, dtype: 'float32' });
    const n = 1 << 20;
    const adam = fusedElementwiseOutputs(adamTrees(), [
      tensor(values(n, 6), [n]),
      tensor(values(n, 7), [n]),
      tensor(values(n, 8).map(Math.abs), [n]),
      tensor(values(n, 9), [n]),
    ]);
    const cases = {
      matmul: matmul(tensor(values(96 * 80, 10), [96, 80]), tensor(values(80 * 72, 11), [80, 72])),
      'matmul wide': matmul(
        tensor(values(8 * 80, 12), [8, 80]),
        tensor(values(80 * 4000, 13), [80, 4000]),
      ),
      'matmul batched, B transposed': matmul(
        tensor(values(16 * 32 * 48, 14), [16, 32, 48]),
        tensor(values(40 * 48, 15), [40, 48]),
        { transposeB: true },
      ),
      'matmul A transposed': matmul(
        tensor(values(200 * 96, 16), [200, 96]),
        tensor(values(200 * 120, 17), [200, 120]),
        { transposeA: true },
      ),
      conv2d: conv2d(x, w, { stride: 1, padding: 1 }),
      'conv2d input gradient': runPrimitive(
        'conv2dBackpropInput',
        [dy, w],
        { ...conv, inputShape: x.shape },
        f32(x.shape),
      ),
      'conv2d filter gradient': runPrimitive(
        'conv2dBackpropFilter',
        [x, dy],
        { ...conv, filterShape: w.shape },
        f32(w.shape),
      ),
      maxPool2d: maxPool2d(big, { kernelSize: 3, stride: 2, padding: 1 }),
      'maxPool2d gradient': runPrimitive('maxPool2dBackprop', [big, dPooled], pool, f32(big.shape)),
      avgPool2d: avgPool2d(big, { kernelSize: 3, stride: 2, padding: 1 }),
      'avgPool2d gradient': runPrimitive(
        'avgPool2dBackprop',
        [dPooled],
        { ...pool, countIncludePad: false, inputShape: big.shape },
        f32(big.shape),
      ),
      'fused Adam parameters': adam[0],
      'fused Adam first moments': adam[1],
      'fused Adam second moments': adam[2],
    };
    const bits = {};
    for (const [name, result] of Object.entries(cases)) {
      const data = Float32Array.from(result.dataSync());
      bits[name] = Array.from(new Uint32Array(data.buffer));
    }
    return bits;
  });
}
