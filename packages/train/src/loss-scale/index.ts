export {
  DynamicLossScaleManager,
  FixedLossScaleManager,
  type LossScaleManager,
} from './loss-scale-manager.js';
export { TrainOneStepCell, type TrainOneStepCellOptions } from './train-one-step-cell.js';
export {
  type LossScaleStepResult,
  TrainOneStepWithLossScaleCell,
  type TrainOneStepWithLossScaleCellOptions,
} from './train-one-step-with-loss-scale-cell.js';
export {
  DynamicLossScaleUpdateCell,
  FixedLossScaleUpdateCell,
  LossScaleUpdateCell,
} from './update-cells.js';
export { WithLossCell } from './with-loss-cell.js';
