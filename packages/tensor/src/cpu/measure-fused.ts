/**
 * Times typical elementwise chains on the CPU backend four ways, interleaved in one process
 * so all see the same machine load: composed (one kernel per node), fused with a generated
 * loop, fused with the closure interpreter (the fallback where code generation is
 * disallowed), and fused as generated WebAssembly SIMD (one thread; chains with ops
 * WebAssembly lacks, such as erf and tanh, run the generated loop there too). Prints ns
 * per element, medians. Not part of the package build.
 *
 *   cd packages/tensor && npx tsx src/cpu/measure-fused.ts [rounds] [size]
 */

import type { Backend } from '../backend.js';
import { tensor } from '../creation.js';
import { withBackend } from '../engine.js';
import type { ElementwiseExpression as E } from '../fused/elementwise-expression.js';
import { fusedElementwise } from '../fused/fused-elementwise.js';
import { scope } from '../scope.js';
import { createCpuBackend } from './cpu-backend.js';
import {
  createCpuFusedElementwise,
  type FusedLoopStrategy,
  singleOutput,
} from './fused-elementwise.js';

const rounds = Number(process.argv[2] ?? 5);
const size = Number(process.argv[3] ?? 1e6);

const x: E = { op: 'input', index: 0 };
const y: E = { op: 'input', index: 1 };
const c = (value: number): E => ({ op: 'constant', value });
const CHAINS: Record<string, E> = {
  'axpy (x * 2 + y)': { op: 'add', a: { op: 'mul', a: x, b: c(2) }, b: y },
  'x / (sqrt(0.999 y^2 + 1e-3) + 1e-8)': {
    op: 'div',
    a: x,
    b: {
      op: 'add',
      a: {
        op: 'sqrt',
        x: { op: 'add', a: { op: 'mul', a: { op: 'mul', a: y, b: y }, b: c(0.999) }, b: c(1e-3) },
      },
      b: c(1e-8),
    },
  },
  'gelu (erf)': {
    op: 'mul',
    a: { op: 'mul', a: x, b: c(0.5) },
    b: { op: 'add', a: { op: 'erf', x: { op: 'mul', a: x, b: c(Math.SQRT1_2) } }, b: c(1) },
  },
  'tanh(x * y + 1) - x': {
    op: 'sub',
    a: { op: 'tanh', x: { op: 'add', a: { op: 'mul', a: x, b: y }, b: c(1) } },
    b: x,
  },
};

function backendWith(strategy: FusedLoopStrategy | 'composed' | 'wasm'): Backend {
  const cpu = createCpuBackend({ threads: 1 });
  const fusedElementwise =
    strategy === 'composed'
      ? undefined
      : singleOutput(
          strategy === 'wasm'
            ? createCpuFusedElementwise('generated', true)
            : createCpuFusedElementwise(strategy, false),
        );
  return { ...cpu, capabilities: { ...cpu.capabilities, fusedElementwise } };
}

const strategies = ['composed', 'generated', 'interpreted', 'wasm'] as const;
const backends = strategies.map(backendWith);
const values = Float32Array.from({ length: size }, (_, i) => Math.sin(i) * 3);
const times = new Map<string, number[]>();
for (let round = 0; round <= rounds; round++) {
  for (const [name, tree] of Object.entries(CHAINS)) {
    strategies.forEach((strategy, k) => {
      withBackend(backends[k]!, () =>
        scope(() => {
          const inputs = [tensor(values), tensor(values)];
          const start = performance.now();
          fusedElementwise(tree, inputs).dispose();
          const ns = ((performance.now() - start) * 1e6) / size;
          // Round 0 compiles and warms up.
          if (round > 0)
            times.set(`${name}|${strategy}`, [...(times.get(`${name}|${strategy}`) ?? []), ns]);
        }),
      );
    });
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`ns per element, N = ${size}, median of ${rounds} rounds`);
console.log(['chain', ...strategies].join(' | '));
for (const name of Object.keys(CHAINS)) {
  const cells = strategies.map((s) => median(times.get(`${name}|${s}`)!).toFixed(2));
  console.log([name, ...cells].join(' | '));
}
