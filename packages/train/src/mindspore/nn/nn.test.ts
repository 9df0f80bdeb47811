// The nn namespace as MindSpore's documentation uses it: every name of a training script
// comes from `nn`, and the top-level names are the same classes.
import { type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import * as train from '../../index.js';
import { nn, valueAndGrad } from '../../index.js';

describe('nn', () => {
  it('holds Cell, the layers, the losses, the training cells and the optimizers', () => {
    expect(nn.Cell).toBe(train.Cell);
    expect(nn.Dense).toBe(train.Dense);
    expect(nn.SoftmaxCrossEntropyWithLogits).toBe(train.SoftmaxCrossEntropyWithLogits);
    expect(nn.WithLossCell).toBe(train.WithLossCell);
    expect(nn.TrainOneStepCell).toBe(train.TrainOneStepCell);
    expect(typeof nn.Adam).toBe('function');
    expect(typeof nn.Momentum).toBe('function');
  });

  it('runs a MindSpore training step written with nn names only', () => {
    class Net extends nn.Cell<[Tensor], Tensor> {
      readonly fc = new nn.Dense(4, 3);
      readonly relu = new nn.ReLU();
      construct(x: Tensor): Tensor {
        return this.relu(this.fc(x));
      }
    }
    const net = new Net();
    const lossFn = new nn.SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' });
    const optimizer = new nn.Momentum(net.trainableParams(), { learningRate: 0.1, momentum: 0.9 });
    const step = new nn.TrainOneStepCell(new nn.WithLossCell(net, lossFn), optimizer);
    const x = tensor([
      [1, 2, 3, 4],
      [4, 3, 2, 1],
    ]);
    const y = tensor([0, 2], undefined, 'int32');
    const losses = [0, 1, 2, 3].map(() => {
      const loss = step(x, y);
      const value = loss.item() as number;
      loss.dispose();
      return value;
    });
    expect(losses[3]).toBeLessThan(losses[0]!);
    // After the fourth update the loss is lower still.
    const [loss] = valueAndGrad(
      (a: Tensor, b: Tensor) => lossFn(net(a), b),
      null,
      optimizer.parameters,
    )(x, y);
    expect(loss.item() as number).toBeLessThan(losses[3]!);
  });
});
