import {
  add,
  type Backend,
  cast,
  createCpuBackend,
  div,
  type ElementwiseExpression,
  exp,
  expm1,
  greater,
  mul,
  neg,
  reshape,
  sqrt,
  sum,
  type Tensor,
  tanh,
  tensor,
  where,
  withBackend,
} from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { fuseElementwise } from './fuse.js';
import type { FusedStep, Graph, Step } from './graph.js';
import { Program } from './program.js';
import { record, releaseConstants } from './record.js';
import { expectTreesClose } from './testing/close.js';

const input = (index: number): ElementwiseExpression => ({ op: 'input', index });
const constant = (value: number): ElementwiseExpression => ({ op: 'constant', value });

/**
 * Records `fn` on `args` with `backend`, fuses the graph, replays the fused graph and checks
 * its results against running `fn` eagerly (separate kernels, no fusion).
 */
function fuseChecked(
  fn: (...args: Tensor[]) => Tensor | Tensor[],
  args: Tensor[],
  backend: Backend = createCpuBackend({ threads: 1 }),
): { recorded: Graph; fused: Graph } {
  return withBackend(backend, () => {
    const inputs = args.map((a) => tensor(a.toArray() as number[], a.shape, a.dtype));
    const { graph: recorded, result } = record('fn', fn as never, inputs, inputs);
    const fused = fuseElementwise(recorded, backend);
    const program = new Program(fused, backend, new Set());
    const replayed = program.run('test', inputs, []);
    const eager = [result].flat() as Tensor[];
    expectTreesClose(replayed, eager);
    program.dispose();
    releaseConstants(recorded);
    return { recorded, fused };
  });
}

const kinds = (graph: Graph): string[] =>
  graph.steps.map((s) => (s.kind === 'fused' ? 'fused' : s.primitive));
const fusedSteps = (graph: Graph): FusedStep[] =>
  graph.steps.filter((s): s is FusedStep => s.kind === 'fused');

function countNodes(e: ElementwiseExpression): number {
  const node = e as Record<string, unknown>;
  let count = 1;
  for (const key of ['x', 'a', 'b', 'condition']) {
    if (node[key] !== undefined) count += countNodes(node[key] as ElementwiseExpression);
  }
  return count;
}

