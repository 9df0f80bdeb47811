export {
  applyUpdates,
  chain,
  identity,
  isGradientLeaf,
  mapDense,
  namedChain,
  stateless,
} from './base.js';
export { isRowSparse, RowSparse } from './row-sparse.js';
export type {
  EmptyState,
  GradientTransformation,
  Params,
  ScalarOrSchedule,
  Schedule,
  Updates,
} from './types.js';
