// Transforms and aliases (issue 5).
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
  Updates,
} from './types.js';
export { type UpdateAndApplyOptions, updateAndApply } from './update-and-apply.js';
