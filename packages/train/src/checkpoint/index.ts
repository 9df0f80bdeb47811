export {
  type CellOrParams,
  type LoadCheckpointOptions,
  loadCheckpoint,
  type SaveCheckpointOptions,
  saveCheckpoint,
} from './checkpoint.js';
export type { CheckpointableOptimizer, OptimizerState, StateLeaf } from './optimizer-state.js';
export {
  CheckpointError,
  decodeSafetensors,
  encodeSafetensors,
  type SafetensorsContents,
} from './safetensors.js';
export { type PyTorchExportPaths, savePyTorchExport } from './save-pytorch-export.js';
