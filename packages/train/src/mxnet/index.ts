// MXNet's mxnet.optimizer as a front end over @gradkit/optim transforms: Adam with MXNet's
// formulas, update counts, multipliers and lazy row-sparse updates.

export { RowSparse } from '@gradkit/optim';
export { Parameter } from '../parameter/parameter.js';
export { Adam, type AdamOptions, type AdamState, type Gradient } from './adam.js';
export { type LrScheduler, Optimizer, type OptimizerOptions } from './optimizer.js';
