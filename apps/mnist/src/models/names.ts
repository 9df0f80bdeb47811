// Model and optimizer names, apart from the classes: the CLI parses without loading them.

export const MODEL_NAMES = ['lenet5', 'mlp'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export const OPTIMIZER_NAMES = [
  'adam',
  'adamax',
  'adamw',
  'nadam',
  'radam',
  'rmsprop',
  'adagrad',
  'adadelta',
  'sgd',
  'nn-adam',
  'nn-adam-weight-decay',
  'nn-momentum',
  'nn-sgd',
] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

// Tuned for these models on MNIST (the peak of the one-cycle schedule), not the classes' own
// defaults.
const DEFAULT_LR: Record<OptimizerName, number> = {
  adam: 5e-3,
  adamax: 4e-3,
  adamw: 2e-3,
  nadam: 2e-3,
  radam: 3e-3,
  rmsprop: 1e-3,
  adagrad: 2e-2,
  adadelta: 1,
  sgd: 5e-2,
  'nn-adam': 2e-3,
  'nn-adam-weight-decay': 2e-3,
  'nn-momentum': 5e-2,
  'nn-sgd': 5e-2,
};

export function defaultLr(name: OptimizerName): number {
  return DEFAULT_LR[name];
}
