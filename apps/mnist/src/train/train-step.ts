import { dispose, type Tensor } from '@gradkit/tensor';
import { type Cell, SoftmaxCrossEntropyWithLogits, valueAndGrad } from '@gradkit/train';
import type { TrainOptimizer } from '../models/optimizers.js';

/**
 * The training step of MindSpore's `experimental.optim` documentation, line for line: a forward function returning (loss, logits),
 * `valueAndGrad(forwardFn, null, optimizer.parameters, true)`, and `optimizer(grads)`. The
 * forward and backward pass are compiled (train's default) unless `jit` is false.
 */
export function createTrainStep(
  net: Cell<[Tensor], Tensor>,
  optimizer: TrainOptimizer,
  { jit = true }: { readonly jit?: boolean } = {},
) {
  const lossFn = new SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' });

  function forwardFn(data: Tensor, label: Tensor) {
    const logits = net(data);
    const loss = lossFn(logits, label);
    return [loss, logits] as const;
  }

  const gradFn = jit
    ? valueAndGrad(forwardFn, null, optimizer.parameters, true)
    : valueAndGrad(forwardFn, {
        gradPosition: null,
        weights: optimizer.parameters,
        hasAux: true,
        jit: false,
      });

  return function trainStep(data: Tensor, label: Tensor): Tensor {
    const [[loss, logits], grads] = gradFn(data, label);
    optimizer(grads);
    // The gradients and logits stay ours to free; the loss goes to the caller.
    dispose([logits, grads]);
    return loss;
  };
}
