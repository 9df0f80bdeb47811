import { describe, expect, it } from 'vitest';
import { countReaders, type Graph, type Step, sameShape, type Value } from './graph.js';

const float = (shape: number[], source: Value['source'] = { kind: 'step' }): Value => ({
  shape,
  dtype: 'float32',
  source,
});

describe('countReaders', () => {
  it('counts one per step input and one per graph output, per value', () => {
    // v0 input; v1 = exp(v0); v2 = mul(v1, v1); v3 = add(v0, v2); returns [v3, v1, v1].
    const steps: Step[] = [
      {
        kind: 'primitive',
        primitive: 'exp',
        params: {},
        inputs: [{ value: 0, shape: [2] }],
        output: 1,
      },
      {
        kind: 'primitive',
        primitive: 'mul',
        params: {},
        inputs: [
          { value: 1, shape: [2] },
          { value: 1, shape: [2] },
        ],
        output: 2,
      },
      {
        kind: 'primitive',
        primitive: 'add',
        params: {},
        inputs: [
          { value: 0, shape: [2] },
          { value: 2, shape: [2] },
        ],
        output: 3,
      },
    ];
    const graph: Graph = {
      values: [float([2], { kind: 'input', leaf: 0 }), float([2]), float([2]), float([2])],
      steps,
      outputs: [3, 1, 1],
      outputShapes: [[2], [2], [2]],
    };
    // v0: read by exp and add; v1: twice by mul, twice as an output; v2: by add; v3: output.
    expect(countReaders(graph)).toEqual([2, 4, 1, 1]);
  });

  it('counts the inputs of a fused step, and gives 0 to values nothing reads', () => {
    const graph: Graph = {
      values: [
        float([3], { kind: 'input', leaf: 0 }),
        float([1], { kind: 'input', leaf: 1 }),
        float([3]),
        float([3]),
      ],
      steps: [
        {
          kind: 'fused',
          expression: { op: 'add', a: { op: 'input', index: 0 }, b: { op: 'input', index: 1 } },
          inputs: [
            { value: 0, shape: [3] },
            { value: 1, shape: [1] },
          ],
          shape: [3],
          output: 2,
        },
        {
          kind: 'primitive',
          primitive: 'neg',
          params: {},
          inputs: [{ value: 0, shape: [3] }],
          output: 3,
        },
      ],
      outputs: [2],
      outputShapes: [[3]],
    };
    expect(countReaders(graph)).toEqual([2, 1, 1, 0]);
  });

  it('gives an array of the values length even for a graph without steps', () => {
    const graph: Graph = {
      values: [float([], { kind: 'input', leaf: 0 }), float([], { kind: 'input', leaf: 1 })],
      steps: [],
      outputs: [1],
      outputShapes: [[]],
    };
    expect(countReaders(graph)).toEqual([0, 1]);
  });
});

describe('sameShape', () => {
  it('is true for equal dimensions, whether or not the arrays are the same object', () => {
    const shape = [2, 3];
    expect(sameShape(shape, shape)).toBe(true);
    expect(sameShape([2, 3], [2, 3])).toBe(true);
    expect(sameShape([], [])).toBe(true);
  });

  it('is false for another rank, even when the sizes agree', () => {
    expect(sameShape([6], [2, 3])).toBe(false);
    expect(sameShape([1], [])).toBe(false);
    expect(sameShape([2, 3, 1], [2, 3])).toBe(false);
  });

  it('is false when any one dimension differs', () => {
    expect(sameShape([2, 3], [3, 2])).toBe(false);
    expect(sameShape([4, 5, 6], [4, 5, 7])).toBe(false);
    expect(sameShape([1, 5], [0, 5])).toBe(false);
  });
});
