import { nn, optim, type Parameter } from '@gradkit/train';
import type { CheckpointableOptimizer } from '@gradkit/train/checkpoint';
import type { OptimizerName } from './names.js';

/** An optimizer the way MindSpore's documentation uses it: `optimizer(grads)`, `optimizer.parameters`. */
export type TrainOptimizer = nn.OptimizerLike & CheckpointableOptimizer;

type OptimizerEntry = (params: Parameter[], lr: number) => TrainOptimizer;

// MindSpore's experimental.optim family under their names, the nn family prefixed `nn-`.
const OPTIMIZERS: Record<OptimizerName, OptimizerEntry> = {
  adam: (p, lr) => new optim.Adam(p, { lr }),
  adamax: (p, lr) => new optim.Adamax(p, { lr }),
  adamw: (p, lr) => new optim.AdamW(p, { lr }),
  nadam: (p, lr) => new optim.NAdam(p, { lr }),
  radam: (p, lr) => new optim.RAdam(p, { lr }),
  rmsprop: (p, lr) => new optim.RMSprop(p, { lr }),
  adagrad: (p, lr) => new optim.Adagrad(p, { lr }),
  adadelta: (p, lr) => new optim.Adadelta(p, { lr }),
  sgd: (p, lr) => new optim.SGD(p, { lr, momentum: 0.9 }),
  'nn-adam': (p, lr) => new nn.Adam(p, { learningRate: lr }),
  'nn-adam-weight-decay': (p, lr) => new nn.AdamWeightDecay(p, { learningRate: lr }),
  'nn-momentum': (p, lr) => new nn.Momentum(p, { learningRate: lr, momentum: 0.9 }),
  'nn-sgd': (p, lr) => new nn.SGD(p, { learningRate: lr, momentum: 0.9 }),
};

export function createOptimizer(
  name: OptimizerName,
  params: Parameter[],
  lr: number,
): TrainOptimizer {
  return OPTIMIZERS[name](params, lr);
}

/**
 * An ExponentialLR stepped once per epoch, for the experimental optim family (MindSpore's docs
 * pair those optimizers with an lrScheduler). The nn family has no param-group lr to schedule.
 */
export function createEpochScheduler(
  optimizer: TrainOptimizer,
  gamma: number,
): { step(): void } | undefined {
  if (gamma === 1 || !(optimizer instanceof optim.Optimizer)) return undefined;
  return new optim.lrScheduler.ExponentialLR(optimizer, gamma);
}
