// mxnet.Adam as MXNet's documentation writes it: a positional learning rate, hyperparameters
// checked when the optimizer is made, and updates that are all or nothing.
import { memory, type Tensor, tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Adam, type AdamState, type Gradient, Parameter } from './index.js';

const values = (t: Tensor) => Array.from(t.dataSync());

describe('mxnet.Adam construction', () => {
  it('takes a number as the learning rate, with the same numbers as the object form', () => {
    const [a, b] = [new Parameter(tensor([1, 2]), 'a'), new Parameter(tensor([1, 2]), 'b')];
    const positional = new Adam(0.1);
    const named = new Adam({ learningRate: 0.1 });
    expect(positional.learningRate).toBe(0.1);
    positional.update(0, a, tensor([0.5, -1]), positional.createState(0, a));
    named.update(0, b, tensor([0.5, -1]), named.createState(0, b));
    expect(values(a.value)).toEqual(values(b.value));
  });

  it.each([
    [{ beta1: 1 }, /argument 'beta1' must be a number in \[0, 1\), got 1/],
    [{ beta2: -0.1 }, /argument 'beta2' must be a number in \[0, 1\)/],
    [{ epsilon: -1 }, /argument 'epsilon' must be a finite number >= 0/],
    [{ lazyUpdate: 1 }, /argument 'lazyUpdate' must be a boolean/],
    [{ learningRate: -0.1 }, /argument 'learningRate' must be >= 0/],
    [{ beginNumUpdate: 1.5 }, /argument 'beginNumUpdate' must be an integer >= 0/],
    [
      { lazy_update: true },
      /argument 'lazy_update' is not a known option; did you mean 'lazyUpdate'/,
    ],
    [{ learning_rate: 0.1 }, /did you mean 'learningRate'/],
  ])('refuses %o', (options, message) => {
    expect(() => new Adam(options as never)).toThrow(message);
  });
});

describe('mxnet.Adam updates are all or nothing', () => {
  function setup() {
    const optimizer = new Adam(0.1);
    const weights = [new Parameter(tensor([1, 2]), 'a'), new Parameter(tensor([3, 4, 5]), 'b')];
    const states = weights.map((w, i) => optimizer.createState(i, w));
    return { optimizer, weights, states };
  }
  const snapshot = (weights: Parameter[], states: AdamState[]) =>
    JSON.stringify([weights.map((w) => values(w.value)), states.map((s) => s.map(values))]);

  it('a bad later gradient leaves earlier weights, states and counts unchanged', () => {
    const { optimizer, weights, states } = setup();
    const before = snapshot(weights, states);
    const tensors = memory().tensors;
    expect(() =>
      optimizer.update([0, 1], weights, [tensor([1, 1]), tensor([1, 1])], states),
    ).toThrow(/grads\[1\]' has shape \[2\] but the weight 'b' has shape \[3\]/);
    expect(() =>
      optimizer.update([0, 1], weights, [tensor([1, 1]), 'g' as unknown as Gradient], states),
    ).toThrow(ValueError);
    expect(snapshot(weights, states)).toBe(before);
    expect(optimizer.indexUpdateCount.size).toBe(0);
    expect(optimizer.numUpdate).toBe(0);
    expect(memory().tensors).toBe(tensors + 3); // the three gradients, nothing else
  });

  it('a NaN or negative scheduled rate is refused before anything changes', () => {
    for (const rate of [Number.NaN, -0.5]) {
      const schedule = (numUpdate: number) => (numUpdate >= 2 ? rate : 0.1);
      const optimizer = new Adam({ lrScheduler: schedule, learningRate: null });
      const w = new Parameter(tensor([1, 2]), 'w');
      const state = optimizer.createState(0, w);
      optimizer.update(0, w, tensor([1, 1]), state);
      const before = snapshot([w], [state]);
      expect(() => optimizer.update(0, w, tensor([1, 1]), state)).toThrow(
        /argument 'learningRate' must be a finite number >= 0 at update 2/,
      );
      expect(snapshot([w], [state])).toBe(before);
      expect(optimizer.indexUpdateCount.get(0)).toBe(1);
      expect(optimizer.numUpdate).toBe(1);
    }
  });

  it('a list update gives the numbers of one update per index, counts included', () => {
    const listed = setup();
    const single = setup();
    const grads = [tensor([0.5, -1]), tensor([1, 2, 3])];
    for (let step = 0; step < 2; step++) {
      listed.optimizer.update(
        [0, 1, 0],
        [...listed.weights, listed.weights[0]!],
        [grads[0]!, grads[1]!, grads[0]!],
        [...listed.states, listed.states[0]!],
      );
      single.optimizer.update(0, single.weights[0]!, grads[0]!, single.states[0]!);
      single.optimizer.update(1, single.weights[1]!, grads[1]!, single.states[1]!);
      single.optimizer.update(0, single.weights[0]!, grads[0]!, single.states[0]!);
    }
    expect(listed.optimizer.indexUpdateCount.get(0)).toBe(4);
    expect(listed.optimizer.numUpdate).toBe(4);
    expect(values(listed.weights[1]!.value)).toEqual(values(single.weights[1]!.value));
  });
});
