import {
  add,
  cast,
  exp,
  getBackend,
  mul,
  type Primitive,
  type PrimitiveParams,
  reshape,
  sum,
  type Tensor,
  tensor,
} from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import type { FusedStep, Graph, PrimitiveStep, Step, Value } from './graph.js';
import { Program } from './program.js';
import { record } from './record.js';
import { eliminateCommonSubexpressions, eliminateDeadCode } from './simplify.js';
import { expectTreesClose } from './testing/close.js';

const input = (leaf: number, shape: number[] = [2], dtype: Value['dtype'] = 'float32'): Value => ({
  shape,
  dtype,
  source: { kind: 'input', leaf },
});
const computed = (shape: number[] = [2], dtype: Value['dtype'] = 'float32'): Value => ({
  shape,
  dtype,
  source: { kind: 'step' },
});
const step = (
  primitive: Primitive,
  reads: readonly (readonly [number, number[]])[],
  output: number,
  params: PrimitiveParams[Primitive] = {} as never,
): PrimitiveStep => ({
  kind: 'primitive',
  primitive,
  params,
  inputs: reads.map(([value, shape]) => ({ value, shape })),
  output,
});
const graphOf = (values: Value[], steps: Step[], outputs: number[]): Graph => ({
  values,
  steps,
  outputs,
  outputShapes: outputs.map((v) => values[v]!.shape),
});

