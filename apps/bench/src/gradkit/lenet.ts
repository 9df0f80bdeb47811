import { dispose, type Tensor, tensor } from '@gradkit/tensor';
import { LeNet5, optim, SoftmaxCrossEntropyWithLogits, valueAndGrad } from '@gradkit/train';
import { ADAM } from '../cases.js';
import type { lenetInputs } from '../workload-inputs.js';

/**
 * LeNet5 from @gradkit/train with the shared weights, trained with optim.Adam. `jit` is train's
 * option: its forward and backward pass compiled (train's default) or eager.
 */
export function gradkitLenet(
  data: ReturnType<typeof lenetInputs>,
  { jit }: { readonly jit: boolean },
) {
  const net = new LeNet5();
  const set = (p: { value: Tensor }, values: Float32Array, shape: number[]) => {
    p.value = tensor(values, shape);
  };
  set(net.conv1.weight, data.conv1, [6, 1, 5, 5]);
  set(net.conv2.weight, data.conv2, [16, 6, 5, 5]);
  const dense = [
    [net.fc1!, data.fc1, data.fc1Bias, 400],
    [net.fc2!, data.fc2, data.fc2Bias, 120],
    [net.fc3!, data.fc3, data.fc3Bias, 84],
  ] as const;
  for (const [layer, weight, bias, fanIn] of dense) {
    set(layer.weight, weight, [bias.length, fanIn]);
    set(layer.bias!, bias, [bias.length]);
  }
  const images = tensor(data.images, [data.batch, 1, 32, 32]);
  const labels = tensor(data.labels, [data.batch], 'int32');
  const lossFn = new SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' });
  const optimizer = new optim.Adam(net.trainableParams(), { lr: ADAM.learningRate, eps: ADAM.eps });
  const gradFn = valueAndGrad((x: Tensor, y: Tensor) => lossFn(net(x), y), {
    gradPosition: null,
    weights: optimizer.parameters,
    jit,
  });
  return {
    /** One training step; returns the loss before the update. */
    step(): number {
      const [loss, grads] = gradFn(images, labels);
      optimizer(grads);
      const value = Number(loss.item());
      dispose([loss, grads]);
      return value;
    },
    dispose: () => dispose([images, labels, optimizer.parameters.map((p) => p.value)]),
  };
}
