// A representative part of the parity suite that reads results with `await data()` only,
// so it also runs where reads are asynchronous (webgpu) and in a browser page (webgl2).
import { grad } from '@gradkit/autograd';
import {
  argmax,
  type Backend,
  conv2d,
  createCpuBackend,
  type ElementwiseExpression,
  fusedElementwiseOutputs,
  matmul,
  max,
  maxPool2d,
  softmax,
  sum,
  type Tensor,
  tanh,
  tensor,
  withBackend,
} from '@gradkit/tensor';
import { closeMismatch } from '@gradkit/tensor/testing';

function spread(shape: readonly number[], seed: number): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, (_, i) => {
    const unit = ((((i + 1) * 0.6180339887498949 + seed * 0.7548776662466927) % 1) + 1) % 1;
    return -1.5 + 3 * unit;
  });
  return tensor(values, shape, 'float32');
}

const CASES: Record<string, () => Tensor[]> = {
  matmul: () => [matmul(spread([33, 17], 1), spread([17, 9], 2))],
  conv2d: () => [
    conv2d(spread([2, 3, 9, 8], 3), spread([4, 3, 3, 3], 4), { stride: 2, padding: 1 }),
  ],
  maxPool2d: () => [maxPool2d(spread([1, 2, 7, 7], 5), { kernelSize: 3, stride: 2, padding: 1 })],
  reductions: () => {
    const x = spread([5, 7], 6);
    return [sum(x, 1), max(x, 0), argmax(x, 1), softmax(x)];
  },
  gradient: () =>
    grad((w: Tensor) => sum(tanh(matmul(spread([4, 6], 7), w))))(
      spread([6, 3], 8),
    ) as unknown as Tensor[],
  fusedElementwiseOutputs: () => {
    // A momentum step over [p, m, g]: m' = 0.9 m + g and p' = p − 0.01 m', one pass.
    const input = (index: number): ElementwiseExpression => ({ op: 'input', index });
    const momentum: ElementwiseExpression = {
      op: 'add',
      a: { op: 'mul', a: input(1), b: { op: 'constant', value: 0.9 } },
      b: input(2),
    };
    const param: ElementwiseExpression = {
      op: 'sub',
      a: input(0),
      b: { op: 'mul', a: momentum, b: { op: 'constant', value: 0.01 } },
    };
    return fusedElementwiseOutputs(
      [param, momentum],
      [spread([50], 9), spread([50], 10), spread([50], 11)],
    );
  },
};

async function values(backend: Backend, run: () => Tensor[]): Promise<number[][]> {
  return withBackend(backend, async () => {
    const outputs = [run()].flat();
    return Promise.all(outputs.map(async (t) => Array.from(await t.data(), Number)));
  });
}

export interface SmokeResult {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

/** Runs every case on `backend` and on the CPU reference and compares (float32 tolerance). */
export async function runSmoke(backend: Backend): Promise<SmokeResult[]> {
  const reference = createCpuBackend();
  const results: SmokeResult[] = [];
  for (const [name, run] of Object.entries(CASES)) {
    try {
      const [expected, actual] = [await values(reference, run), await values(backend, run)];
      const mismatch = actual
        .map((a, k) => closeMismatch(a, expected[k]!, { rtol: 1e-4, atol: 1e-5 }))
        .find((m) => m !== undefined);
      results.push({ name, passed: mismatch === undefined, detail: mismatch ?? '' });
    } catch (error) {
      results.push({ name, passed: false, detail: String((error as Error).stack ?? error) });
    }
  }
  return results;
}

/** Prints one line per case and the closing count line; returns how many failed. */
export function report(mode: string, results: readonly SmokeResult[]): number {
  for (const r of results)
    console.log(`${r.passed ? 'ok  ' : 'FAIL'} ${mode} ${r.name} ${r.detail}`);
  const failed = results.filter((r) => !r.passed).length;
  console.log(`${mode} smoke: ${results.length - failed} passed, ${failed} failed`);
  return failed;
}