describe('eliminateCommonSubexpressions', () => {
  it('reads a repeated step as the first one, in later steps and in the outputs', () => {
    // v1 = exp(v0); v2 = exp(v0) (repeat); v3 = add(v1, v2); returns [v3, v2].
    const graph = graphOf(
      [input(0), computed(), computed(), computed()],
      [
        step('exp', [[0, [2]]], 1),
        step('exp', [[0, [2]]], 2),
        step(
          'add',
          [
            [1, [2]],
            [2, [2]],
          ],
          3,
        ),
      ],
      [3, 2],
    );
    const simplified = eliminateCommonSubexpressions(graph);
    expect(simplified.steps).toEqual([
      step('exp', [[0, [2]]], 1),
      step(
        'add',
        [
          [1, [2]],
          [1, [2]],
        ],
        3,
      ),
    ]);
    expect(simplified.outputs).toEqual([3, 1]);
    expect(simplified.values).toBe(graph.values);
  });

  it('follows repeats through chains: a step over two repeated values is a repeat too', () => {
    // v1 = exp(v0), v2 = exp(v0), v3 = neg(v1), v4 = neg(v2): v4 is v3.
    const graph = graphOf(
      [input(0), computed(), computed(), computed(), computed()],
      [
        step('exp', [[0, [2]]], 1),
        step('exp', [[0, [2]]], 2),
        step('neg', [[1, [2]]], 3),
        step('neg', [[2, [2]]], 4),
      ],
      [3, 4],
    );
    const simplified = eliminateCommonSubexpressions(graph);
    expect(simplified.steps.map((s) => s.output)).toEqual([1, 3]);
    expect(simplified.outputs).toEqual([3, 3]);
  });

  it('keeps steps that differ in primitive, params, inputs or the shape an input is read as', () => {
    const graph = graphOf(
      [input(0, [2, 3]), input(1, [2, 3]), ...Array.from({ length: 7 }, () => computed([3]))],
      [
        step('sum', [[0, [2, 3]]], 2, { axes: [0] }),
        step('sum', [[0, [2, 3]]], 3, { axes: [1] }), // other params
        step('max', [[0, [2, 3]]], 4, { axes: [0] }), // other primitive
        step('sum', [[1, [2, 3]]], 5, { axes: [0] }), // other input
        step('sum', [[0, [3, 2]]], 6, { axes: [0] }), // the same buffer read as another shape
        step('sum', [[0, [6]]], 7, { axes: [0] }),
        step('sum', [[0, [2, 3]]], 8, { axes: [0] }), // a true repeat of the first
      ],
      [2, 3, 4, 5, 6, 7, 8],
    );
    const simplified = eliminateCommonSubexpressions(graph);
    expect(simplified.steps.map((s) => s.output)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(simplified.outputs).toEqual([2, 3, 4, 5, 6, 7, 2]);
  });

  it('shares a repeated fused step only when its expression and shape agree', () => {
    const x = { op: 'input', index: 0 } as const;
    const fused = (expression: FusedStep['expression'], shape: number[], output: number): Step => ({
      kind: 'fused',
      expression,
      inputs: [{ value: 0, shape: [1] }],
      shape,
      output,
    });
    const graph = graphOf(
      [input(0, [1]), computed([1]), computed([1]), computed([1]), computed([1])],
      [
        fused({ op: 'exp', x }, [1], 1),
        fused({ op: 'exp', x }, [1], 2), // repeat
        fused({ op: 'neg', x }, [1], 3), // other expression
        fused({ op: 'exp', x }, [1, 1], 4), // other shape
      ],
      [1, 2, 3, 4],
    );
    const simplified = eliminateCommonSubexpressions(graph);
    expect(simplified.steps.map((s) => s.output)).toEqual([1, 3, 4]);
    expect(simplified.outputs).toEqual([1, 1, 3, 4]);
  });

  it('reads a cast to the same dtype as its input, and keeps a cast that converts', () => {
    // v1 = cast(v0) to float32 (a copy); v2 = cast(v0) to int32; v3 = exp(v1).
    const graph = graphOf(
      [input(0), computed(), computed([2], 'int32'), computed()],
      [
        step('cast', [[0, [2]]], 1, { dtype: 'float32' } as never),
        step('cast', [[0, [2]]], 2, { dtype: 'int32' } as never),
        step('exp', [[1, [2]]], 3),
      ],
      [1, 2, 3],
    );
    const simplified = eliminateCommonSubexpressions(graph);
    expect(simplified.steps).toEqual([
      step('cast', [[0, [2]]], 2, { dtype: 'int32' } as never),
      step('exp', [[0, [2]]], 3),
    ]);
    expect(simplified.outputs).toEqual([0, 2, 3]);
  });

  it('leaves the graph it is given as it was', () => {
    const graph = graphOf(
      [input(0), computed(), computed(), computed()],
      [
        step('cast', [[0, [2]]], 1, { dtype: 'float32' } as never),
        step('exp', [[1, [2]]], 2),
        step('exp', [[1, [2]]], 3),
      ],
      [2, 3],
    );
    const before = structuredClone(graph);
    eliminateCommonSubexpressions(graph);
    expect(graph).toEqual(before);
  });
});

describe('eliminateDeadCode', () => {
  it('drops the steps nothing returned depends on, keeping the order of the rest', () => {
    // v1 = exp(v0) (returned via v3); v2 = neg(v0) (dead); v3 = add(v1, v0); v4 = neg(v2) (dead).
    const graph = graphOf(
      [input(0), computed(), computed(), computed(), computed()],
      [
        step('exp', [[0, [2]]], 1),
        step('neg', [[0, [2]]], 2),
        step(
          'add',
          [
            [1, [2]],
            [0, [2]],
          ],
          3,
        ),
        step('neg', [[2, [2]]], 4),
      ],
      [3],
    );
    const simplified = eliminateDeadCode(graph);
    expect(simplified.steps).toEqual([graph.steps[0], graph.steps[2]]);
    expect(simplified.outputs).toEqual([3]);
    expect(graph.steps).toHaveLength(4);
  });

  it('keeps a step read only by a live step, however deep', () => {
    const values = [input(0), computed(), computed(), computed(), computed()];
    const steps = [
      step('exp', [[0, [2]]], 1),
      step('neg', [[1, [2]]], 2),
      step('sqrt', [[2, [2]]], 3),
      step('abs', [[3, [2]]], 4),
    ];
    expect(eliminateDeadCode(graphOf(values, steps, [4])).steps).toEqual(steps);
    expect(eliminateDeadCode(graphOf(values, steps, [2])).steps).toEqual(steps.slice(0, 2));
  });

  it('keeps no step when the function returns its input', () => {
    const graph = graphOf([input(0), computed()], [step('exp', [[0, [2]]], 1)], [0]);
    expect(eliminateDeadCode(graph).steps).toEqual([]);
  });
});

describe('both passes on a recorded function', () => {
  it('replay the same numbers as running the function eagerly, with fewer steps', () => {
    // A captured tensor is one constant of the graph (each literal 2 would be one of its own).
    const two = tensor(2);
    const fn = (x: Tensor, y: Tensor): Tensor[] => {
      const a = exp(mul(x, two));
      const b = exp(mul(x, two)); // repeated
      sum(mul(y, 3)); // unused
      const copy = cast(y, 'float32'); // a same-dtype copy
      return [add(a, reshape(copy, [3])), mul(b, b)];
    };
    const x = tensor([0.5, -1, 2]);
    const y = tensor([[1], [2], [3]]);
    const { graph } = record('fn', fn as never, [x, y], [x, y]);
    const simplified = eliminateDeadCode(eliminateCommonSubexpressions(graph));
    // Left: mul(x, 2), exp, add, mul(b, b).
    expect(simplified.steps.map((s) => (s as PrimitiveStep).primitive)).toEqual([
      'mul',
      'exp',
      'add',
      'mul',
    ]);
    const program = new Program(simplified, getBackend(), new Set());
    expectTreesClose(program.run('test', [x, y], []), fn(x, y));
  });
});
