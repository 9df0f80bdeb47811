// Misuse from plain JavaScript fails in the constructor, with the call that works.
import { add, matmul, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { ReLU, Softmax } from '../layers/activations.js';
import { BatchNorm1d, BatchNorm2d } from '../layers/batch-norm.js';
import { Conv2d } from '../layers/conv2d.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { Embedding } from '../layers/embedding.js';
import { Flatten } from '../layers/flatten.js';
import { LayerNorm } from '../layers/layer-norm.js';
import { MaxPool2d } from '../layers/pooling.js';
import { TrainOneStepCell } from '../loss-scale/train-one-step-cell.js';
import { WithLossCell } from '../loss-scale/with-loss-cell.js';
import {
  CrossEntropyLoss,
  NLLLoss,
  SoftmaxCrossEntropyWithLogits,
} from '../losses/class-losses.js';
import { BCEWithLogitsLoss, L1Loss, MSELoss, SmoothL1Loss } from '../losses/elementwise-losses.js';
import { SGD } from '../mindspore/nn/sgd.js';
import { SequentialCell } from './sequential-cell.js';

// Calls as plain JavaScript makes them, without the types that would catch them.
const loose = <T>(make: (...args: never[]) => T) => make as (...args: unknown[]) => T;

describe('a Parameter where a tensor is expected', () => {
  it('names the parameter and .value', () => {
    const dense = new Dense(2, 1);
    dense.parametersAndNames();
    expect(() => add(dense.weight as never, 1)).toThrow(
      /add: argument 'a' must be a Tensor, .* got a Parameter 'weight', which holds a Tensor: pass its \.value/,
    );
    expect(() => matmul(tensor([[1, 2]]), dense.weight as never)).toThrow(/pass its \.value/);
  });
});

describe('constructors called with the wrong arguments', () => {
  it('SequentialCell takes one array of cells', () => {
    const make = loose((...args: never[]) => new SequentialCell(...(args as [never])));
    expect(() => make([42])).toThrow(
      "SequentialCell: argument 'cells[0]' must be a Cell, as new SequentialCell([new Dense(4, 16), new ReLU()]), got a number 42",
    );
    expect(() => make(new Dense(2, 2), new ReLU())).toThrow(
      /must be one array of cells, .* got 2 arguments/,
    );
    expect(() => make(new Dense(2, 2))).toThrow(/got a Cell \(Dense\)/);
    expect(new SequentialCell([new Dense(2, 2), new ReLU()]).length).toBe(2);
  });

  it('losses take an options object, not a positional reduction', () => {
    const cases: [string, (...args: never[]) => unknown][] = [
      ['NLLLoss', (...a) => new NLLLoss(...a)],
      ['CrossEntropyLoss', (...a) => new CrossEntropyLoss(...a)],
      ['SoftmaxCrossEntropyWithLogits', (...a) => new SoftmaxCrossEntropyWithLogits(...a)],
      ['MSELoss', (...a) => new MSELoss(...a)],
      ['L1Loss', (...a) => new L1Loss(...a)],
      ['SmoothL1Loss', (...a) => new SmoothL1Loss(...a)],
      ['BCEWithLogitsLoss', (...a) => new BCEWithLogitsLoss(...a)],
    ];
    for (const [name, make] of cases) {
      expect(() => loose(make)('sum')).toThrow(
        new RegExp(
          `^${name}: argument 'options' must be an options object, as new ${name}\\(\\{.*\\}\\), got a string "sum"$`,
        ),
      );
      expect(() => loose(make)()).not.toThrow();
    }
    expect(() => loose((...a: never[]) => new SoftmaxCrossEntropyWithLogits(...a))(true)).toThrow(
      /got a boolean true/,
    );
  });

  it('layers refuse a value where their options go, and name a misplaced object', () => {
    expect(() => loose((...a: never[]) => new Dropout(...a))(0.2)).toThrow(
      "Dropout: argument 'options' must be an options object, as new Dropout({ p: 0.5 }), got a number 0.2",
    );
    expect(() =>
      loose((...a: never[]) => new Dense(...(a as [never, never])))({ inChannels: 2 }, 3),
    ).toThrow(
      "Dense: argument 'inChannels' must be a positive integer, as new Dense(4, 3), got an object",
    );
    expect(() => loose((...a: never[]) => new Dense(...(a as [never, never])))('2', 3)).toThrow(
      /got a string "2"/,
    );
    expect(() => loose((...a: never[]) => new Dense(...(a as [never, never])))(2, 3, true)).toThrow(
      /argument 'options'/,
    );
    expect(() =>
      loose((...a: never[]) => new Embedding(...(a as [never, never])))(10, 4, 0),
    ).toThrow(/argument 'options'/);
    expect(() =>
      loose((...a: never[]) => new Conv2d(...(a as [never, never, never])))(1, 2, 3, 'valid'),
    ).toThrow(/argument 'options'/);
    expect(() =>
      loose((...a: never[]) => new MaxPool2d(...(a as [never, never])))(2, 2, 'same'),
    ).toThrow(/argument 'options'/);
    expect(() => loose((...a: never[]) => new BatchNorm1d(...(a as [never])))(4, 1e-3)).toThrow(
      /argument 'options'/,
    );
    expect(() => loose((...a: never[]) => new LayerNorm(...(a as [never])))([4], 1e-3)).toThrow(
      /argument 'options'/,
    );
    expect(() => loose((...a: never[]) => new Flatten(...(a as [])))({ startDim: 1 })).toThrow(
      "Flatten: argument 'startDim' must be an integer axis, as new Flatten(1, -1), got an object",
    );
    expect(() => loose((...a: never[]) => new Softmax(...(a as [])))('last')).toThrow(
      /Softmax: argument 'axis' must be an integer, .* got a string "last"/,
    );
  });

  it('the wrapper cells require cells and a callable optimizer', () => {
    const net = new Dense(2, 1);
    const withLoss = new WithLossCell(net, new MSELoss());
    const optimizer = new SGD(net.trainableParams(), { learningRate: 0.1 });
    expect(() =>
      loose((...a: never[]) => new WithLossCell(...(a as [never, never])))(net, 'mse'),
    ).toThrow(
      'WithLossCell: argument \'lossFn\' must be a Cell, as new WithLossCell(network, new CrossEntropyLoss()), got a string "mse"',
    );
    expect(() =>
      loose((...a: never[]) => new TrainOneStepCell(...(a as [never, never])))(withLoss, { lr: 1 }),
    ).toThrow(
      /TrainOneStepCell: argument 'optimizer' must be callable as optimizer\(grads\), .* got an object/,
    );
    expect(() =>
      loose((...a: never[]) => new TrainOneStepCell(...(a as [never, never])))(
        withLoss,
        optimizer,
        2,
      ),
    ).toThrow(/argument 'options' must be an options object/);
    expect(new TrainOneStepCell(withLoss, optimizer, { sens: 2 }).sens).toBe(2);
  });
});

describe('normalization layers check eps and momentum', () => {
  it('refuse non-positive or non-finite eps and momentum outside [0, 1]', () => {
    for (const Layer of [BatchNorm1d, BatchNorm2d]) {
      for (const eps of [-1e-5, 0, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => new Layer(4, { eps })).toThrow(
          new RegExp(
            `^${Layer.name}: argument 'eps' must be a finite number > 0, got a number ${eps}$`,
          ),
        );
      }
      for (const momentum of [-0.1, 1.5, Number.NaN]) {
        expect(() => new Layer(4, { momentum })).toThrow(
          /argument 'momentum' must be a number in \[0, 1\]/,
        );
      }
      expect(() => new Layer(4, { momentum: '0.9' as never })).toThrow(/got a string "0.9"/);
      expect(new Layer(4, { eps: 1e-3, momentum: 0.99 }).eps).toBe(1e-3);
    }
    for (const epsilon of [-1, 0, Number.POSITIVE_INFINITY]) {
      expect(() => new LayerNorm([4], { epsilon })).toThrow(
        /^LayerNorm: argument 'epsilon' must be a finite number > 0/,
      );
    }
  });
});

describe('Cell.parameterCount', () => {
  it('counts trainable elements by default and every parameter on request', () => {
    const bn = new BatchNorm1d(3);
    const dense = new Dense(4, 3);
    const net = new SequentialCell([dense, bn, new Dense(3, 2, { hasBias: false })]);
    const numel = (ps: { shape: readonly number[] }[]) =>
      ps.map((p) => p.shape.reduce((a, b) => a * b, 1)).reduce((a, b) => a + b, 0);
    expect(net.parameterCount()).toBe(4 * 3 + 3 + 3 + 3 + 3 * 2);
    expect(net.parameterCount({ trainableOnly: false })).toBe(net.parameterCount() + 3 + 3);
    expect(net.parameterCount({ trainableOnly: false })).toBe(numel(net.getParameters()));
    dense.weight.requiresGrad = false;
    expect(net.parameterCount()).toBe(3 + 3 + 3 + 3 * 2);
  });

  it('counts a shared layer once', () => {
    const shared = new Dense(2, 2);
    expect(new SequentialCell([shared, new ReLU(), shared]).parameterCount()).toBe(6);
  });
});