describe('fuseElementwise', () => {
  it('fuses a float32 chain into one step, a one-element constant becoming a literal', () => {
    // exp(x · 2 + y), x and y of shape [3]
    const { recorded, fused } = fuseChecked(
      (x, y) => exp(add(mul(x, 2), y)),
      [tensor([0.5, -1, 2]), tensor([1, 2, 3])],
    );
    expect(fused.steps).toEqual([
      {
        kind: 'fused',
        expression: {
          op: 'exp',
          x: { op: 'add', a: { op: 'mul', a: input(0), b: constant(2) }, b: input(1) },
        },
        inputs: [
          { value: 0, shape: [3] },
          { value: 1, shape: [3] },
        ],
        shape: [3],
        output: recorded.outputs[0],
      },
    ]);
    expect(fused.outputs).toEqual(recorded.outputs);
    expect(fused.values).toBe(recorded.values);
  });

  it('reads a value used twice as one input, and keeps it a buffer of its own', () => {
    // a = exp(x) has two readers: it is computed once, then read twice by the tree.
    const { fused } = fuseChecked(
      (x) => {
        const a = exp(x);
        return add(a, mul(a, 3));
      },
      [tensor([0.5, -1, 2])],
    );
    expect(kinds(fused)).toEqual(['exp', 'fused']);
    const exponent = fused.steps[0]!.output;
    expect(fusedSteps(fused)[0]).toMatchObject({
      expression: { op: 'add', a: input(0), b: { op: 'mul', a: input(0), b: constant(3) } },
      inputs: [{ value: exponent, shape: [3] }],
    });
  });

  it('keeps a returned intermediate, and leaves single steps unfused', () => {
    const { recorded, fused } = fuseChecked(
      (x) => {
        const m = mul(x, 2);
        return [m, exp(m)];
      },
      [tensor([0.5, -1, 2])],
    );
    // mul is returned, exp alone is no chain: nothing to fuse.
    expect(fused.steps).toEqual(recorded.steps);
  });

  it('stops a tree at a step that is not elementwise', () => {
    const { fused } = fuseChecked((x) => tanh(sum(exp(mul(x, 2)))), [tensor([0.5, -1, 2])]);
    expect(kinds(fused)).toEqual(['fused', 'sum', 'tanh']);
    expect(fusedSteps(fused)[0]!.expression).toEqual({
      op: 'exp',
      x: { op: 'mul', a: input(0), b: constant(2) },
    });
  });

  it('gives a tree the broadcast shape of its inputs', () => {
    // x of shape [3] and y of shape [2, 1]: the sum has shape [2, 3].
    const { fused } = fuseChecked(
      (x, y) => add(exp(mul(x, 2)), y),
      [tensor([0.5, -1, 2]), tensor([[1], [2]])],
    );
    expect(fusedSteps(fused)).toHaveLength(1);
    expect(fusedSteps(fused)[0]!.shape).toEqual([2, 3]);
    expect(fusedSteps(fused)[0]!.inputs.map((u) => u.shape)).toEqual([[3], [2, 1]]);
  });

  it('keeps a value read through a view of another shape a buffer of its own', () => {
    // exp(x · 2) is read as a column by the sum: the chain ends there.
    const { fused } = fuseChecked(
      (x, y) => add(reshape(exp(mul(x, 2)), [3, 1]), y),
      [tensor([0.5, -1, 2]), tensor([[1, 2]])],
    );
    expect(kinds(fused)).toEqual(['fused', 'add']);
    expect(fused.steps[1]!.inputs[0]!.shape).toEqual([3, 1]);
  });

  it('fuses a comparison into the select reading it', () => {
    // leaky relu: where(x > 0, x, 0.1 x)
    const { fused } = fuseChecked(
      (x) => where(greater(x, 0), x, mul(x, 0.1)),
      [tensor([1.5, -2, 0, 3])],
    );
    expect(fused.steps).toHaveLength(1);
    expect(fusedSteps(fused)[0]!.expression).toEqual({
      op: 'where',
      condition: { op: 'greater', a: input(0), b: constant(0) },
      a: input(0),
      b: { op: 'mul', a: input(0), b: constant(Math.fround(0.1)) },
    });
  });

  it('keeps a bigger constant an input of the tree', () => {
    const { fused } = fuseChecked((x) => mul(exp(x), tensor([1, 2, 3])), [tensor([0.5, -1, 2])]);
    const [step] = fusedSteps(fused);
    expect(step!.expression).toEqual({ op: 'mul', a: { op: 'exp', x: input(0) }, b: input(1) });
    expect(fused.values[step!.inputs[1]!.value]!.source.kind).toBe('constant');
  });

  it('computes a one-element chain read by a bigger step apart, once', () => {
    // x / (1 − e^(−0.001 t)) with a scalar t: the scalar chain is a tree of its own.
    const { fused } = fuseChecked(
      (x, t) => div(x, neg(expm1(mul(t, -0.001)))),
      [tensor([1, 2, 3, 4]), tensor(5)],
    );
    expect(kinds(fused)).toEqual(['fused', 'div']);
    expect(fusedSteps(fused)[0]!.shape).toEqual([]);
  });

  it('leaves integer chains alone', () => {
    const { recorded, fused } = fuseChecked(
      (x) => add(mul(x, 2), 1),
      [tensor([1, 2, 3], undefined, 'int32')],
    );
    expect(fused.steps).toEqual(recorded.steps);
  });

  it('reads an integer value through a cast, which stays a step of its own', () => {
    const { fused } = fuseChecked(
      (x, k) => exp(mul(x, cast(k, 'float32'))),
      [tensor([0.5, -1, 2]), tensor([1, 2, 3], undefined, 'int32')],
    );
    expect(kinds(fused)).toEqual(['cast', 'fused']);
  });

  const limitedTo = (limits: { maxNodes: number; maxInputs: number }): Backend => {
    const cpu = createCpuBackend({ threads: 1 });
    return { ...cpu, capabilities: { ...cpu.capabilities, fusedElementwiseLimits: limits } };
  };

  it('splits a tree over the input limit: operands of the root get trees of their own', () => {
    const fn = (a: Tensor, b: Tensor, c: Tensor, d: Tensor) => add(exp(mul(a, b)), exp(mul(c, d)));
    const args = [tensor([0.5, 1]), tensor([1, 2]), tensor([0, 1]), tensor([2, 3])];
    // Without limits: one tree over the four inputs.
    expect(kinds(fuseChecked(fn, args).fused)).toEqual(['fused']);
    // At most two inputs: each exp(mul(·, ·)) is a tree of its own, the add a step of its own.
    const { fused } = fuseChecked(fn, args, limitedTo({ maxNodes: 64, maxInputs: 2 }));
    expect(kinds(fused)).toEqual(['fused', 'fused', 'add']);
    const [left, right] = fusedSteps(fused);
    expect(left!.expression).toEqual({ op: 'exp', x: { op: 'mul', a: input(0), b: input(1) } });
    expect(left!.inputs.map((u) => u.value)).toEqual([0, 1]);
    expect(right!.inputs.map((u) => u.value)).toEqual([2, 3]);
  });

  it('splits a tree over the node limit from its root down until what is left fits', () => {
    // exp(neg(exp(neg(exp(neg(x)))))): seven nodes with its input. At four, the three outer
    // steps are peeled off one by one and neg(exp(neg(x))) (four nodes) stays a tree.
    const limits = { maxNodes: 4, maxInputs: 8 };
    const { fused } = fuseChecked(
      (x) => exp(neg(exp(neg(exp(neg(x)))))),
      [tensor([0.5, -1, 2])],
      limitedTo(limits),
    );
    expect(kinds(fused)).toEqual(['fused', 'exp', 'neg', 'exp']);
    expect(fusedSteps(fused)[0]!.expression).toEqual({
      op: 'neg',
      x: { op: 'exp', x: { op: 'neg', x: input(0) } },
    });
  });

  it('keeps every tree within the limits on a longer chain', () => {
    const limits = { maxNodes: 5, maxInputs: 2 };
    const { fused } = fuseChecked(
      (a, b, c, d) => sqrt(add(exp(mul(add(mul(a, b), c), 0.5)), mul(d, d))),
      [tensor([0.5, 1, 2]), tensor([1, 2, 3]), tensor([0, 1, 0]), tensor([2, 3, 4])],
      limitedTo(limits),
    );
    expect(fusedSteps(fused).length).toBeGreaterThan(0);
    for (const step of fusedSteps(fused)) {
      expect(countNodes(step.expression)).toBeLessThanOrEqual(limits.maxNodes);
      expect(step.inputs.length).toBeLessThanOrEqual(limits.maxInputs);
    }
  });

  it('returns the graph as it is on a backend without fused kernels or without synchronous reads', () => {
    const cpu = createCpuBackend({ threads: 1 });
    const withoutFusion: Backend = {
      ...cpu,
      capabilities: { ...cpu.capabilities, fusedElementwise: undefined },
    };
    const asynchronous: Backend = { ...cpu, readsSynchronously: false };
    for (const backend of [withoutFusion, asynchronous]) {
      const { recorded, fused } = fuseChecked(
        (x) => exp(mul(x, 2)),
        [tensor([0.5, -1, 2])],
        backend,
      );
      expect(fused).toBe(recorded);
    }
  });

  it('leaves the graph it is given as it was', () => {
    const backend = createCpuBackend({ threads: 1 });
    withBackend(backend, () => {
      const x = tensor([0.5, -1, 2]);
      const { graph } = record('fn', ((v: Tensor) => exp(add(mul(v, 2), 1))) as never, [x], [x]);
      const steps: Step[] = [...graph.steps];
      const shapes = graph.steps.map((s) => s.inputs.map((u) => [...u.shape]));
      fuseElementwise(graph, backend);
      expect(graph.steps).toEqual(steps);
      expect(graph.steps.map((s) => s.inputs.map((u) => [...u.shape]))).toEqual(shapes);
      releaseConstants(graph);
    });
  });
});
