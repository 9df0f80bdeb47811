import { nn, optim, type Parameter } from '@gradkit/train';
import type { CheckpointableOptimizer } from '@gradkit/train/checkpoint';
import type { OptimizerName } from './names.js';
import type { ScheduleName } from './schedule-names.js';

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

/** A schedule the training loop steps after every batch and after every epoch. */
export interface Schedule {
  afterStep(): void;
  afterEpoch(): void;
}

/**
 * The learning-rate schedule of a run, for the experimental optim family (MindSpore's docs
 * pair those optimizers with an lrScheduler; the nn family has no param-group lr to schedule):
 * `one-cycle` is OneCycleLR over all the run's steps, peaking at `lr` (stepped per batch),
 * `exponential` an ExponentialLR multiplying it by `gamma` after each epoch.
 */
export function createSchedule(
  optimizer: TrainOptimizer,
  options: {
    readonly name: ScheduleName;
    readonly lr: number;
    readonly gamma: number;
    readonly epochs: number;
    readonly stepsPerEpoch: number;
  },
): Schedule | undefined {
  if (!(optimizer instanceof optim.Optimizer)) return undefined;
  const { lrScheduler } = optim;
  switch (options.name) {
    case 'one-cycle': {
      // Adam's beta1 (or SGD's momentum) cycles against the lr, where the optimizer has one.
      const defaults = optimizer.defaults as Readonly<Record<string, unknown>>;
      const scheduler = new lrScheduler.OneCycleLR(optimizer, options.lr, {
        epochs: options.epochs,
        stepsPerEpoch: options.stepsPerEpoch,
        cycleMomentum: 'betas' in defaults || 'momentum' in defaults,
      });
      return { afterStep: () => scheduler.step(), afterEpoch() {} };
    }
    case 'exponential': {
      if (options.gamma === 1) return undefined;
      const scheduler = new lrScheduler.ExponentialLR(optimizer, options.gamma);
      return { afterStep() {}, afterEpoch: () => scheduler.step() };
    }
    case 'constant':
      return undefined;
  }
}
