import { readFileSync } from 'node:fs';
import { dispose, type Tensor } from '@gradkit/tensor';
import type { Cell } from '@gradkit/train';
import { decodeSafetensors, loadCheckpoint, saveCheckpoint } from '@gradkit/train/checkpoint';
import { UsageError } from '../cli/usage-error.js';
import type { ModelName, OptimizerName } from '../models/names.js';
import type { TrainOptimizer } from '../models/optimizers.js';
import type { ScheduleName } from '../models/schedule-names.js';
import type { EpochRecord } from './history.js';

/** What a run needs besides the tensors to continue exactly where it stopped. */
export interface RunConfig {
  readonly model: ModelName;
  readonly optimizer: OptimizerName;
  readonly lr: number;
  readonly schedule: ScheduleName;
  readonly lrDecay: number;
  /** The epochs the run was started for (one-cycle spreads its schedule over them). */
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly limit: number | undefined;
}

export interface RunState {
  readonly config: RunConfig;
  readonly history: readonly EpochRecord[];
}

const KEY = 'gradkit.mnist';
const FIX =
  'give --resume the checkpoint.safetensors an earlier run of this app wrote, or drop --resume to start afresh';

/** Saves parameters, optimizer state, the run's configuration and its history. */
export function saveRun(
  path: string,
  net: Cell<[Tensor], Tensor>,
  optimizer: TrainOptimizer,
  state: RunState,
): void {
  saveCheckpoint(net, path, { optimizer, metadata: { [KEY]: JSON.stringify(state) } });
}

/** Reads only the run state, to build the right model and optimizer before loading tensors. */
export function readRunState(metadata: Readonly<Record<string, string>>, path: string): RunState {
  const raw = metadata[KEY];
  if (raw === undefined) {
    throw new UsageError(
      `--resume ${path} is a safetensors file the mnist app did not write; ${FIX}`,
    );
  }
  const state = JSON.parse(raw) as RunState;
  // Checkpoints from before the one-cycle schedule trained with a per-epoch ExponentialLR.
  const config = state.config as RunConfig & Partial<Pick<RunConfig, 'schedule' | 'epochs'>>;
  return {
    history: state.history,
    config: { ...config, schedule: config.schedule ?? 'exponential', epochs: config.epochs ?? 0 },
  };
}

/**
 * Loads parameters and optimizer state into a model and optimizer built from the config; a
 * checkpoint whose tensors do not fit them is a usage error, and nothing is changed.
 */
export function loadRun(path: string, net: Cell<[Tensor], Tensor>, optimizer: TrainOptimizer) {
  try {
    return loadCheckpoint(path, net, { optimizer });
  } catch (error) {
    throw new UsageError(
      `--resume ${path} does not fit the model and optimizer it names (${(error as Error).message}); ${FIX}`,
    );
  }
}

/** The run state stored in a checkpoint file, read before any model exists. */
export function readRunStateFromFile(path: string): RunState {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`--resume ${path}: cannot read the checkpoint (${reason}); ${FIX}`);
  }
  let decoded: ReturnType<typeof decodeSafetensors>;
  try {
    decoded = decodeSafetensors(bytes);
  } catch (error) {
    throw new UsageError(
      `--resume ${path} is not a safetensors checkpoint (${(error as Error).message}); ${FIX}`,
    );
  }
  dispose([...decoded.tensors.values()]);
  return readRunState(decoded.metadata, path);
}
