// Kernels one optimizer step launches over 8 parameters on the CPU backend, per front end:
// a counting wrapper around a CPU backend's kernel table (each fused capability counts as
// one kernel). The bounds are today's counts, so a change that adds kernels fails here.
// Every front end updates and applies in one go where its last step can: Adam, AdamW,
// Adamax and MindSpore's nn.Adam one pass per parameter writing θ and the moments (AdamW's
// decay and −lr folded in); nn.AdamWeightDecay the direction and moments in one pass, then
// its decay and θ − lr·u. The Adam family of @gradkit/optim keeps its step count on the
// device: each state (these front ends keep one per parameter, as PyTorch does) advances it
// and computes its bias corrections in one more kernel over the scalar count, hence 16.
// MindSpore's nn.Adam keeps its float32 β powers on the host.
import type { Backend } from '@gradkit/tensor';
import { createCpuBackend, type Tensor, tensor, withBackend } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import * as mxnet from '../../mxnet/index.js';
import { Parameter } from '../../parameter/parameter.js';
import * as torch from '../../torch/index.js';
import * as nn from '../nn/index.js';
import * as optim from './index.js';

function countingBackend(): { backend: Backend; count: () => number; reset: () => void } {
  const base = createCpuBackend();
  let launched = 0;
  const wrap = <F extends (...args: never[]) => unknown>(fn: F): F =>
    ((...args: Parameters<F>) => {
      launched++;
      return fn(...args);
    }) as F;
  const kernels = Object.fromEntries(
    Object.entries(base.kernels).map(([name, kernel]) => [name, wrap(kernel as never)]),
  ) as unknown as Backend['kernels'];
  const capabilities = Object.fromEntries(
    Object.entries(base.capabilities ?? {}).map(([name, value]) => [
      name,
      typeof value === 'function' ? wrap(value as never) : value,
    ]),
  ) as Backend['capabilities'];
  return {
    backend: { ...base, kernels, capabilities },
    count: () => launched,
    reset: () => {
      launched = 0;
    },
  };
}

const SHAPES = [[4, 3], [3], [3, 2], [2], [5], [2, 2], [6], [1]];

interface Case {
  readonly name: string;
  readonly bound: number;
  readonly step: (params: Parameter[], grads: Tensor[]) => () => void;
}

const cases: Case[] = [
  {
    name: 'optim.Adam',
    bound: 16,
    step: (p, g) => {
      const o = new optim.Adam(p, 1e-3);
      return () => o(g);
    },
  },
  {
    name: 'optim.AdamW',
    bound: 16,
    step: (p, g) => {
      const o = new optim.AdamW(p, 1e-3);
      return () => o(g);
    },
  },
  {
    name: 'optim.Adamax',
    bound: 16,
    step: (p, g) => {
      const o = new optim.Adamax(p, 1e-3);
      return () => o(g);
    },
  },
  {
    name: 'torch.Adam',
    bound: 16,
    step: (p, g) => {
      const o = new torch.Adam(p, 1e-3);
      return () => {
        p.forEach((param, i) => {
          param.grad = g[i]!;
        });
        o.step();
      };
    },
  },
  {
    name: 'mxnet.Adam',
    bound: 16,
    step: (p, g) => {
      const o = new mxnet.Adam(1e-3);
      const states = p.map((param, i) => o.createState(i, param));
      return () =>
        o.update(
          p.map((_, i) => i),
          p,
          g,
          states,
        );
    },
  },
  {
    name: 'nn.Adam',
    bound: 8,
    step: (p, g) => {
      const o = new nn.Adam(p, 1e-3);
      return () => o(g);
    },
  },
  {
    name: 'nn.AdamWeightDecay',
    bound: 16,
    step: (p, g) => {
      const o = new nn.AdamWeightDecay(p, 1e-3);
      return () => o(g);
    },
  },
];

describe('kernels per step over 8 parameters (CPU backend)', () => {
  const measured: Record<string, number> = {};
  it.each(cases)('$name', ({ name, bound, step }) => {
    const { backend, count, reset } = countingBackend();
    withBackend(backend, () => {
      const params = SHAPES.map(
        (shape, i) =>
          new Parameter(
            tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(0.5), shape),
            `p${i}.weight`,
          ),
      );
      const grads = SHAPES.map((shape) =>
        tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(0.1), shape),
      );
      const run = step(params, grads);
      run(); // the first step creates state; count the second
      reset();
      run();
      measured[name] = count();
    });
    expect(measured[name]).toBeGreaterThan(0);
    expect(measured[name]).toBeLessThanOrEqual(bound);
  });
});
