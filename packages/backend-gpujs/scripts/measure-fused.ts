// The fused elementwise capability against the composed ops it replaces, per mode:
//   npx tsx --conditions=@gradkit/source scripts/measure-fused.ts [mode ...]
// gelu (exact, 5 primitives) and softplus on N elements: @gradkit/tensor's `gelu` and
// `softplus` (which dispatch the fused kernel) against `composeElementwise` of the same
// trees (one primitive per node); medians of steady-state calls including readback.
import {
  composeElementwise,
  type ElementwiseExpression as E,
  gelu,
  random,
  setBackend,
  softplus,
  type Tensor,
} from '@gradkit/tensor';
import { createGpujsBackend, type GpujsModeRequest } from '../src/index.js';

const x: E = { op: 'input', index: 0 };
const c = (value: number): E => ({ op: 'constant', value });
const GELU: E = {
  op: 'mul',
  a: { op: 'mul', a: x, b: c(0.5) },
  b: { op: 'add', a: { op: 'erf', x: { op: 'mul', a: x, b: c(Math.SQRT1_2) } }, b: c(1) },
};
const SOFTPLUS: E = {
  op: 'where',
  condition: { op: 'greater', a: x, b: c(20) },
  a: x,
  b: {
    op: 'add',
    a: { op: 'where', condition: { op: 'lessEqual', a: x, b: c(0) }, a: c(0), b: x },
    b: { op: 'log1p', x: { op: 'exp', x: { op: 'mul', a: { op: 'abs', x }, b: c(-1) } } },
  },
};

const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;

async function timeIt(repeats: number, fn: () => Promise<void>): Promise<string> {
  const times: number[] = [];
  for (let i = 0; i <= repeats; i++) {
    const start = performance.now();
    await fn();
    if (i > 0) times.push(performance.now() - start);
  }
  return `${median(times).toFixed(2)} ms`;
}

const requested = (process.argv.slice(2) as GpujsModeRequest[]).filter(Boolean);
const modes: GpujsModeRequest[] = requested.length > 0 ? requested : ['cpu', 'webasm'];
const rows: Record<string, Record<string, string>> = {};
for (const mode of modes) {
  const backend = await createGpujsBackend({ mode });
  setBackend(backend);
  for (const n of [1_000, 1_000_000]) {
    const input: Tensor = random.normal(random.key(0), [n]);
    const run = (f: (t: Tensor) => Tensor) => async () => {
      const out = f(input);
      await out.data();
      out.dispose();
    };
    const composed = (expression: E) => run((t) => composeElementwise(expression, [t]));
    const repeats = n > 1000 ? 5 : 50;
    rows[`${backend.mode} N=${n}`] = {
      'gelu composed': await timeIt(repeats, composed(GELU)),
      'gelu fused': await timeIt(
        repeats,
        run((t) => gelu(t)),
      ),
      'softplus composed': await timeIt(repeats, composed(SOFTPLUS)),
      'softplus fused': await timeIt(
        repeats,
        run((t) => softplus(t)),
      ),
    };
    input.dispose();
  }
  await backend.dispose();
}
console.table(rows);
