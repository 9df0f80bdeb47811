// computeUpdates: every work item's new parameter values and state, computed and returned
// without touching a parameter. Checked with plain SGD (w − η·g) and SGD with momentum
// (t ← g + μ·t, w − η·t), whose values are derived by hand below.
import { RowSparse, sgd } from '@gradkit/optim';
import {
  createCpuBackend,
  getBackend,
  memory,
  ShapeError,
  scope,
  type Tensor,
  tensor,
} from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../parameter/parameter.js';
import { computeUpdates, type UpdateWork } from './compute-updates.js';
import type { Gradient } from './gradient.js';
import { stateTensors } from './state-tree.js';

const values = (t: Tensor) => Array.from(t.dataSync());
const device = () => ({ ...createCpuBackend(), name: 'device' });
const close = (actual: readonly number[], expected: readonly number[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => {
    expect(v).toBeCloseTo(expected[i]!, 6);
  });
};

describe('computeUpdates', () => {
  it('gives each item its new values from a fresh state, and changes no parameter', () => {
    const a = new Parameter(tensor([1, 2, 3]), 'a');
    const b = new Parameter(tensor([10, 20]), 'b');
    const work: UpdateWork[] = [
      {
        transform: sgd(0.5),
        params: [a],
        grads: [tensor([2, 4, -6])],
        state: undefined,
        asList: false,
      },
      {
        transform: sgd(0.1),
        params: [b],
        grads: [tensor([10, -10])],
        state: undefined,
        asList: false,
      },
    ];
    const [first, second] = computeUpdates(work);
    // w − η·g: [1 − 1, 2 − 2, 3 + 3] and [10 − 1, 20 + 1].
    close(values(first!.values[0]!), [0, 0, 6]);
    close(values(second!.values[0]!), [9, 21]);
    expect(values(a.value)).toEqual([1, 2, 3]);
    expect(values(b.value)).toEqual([10, 20]);
  });

  it('threads the state: a second step from the returned state uses the momentum', () => {
    const w = new Parameter(tensor([1, 1]), 'w');
    const transform = sgd(0.1, { momentum: 0.9 });
    const g1 = tensor([1, -2]);
    const g2 = tensor([3, 0]);
    const [one] = computeUpdates([
      { transform, params: [w], grads: [g1], state: undefined, asList: false },
    ]);
    // t₁ = g₁ = [1, −2]; w₁ = [1 − 0.1, 1 + 0.2].
    close(values(one!.values[0]!), [0.9, 1.2]);
    w.assign(one!.values[0]!);
    const [two] = computeUpdates([
      { transform, params: [w], grads: [g2], state: one!.state, asList: false },
    ]);
    // t₂ = g₂ + 0.9·t₁ = [3.9, −1.8]; w₂ = [0.9 − 0.39, 1.2 + 0.18].
    close(values(two!.values[0]!), [0.51, 1.38]);
    // The same second gradient from a fresh state has no momentum: [0.9 − 0.3, 1.2].
    const [fresh] = computeUpdates([
      { transform, params: [w], grads: [g2], state: undefined, asList: false },
    ]);
    close(values(fresh!.values[0]!), [0.6, 1.2]);
  });

  it('hands a list transform the whole group and returns its values in order', () => {
    const a = new Parameter(tensor([1, 2]), 'a');
    const b = new Parameter(tensor([5]), 'b');
    const [group] = computeUpdates([
      {
        transform: sgd(1),
        params: [a, b],
        grads: [tensor([0.5, 0.5]), tensor([2])],
        state: undefined,
        asList: true,
      },
    ]);
    expect(group!.values).toHaveLength(2);
    close(values(group!.values[0]!), [0.5, 1.5]);
    close(values(group!.values[1]!), [3]);
  });

  it("reads each gradient through the item's prepare", () => {
    const w = new Parameter(tensor([0, 0, 0, 0], [2, 2]), 'w');
    const seen: Gradient[] = [];
    const densify = (grad: Gradient): Gradient => {
      seen.push(grad);
      // Row 1 of a [2, 2] table: the dense gradient [[0, 0], [1, 2]].
      return tensor([0, 0, ...values((grad as RowSparse).values)], [2, 2]);
    };
    const sparse = new RowSparse([1], tensor([[1, 2]]), [2, 2]);
    const [result] = computeUpdates([
      {
        transform: sgd(1),
        params: [w],
        grads: [sparse],
        state: undefined,
        asList: false,
        prepare: densify,
      },
    ]);
    expect(seen).toEqual([sparse]);
    close(values(result!.values[0]!), [0, 0, -1, -2]);
  });

  it('leaves no tensor behind but what it returns', () => {
    const w = new Parameter(tensor([1, 2]), 'w');
    const g = tensor([1, 1]);
    const transform = sgd(0.1, { momentum: 0.9 });
    const before = memory().tensors;
    const [result] = computeUpdates([
      { transform, params: [w], grads: [g], state: undefined, asList: false },
    ]);
    const returned = new Set([...result!.values, ...stateTensors(result!.state)]);
    expect(memory().tensors).toBe(before + returned.size);
  });

  it('throws on a bad gradient in a later item and leaves every parameter, state and count as it was', () => {
    const a = new Parameter(tensor([1, 2, 3]), 'a');
    const b = new Parameter(tensor([4, 5]), 'b');
    const transform = sgd(0.1, { momentum: 0.9 });
    const [stepped] = computeUpdates([
      { transform, params: [a], grads: [tensor([1, 1, 1])], state: undefined, asList: false },
    ]);
    const trace = [...stateTensors(stepped!.state)];
    const traced = trace.map(values);
    const before = memory().tensors;
    expect(() =>
      computeUpdates([
        {
          transform,
          params: [a],
          grads: [tensor([1, 1, 1])],
          state: stepped!.state,
          asList: false,
        },
        // A gradient of three where the parameter has two.
        { transform, params: [b], grads: [tensor([1, 1, 1])], state: undefined, asList: false },
      ]),
    ).toThrow(ShapeError);
    // The two gradients made in the call above stay; nothing the failed step made does.
    expect(memory().tensors).toBe(before + 2);
    expect(values(a.value)).toEqual([1, 2, 3]);
    expect(values(b.value)).toEqual([4, 5]);
    expect(trace.every((t) => !t.isDisposed)).toBe(true);
    expect(trace.map(values)).toEqual(traced);
  });

  describe('on another backend', () => {
    it('steps there, returns the values where each parameter lives and keeps the state there', () => {
      const gpu = device();
      const w = new Parameter(tensor([1, 2]), 'w');
      const transform = sgd(0.5, { momentum: 0.5 });
      const [result] = computeUpdates(
        [{ transform, params: [w], grads: [tensor([2, -2])], state: undefined, asList: false }],
        gpu,
      );
      expect(result!.values[0]!.backend).toBe(getBackend());
      close(values(result!.values[0]!), [0, 3]);
      const state = [...stateTensors(result!.state)];
      expect(state.length).toBeGreaterThan(0);
      for (const t of state) expect(t.backend).toBe(gpu);
      expect(w.value.backend).toBe(getBackend());
      expect(values(w.value)).toEqual([1, 2]);
    });

    it('carries the state between steps there, as momentum written out by hand does', () => {
      const gpu = device();
      const lr = 0.05;
      const mu = 0.8;
      const grads = [
        [1, 2, 3],
        [-1, 0.5, 2],
        [0.25, -3, 1],
      ];
      const w = new Parameter(tensor([0.3, -1.7, 2.2]), 'w');
      const transform = sgd(lr, { momentum: mu, nesterov: true });
      let state: unknown;
      for (const g of grads) {
        const [out] = scope(() =>
          computeUpdates(
            [{ transform, params: [w], grads: [tensor(g)], state, asList: false }],
            gpu,
          ),
        );
        w.assign(out!.values[0]!);
        state = out!.state;
      }
      // Nesterov momentum: t ← g + μ·t, w ← w − η·(g + μ·t).
      const expected = [0.3, -1.7, 2.2];
      const trace = [0, 0, 0];
      for (const g of grads) {
        for (let i = 0; i < 3; i++) {
          trace[i] = g[i]! + mu * trace[i]!;
          expected[i] = expected[i]! - lr * (g[i]! + mu * trace[i]!);
        }
      }
      expect(w.value.backend).toBe(getBackend());
      close(values(w.value), expected);
    });
  });
});
