import { readFileSync } from 'node:fs';
import { dispose, type Tensor } from '@gradkit/tensor';
import type { Cell } from '@gradkit/train';
import { decodeSafetensors, loadCheckpoint, saveCheckpoint } from '@gradkit/train/checkpoint';
import type { ModelName, OptimizerName } from '../models/names.js';
import type { TrainOptimizer } from '../models/optimizers.js';
import type { EpochRecord } from './history.js';

/** What a run needs besides the tensors to continue exactly where it stopped. */
export interface RunConfig {
  readonly model: ModelName;
  readonly optimizer: OptimizerName;
  readonly lr: number;
  readonly lrDecay: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly limit: number | undefined;
}

export interface RunState {
  readonly config: RunConfig;
  readonly history: readonly EpochRecord[];
}

const KEY = 'gradkit.mnist';

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
  if (raw === undefined) throw new Error(`${path} was not written by the mnist app`);
  return JSON.parse(raw) as RunState;
}

/** Loads parameters and optimizer state into a model and optimizer built from the config. */
export function loadRun(path: string, net: Cell<[Tensor], Tensor>, optimizer: TrainOptimizer) {
  return loadCheckpoint(path, net, { optimizer });
}

/** The run state stored in a checkpoint file, read before any model exists. */
export function readRunStateFromFile(path: string): RunState {
  const { tensors, metadata } = decodeSafetensors(readFileSync(path));
  dispose([...tensors.values()]);
  return readRunState(metadata, path);
}
