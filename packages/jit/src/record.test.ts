import {
  add,
  dispose,
  exp,
  memory,
  mul,
  random,
  reshape,
  sum,
  type Tensor,
  tensor,
} from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import type { Value } from './graph.js';
import { type Recording, record, releaseConstants } from './record.js';
import { TraceError } from './trace-error.js';

/** The values of a graph with constants shown by their numbers. */
function describeValues(values: readonly Value[]): unknown[] {
  return values.map((v) => ({
    shape: v.shape,
    dtype: v.dtype,
    source: v.source.kind === 'constant' ? { constant: v.source.tensor.toArray() } : v.source,
  }));
}

describe('record', () => {
  it('records inputs, constants and each primitive in order, views read with their shapes', () => {
    const w = tensor([10, 20]);
    const x = tensor([1, 2]);
    const y = tensor([0, 1]);
    // f({ k, x }, y) = [sum over rows of (x + w) as a column times 3, exp(y), k]
    const fn = (p: { k: number; x: Tensor }, v: Tensor) => [
      sum(mul(reshape(add(p.x, w), [2, 1]), 3), 0),
      exp(v),
      p.k,
    ];
    const args = [{ k: 4, x }, y];
    // The flattened arguments: k, x, y.
    const recording = record('f', fn as never, args, [4, x, y]);
    const { graph } = recording;
    expect(describeValues(graph.values)).toEqual([
      { shape: [2], dtype: 'float32', source: { kind: 'input', leaf: 1 } },
      { shape: [2], dtype: 'float32', source: { kind: 'input', leaf: 2 } },
      { shape: [2], dtype: 'float32', source: { constant: [10, 20] } },
      { shape: [2], dtype: 'float32', source: { kind: 'step' } },
      { shape: [], dtype: 'float32', source: { constant: 3 } },
      { shape: [2, 1], dtype: 'float32', source: { kind: 'step' } },
      { shape: [1], dtype: 'float32', source: { kind: 'step' } },
      { shape: [2], dtype: 'float32', source: { kind: 'step' } },
    ]);
    expect(graph.steps).toEqual([
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
      // The reshape made no step: the product reads the sum's buffer as a column.
      {
        kind: 'primitive',
        primitive: 'mul',
        params: {},
        inputs: [
          { value: 3, shape: [2, 1] },
          { value: 4, shape: [] },
        ],
        output: 5,
      },
      {
        kind: 'primitive',
        primitive: 'sum',
        params: { axes: [0] },
        inputs: [{ value: 5, shape: [2, 1] }],
        output: 6,
      },
      {
        kind: 'primitive',
        primitive: 'exp',
        params: {},
        inputs: [{ value: 1, shape: [2] }],
        output: 7,
      },
    ]);
    // The number in the result is no output of the graph.
    expect(graph.outputs).toEqual([6, 7]);
    expect(graph.outputShapes).toEqual([[1], [2]]);
    // The result is computed on the way: (1 + 10) * 3 + (2 + 20) * 3 = 99; exp(0), exp(1).
    const [total, exps, k] = recording.result as [Tensor, Tensor, number];
    expect(total.toArray()).toEqual([99]);
    expect(exps.dataSync()[0]).toBe(1);
    expect(exps.dataSync()[1]).toBeCloseTo(Math.E, 6);
    expect(k).toBe(4);
    expect(recording.randomDraws).toEqual([]);
    releaseConstants(graph);
  });

  it('gives a tensor passed twice one value, from its first leaf', () => {
    const x = tensor([1, 2, 3]);
    const { graph } = record(
      'twice',
      ((a: Tensor, b: Tensor) => mul(a, b)) as never,
      [x, x],
      [x, x],
    );
    expect(graph.values.filter((v) => v.source.kind === 'input')).toHaveLength(1);
    expect(graph.values[0]!.source).toEqual({ kind: 'input', leaf: 0 });
    expect(graph.steps[0]!.inputs.map((u) => u.value)).toEqual([0, 0]);
  });

  it('returns an input as it is: an output with no step', () => {
    const x = tensor([[1, 2]]);
    const { graph, result } = record(
      'identity',
      ((a: Tensor) => ({ same: a, view: reshape(a, [2]) })) as never,
      [x],
      [x],
    );
    expect(graph.steps).toEqual([]);
    // Flatten order: same, view.
    expect(graph.outputs).toEqual([0, 0]);
    expect(graph.outputShapes).toEqual([[1, 2], [2]]);
    expect((result as { view: Tensor }).view.toArray()).toEqual([1, 2]);
  });

  it('keeps its own handle on a constant, freed by releaseConstants', () => {
    const w = tensor([5, 6]);
    const x = tensor([1, 1]);
    const { graph, result } = record('scaled', ((a: Tensor) => mul(a, w)) as never, [x], [x]);
    w.dispose();
    const constant = graph.values.find((v) => v.source.kind === 'constant')!.source as {
      tensor: Tensor;
    };
    expect(constant.tensor.toArray()).toEqual([5, 6]);
    releaseConstants(graph);
    expect(constant.tensor.isDisposed).toBe(true);
    expect((result as Tensor).toArray()).toEqual([5, 6]);
  });

  it('leaves behind only the result and the constants, and nothing once both are freed', () => {
    const x = tensor([0.5, -1, 2]);
    const before = memory();
    const { graph, result } = record(
      'chain',
      ((a: Tensor) => exp(add(mul(a, 2), tensor([1, 1, 1])))) as never,
      [x],
      [x],
    );
    // The intermediates are gone; what is left is the result and the graph's two constants.
    expect(memory().tensors - before.tensors).toBe(3);
    dispose(result as Tensor);
    releaseConstants(graph);
    expect(memory().tensors).toBe(before.tensors);
    expect(memory().buffers).toBe(before.buffers);
  });

  it('lists the random samplers the function drew from on the host', () => {
    const x = tensor([1, 2, 3, 4]);
    const recording: Recording = record(
      'noisy',
      ((a: Tensor) =>
        add(
          mul(a, random.bernoulli(random.key(1), 0.5, [4])),
          random.normal(random.key(2), [4]),
        )) as never,
      [x],
      [x],
    );
    expect(recording.randomDraws).toEqual(['random.bernoulli', 'random.normal']);
    releaseConstants(recording.graph);
  });

  describe('errors', () => {
    it.each([
      ['item', (t: Tensor) => sum(t).item()],
      ['dataSync', (t: Tensor) => exp(t).dataSync()],
      ['toArray', (t: Tensor) => t.toArray()],
    ] as const)(
      'reading a value computed from the inputs with %s throws a TraceError naming the read, the shape and the function',
      (op, read) => {
        const x = tensor([1, 2]);
        const w = tensor([3, 4]);
        const before = memory();
        const attempt = () =>
          record(
            'step',
            ((a: Tensor) => {
              const scaled = mul(a, w);
              read(scaled);
              return scaled;
            }) as never,
            [x],
            [x],
          );
        expect(attempt).toThrow(TraceError);
        expect(attempt).toThrow(
          new RegExp(
            `^${op}: cannot read the values of a tensor of shape \\[${op === 'item' ? '' : '2'}\\] computed from the inputs while jit traces step`,
          ),
        );
        // Nothing kept: the constant's handle and the intermediates are freed.
        expect(memory().tensors).toBe(before.tensors);
        expect(memory().buffers).toBe(before.buffers);
      },
    );

    it('reading a constant is allowed', () => {
      const w = tensor([3, 4]);
      const x = tensor([1, 2]);
      const { graph, result } = record(
        'reads',
        // w is a constant of the graph by the time it is read.
        ((a: Tensor) => {
          const scaled = mul(a, w);
          return mul(scaled, w.dataSync()[1]!);
        }) as never,
        [x],
        [x],
      );
      expect(graph.values[1]!.source.kind).toBe('constant');
      // [1, 2] * [3, 4] * 4
      expect((result as Tensor).toArray()).toEqual([12, 32]);
      releaseConstants(graph);
    });

    it('reading a value computed from constants only is allowed: it is the same on every replay', () => {
      const w = tensor([3, 4]);
      const x = tensor([1, 2]);
      const { graph, result } = record(
        'reads',
        ((a: Tensor) => mul(a, sum(w).item() + exp(tensor([0])).item())) as never,
        [x],
        [x],
      );
      // (3 + 4) + exp(0) = 8
      expect((result as Tensor).toArray()).toEqual([8, 16]);
      releaseConstants(graph);
    });

    it('a value computed from both an input and a constant is still refused', () => {
      const w = tensor([3, 4]);
      const x = tensor([1, 2]);
      expect(() =>
        record('mixed', ((a: Tensor) => add(a, sum(mul(w, a)).item())) as never, [x], [x]),
      ).toThrow(/^item: cannot read the values of a tensor of shape \[\] computed from the inputs/);
    });

    it('refuses a function returning a Promise, freeing what it recorded', async () => {
      const x = tensor([1, 2]);
      const w = tensor([3, 4]);
      const before = memory();
      let returned: Promise<unknown> | undefined;
      const attempt = () =>
        record(
          'later',
          ((a: Tensor) => {
            returned = Promise.resolve(mul(a, w).dispose());
            return returned;
          }) as never,
          [x],
          [x],
        );
      expect(attempt).toThrow(TypeError);
      expect(attempt).toThrow('jit: later must be synchronous, but it returned a Promise');
      await returned;
      expect(memory().tensors).toBe(before.tensors);
    });

    it('an error thrown by the function passes through, freeing what it recorded', () => {
      const x = tensor([1, 2]);
      const w = tensor([3, 4]);
      const before = memory();
      expect(() =>
        record(
          'broken',
          ((a: Tensor) => {
            mul(a, w);
            throw new RangeError('from the function');
          }) as never,
          [x],
          [x],
        ),
      ).toThrow(new RangeError('from the function'));
      expect(memory().tensors).toBe(before.tensors);
      expect(memory().buffers).toBe(before.buffers);
    });
  });
});
