// PyTorch-style loops (fixtures/torch-frontend-loop.json): step(closure) with Adam's AMSGrad,
// and gradient accumulation over two half batches with SGD momentum. A parameter the loss
// never reads keeps grad null, is skipped and gets no state.
import { add, matmul, mean, slice, square, sub, type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { expectValuesClose, readFixture } from '../mindspore/experimental/testing/fixtures.js';
import { Adam, backward, Parameter, recording, SGD } from './index.js';

interface Loop {
  x: number[];
  y: number[];
  w: number[];
  b: number[];
  unused: number[];
  closure: {
    steps: { loss: number; w: number[]; b: number[]; unused: number[] }[];
    unusedGrad: number[] | null;
    stateKeys: number[];
  };
  accumulation: { steps: { losses: number[]; gradW: number[]; w: number[]; b: number[] }[] };
}

const fixture = readFixture<Loop>('torch-frontend-loop.json');
const x = tensor(new Float32Array(fixture.x), [8, 3]);
const y = tensor(new Float32Array(fixture.y), [8, 2]);

function model() {
  return {
    w: new Parameter(tensor(new Float32Array(fixture.w), [3, 2]), 'w'),
    b: new Parameter(tensor(new Float32Array(fixture.b), [2]), 'b'),
    unused: new Parameter(tensor(new Float32Array(fixture.unused), [2]), 'unused'),
  };
}

const mse = (xs: Tensor, ys: Tensor, w: Parameter, b: Parameter) =>
  mean(square(sub(add(matmul(xs, w.value), b.value), ys)));

describe('PyTorch-style loops against torch', () => {
  it('step(closure) returns the loss and follows Adam (amsgrad)', () => {
    const { w, b, unused } = model();
    const optimizer = new Adam([w, b, unused], { lr: 0.05, amsgrad: true, weightDecay: 0.01 });
    const closure = () => {
      optimizer.zeroGrad();
      const loss = recording(optimizer, () => mse(x, y, w, b));
      backward(loss);
      return loss;
    };
    for (const expected of fixture.closure.steps) {
      const loss = optimizer.step(closure)!;
      expectValuesClose([loss.item() as number], [expected.loss], 'loss');
      loss.dispose();
      expectValuesClose(w.value.dataSync(), expected.w, 'w');
      expectValuesClose(b.value.dataSync(), expected.b, 'b');
      expectValuesClose(unused.value.dataSync(), expected.unused, 'unused');
    }
    expect(fixture.closure.unusedGrad).toBeNull();
    expect(unused.grad).toBeNull();
    expect(Object.keys(optimizer.stateDict().state).map(Number)).toEqual(fixture.closure.stateKeys);
  });

  it('accumulates grads over several backward calls until zeroGrad', () => {
    const { w, b, unused } = model();
    const optimizer = new SGD([w, b, unused], { lr: 0.1, momentum: 0.9 });
    for (const expected of fixture.accumulation.steps) {
      optimizer.zeroGrad();
      const losses = [
        [0, 4],
        [4, 8],
      ].map(([from, to]) => {
        const xs = slice(x, [from!, 0], [to! - from!, 3]);
        const ys = slice(y, [from!, 0], [to! - from!, 2]);
        const loss = recording([w, b], () => mse(xs, ys, w, b));
        backward(loss);
        return loss.item() as number;
      });
      expectValuesClose(losses, expected.losses, 'losses');
      expectValuesClose(w.grad!.dataSync(), expected.gradW, 'accumulated grad of w');
      optimizer.step();
      expectValuesClose(w.value.dataSync(), expected.w, 'w');
      expectValuesClose(b.value.dataSync(), expected.b, 'b');
    }
    expect(optimizer.state.has(unused)).toBe(false);
  });
});
