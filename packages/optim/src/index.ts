// Transforms and aliases.
export * from './aliases/index.js';
export {
  type ApplyUpdatesOptions,
  applyUpdates,
  chain,
  identity,
  isGradientLeaf,
  mapDense,
  namedChain,
  stateless,
} from './base.js';
export {
  checkFloatGradients,
  checkState,
  checkTransform,
  describeValue,
} from './check-inputs.js';
export * from './combinators/index.js';
export * from './loss-scale/index.js';
export { isRowSparse, RowSparse } from './row-sparse.js';
export * from './schedules/index.js';
export * from './sparse/index.js';
export * from './state/index.js';
export * from './transforms/index.js';
export type {
  EmptyState,
  GradientTransformation,
  Params,
  ScalarOrSchedule,
  Schedule,
  TypedGradientTransformation,
  Updates,
} from './types.js';
export { type UpdateAndApplyOptions, updateAndApply } from './update-and-apply.js';
