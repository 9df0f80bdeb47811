import { checkGrads } from '@gradkit/autograd';
import { type Tensor, tensor } from '@gradkit/tensor';
import { describe, it } from 'vitest';
import type { Cell } from '../cell/cell.js';
import { CrossEntropyLoss, NLLLoss } from '../losses/class-losses.js';
import { BCEWithLogitsLoss, SmoothL1Loss } from '../losses/elementwise-losses.js';
import type { Parameter } from '../parameter/parameter.js';
import { BatchNorm2d } from './batch-norm.js';
import { Conv2d } from './conv2d.js';
import { Dense } from './dense.js';
import { LayerNorm } from './layer-norm.js';
import { AvgPool2d, MaxPool2d } from './pooling.js';

/** Deterministic distinct float64 values, so pooling has no ties. */
function values(shape: number[], seed: number): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    out[i] =
      -1.5 + ((3 * ((((i + 1) * 0.6180339887498949 + seed * 0.7548776662466927) % 1) + 1)) % 1);
  }
  return tensor(out, shape, 'float64');
}

/** The cell as a function of its input and of its parameters' values (bound while it runs). */
function asFunction(cell: Cell, params: Parameter[]) {
  return (x: Tensor, ...weights: Tensor[]) => {
    params.forEach((p, i) => {
      p.bind(weights[i]!);
    });
    try {
      return cell(x);
    } finally {
      for (const p of params) p.unbind();
    }
  };
}

function check(cell: Cell, inputShape: number[], seed = 1): void {
  const params = cell.trainableParams();
  const args = [
    values(inputShape, seed),
    ...params.map((p, i) => values([...p.shape], seed + i + 1)),
  ];
  checkGrads(asFunction(cell, params), args, { rtol: 1e-4, atol: 1e-6 });
}

describe('layer gradients (checkGrads, float64 central differences)', () => {
  it('Dense with tanh', () => check(new Dense(4, 3, { activation: 'tanh' }), [2, 4]));
  it('Conv2d same with stride 2 and bias', () =>
    check(new Conv2d(2, 3, 3, { stride: 2, hasBias: true }), [1, 2, 5, 4]));
  it('Conv2d pad mode with groups', () =>
    check(new Conv2d(2, 2, 2, { padMode: 'pad', padding: [1, 0, 0, 1], group: 2 }), [1, 2, 3, 3]));
  it('MaxPool2d same', () => check(new MaxPool2d(3, 2, { padMode: 'same' }), [1, 2, 5, 5]));
  it('AvgPool2d same (padding not counted)', () =>
    check(new AvgPool2d(3, 2, { padMode: 'same' }), [1, 2, 5, 4]));
  it('BatchNorm2d in training', () => check(new BatchNorm2d(2).setTrain(true), [3, 2, 2, 2]));
  it('LayerNorm', () => check(new LayerNorm([3], { epsilon: 1e-5 }), [2, 3]));
  it('losses', () => {
    const logits = values([4, 3], 2);
    const labels = tensor([0, 2, -100, 1], undefined, 'int32');
    const weight = tensor([0.5, 2, 1], undefined, 'float64');
    checkGrads(
      (x: Tensor) => new CrossEntropyLoss({ weight, labelSmoothing: 0.1 })(x, labels),
      [logits],
    );
    checkGrads((x: Tensor) => new NLLLoss()(x, labels), [logits]);
    const targets = values([4, 3], 5);
    checkGrads((x: Tensor) => new SmoothL1Loss({ reduction: 'mean' })(x, targets), [logits]);
    checkGrads((x: Tensor) => new BCEWithLogitsLoss()(x, targets), [logits]);
  });
});
