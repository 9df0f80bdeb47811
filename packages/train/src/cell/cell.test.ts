import { add, mul, type Tensor, tensor, zeros } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { LeNet5 } from '../examples/lenet5.js';
import { ReLU } from '../layers/activations.js';
import { BatchNorm1d } from '../layers/batch-norm.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { Parameter } from '../parameter/parameter.js';
import { Cell } from './cell.js';
import { SequentialCell } from './sequential-cell.js';

class Scale extends Cell {
  readonly factor = new Parameter(tensor([2]), 'factor');
  readonly offset = 1;
  construct(x: Tensor): Tensor {
    return add(mul(x, this.factor.value), this.offset);
  }
}

class Pair extends Cell<[Tensor, Tensor], Tensor> {
  readonly left = new Scale();
  readonly blocks = [new Scale(), new Scale()];
  construct(x: Tensor, y: Tensor): Tensor {
    return add(this.left(x), this.blocks[0]!(y));
  }
}

describe('Cell', () => {
  it('is callable, an instance of its classes, and keeps subclass fields', () => {
    const cell = new Scale();
    expect(cell(tensor([1, 2])).toArray()).toEqual([3, 5]);
    expect(cell).toBeInstanceOf(Scale);
    expect(cell).toBeInstanceOf(Cell);
    expect(typeof cell).toBe('function');
    expect(cell.offset).toBe(1);
    expect(cell.construct(tensor([0])).toArray()).toEqual([1]);
  });

  it('passes several arguments through', () => {
    const pair = new Pair();
    expect(pair(tensor([1]), tensor([2])).toArray()).toEqual([3 + 5]);
  });

  it('names parameters by dotted attribute paths, arrays by index', () => {
    const pair = new Pair();
    expect(pair.parametersAndNames().map(([name]) => name)).toEqual([
      'left.factor',
      'blocks.0.factor',
      'blocks.1.factor',
    ]);
    expect(pair.trainableParams().map((p) => p.name)).toEqual([
      'left.factor',
      'blocks.0.factor',
      'blocks.1.factor',
    ]);
  });

  it("names LeNet5's parameters as MindSpore does", () => {
    const net = new LeNet5();
    expect(net.trainableParams().map((p) => p.name)).toEqual([
      'conv1.weight',
      'conv2.weight',
      'fc1.weight',
      'fc1.bias',
      'fc2.weight',
      'fc2.bias',
      'fc3.weight',
      'fc3.bias',
    ]);
    expect(net.trainableParams().map((p) => p.shape)).toEqual([
      [6, 1, 5, 5],
      [16, 6, 5, 5],
      [120, 400],
      [120],
      [84, 120],
      [84],
      [10, 84],
      [10],
    ]);
    expect(net(zeros([2, 1, 32, 32])).shape).toEqual([2, 10]);
  });

  it('lists a shared parameter once, and excludes untrainable ones from trainableParams', () => {
    const shared = new Dense(2, 2);
    const seq = new SequentialCell([shared, new ReLU(), shared, new BatchNorm1d(2)]);
    expect(seq.parametersAndNames().map(([name]) => name)).toEqual([
      '0.weight',
      '0.bias',
      '3.gamma',
      '3.beta',
      '3.movingMean',
      '3.movingVariance',
    ]);
    expect(seq.trainableParams().map((p) => p.name)).toEqual([
      '0.weight',
      '0.bias',
      '3.gamma',
      '3.beta',
    ]);
    expect(seq.untrainableParams().map((p) => p.name)).toEqual([
      '3.movingMean',
      '3.movingVariance',
    ]);
    expect(seq.length).toBe(4);
    expect(seq.at(1)).toBeInstanceOf(ReLU);
  });

  it('setTrain reaches nested cells', () => {
    const drop = new Dropout();
    const seq = new SequentialCell([new Dense(2, 2), new SequentialCell([drop])]);
    expect(drop.training).toBe(false);
    expect(seq.setTrain()).toBe(seq);
    expect(drop.training).toBe(true);
    seq.setTrain(false);
    expect(drop.training).toBe(false);
  });

  it('lists cells with names', () => {
    const seq = new SequentialCell([new Dense(2, 2), new ReLU()]);
    expect(seq.cellsAndNames().map(([name]) => name)).toEqual(['', '0', '1']);
  });
});
