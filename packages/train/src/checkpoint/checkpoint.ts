import { readFileSync } from 'node:fs';
import { dispose, type Tensor, tensor } from '@gradkit/tensor';
import { Cell } from '../cell/cell.js';
import { hasRandomState, type RandomState, type RandomStateful } from '../cell/random-state.js';
import { Parameter } from '../parameter/parameter.js';
import { type CheckpointableOptimizer, flattenState, unflattenState } from './optimizer-state.js';
import { CheckpointError, decodeSafetensors, encodeSafetensors } from './safetensors.js';
import { writeAtomically } from './temporary-files.js';

/** A cell (its parameters under dotted names) or a list of Parameters (under their names). */
export type CellOrParams = Cell<never[], unknown> | readonly Parameter[];

/** Options of saveCheckpoint. */
export interface SaveCheckpointOptions {
  /** Also save this optimizer's state, under `optimizerPrefix`. */
  readonly optimizer?: CheckpointableOptimizer;
  /** Strings stored in the header's `__metadata__`. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Default 'optimizer.'. */
  readonly optimizerPrefix?: string;
}

/** Options of loadCheckpoint. */
export interface LoadCheckpointOptions {
  /** Load the saved optimizer state into this optimizer. */
  readonly optimizer?: CheckpointableOptimizer;
  /** Default 'optimizer.'. */
  readonly optimizerPrefix?: string;
  /** Fail on tensors in the file that nothing receives (default true). */
  readonly strict?: boolean;
}

const SKELETON_KEY = 'gradkit.optimizer';
const FORMAT_KEY = 'gradkit.format';
const RESERVED = [SKELETON_KEY, FORMAT_KEY];
/** Format 2 adds the random state of cells such as Dropout. */
const FORMAT = 2;
/** Random states are stored as float64 [key word 0, key word 1, draws] under this prefix. */
const RANDOM_PREFIX = 'random-state:';

function randomStateCells(target: CellOrParams): [string, RandomStateful][] {
  if (!(target instanceof Cell)) return [];
  return target
    .cellsAndNames()
    .filter((entry): entry is [string, Cell<never[], unknown> & RandomStateful] =>
      hasRandomState(entry[1]),
    );
}

function randomStateOf(name: string, t: Tensor): RandomState | string {
  if (t.dtype !== 'float64' || t.shape.length !== 1 || t.shape[0] !== 3)
    return `'${name}' is ${t.dtype} [${t.shape.join(', ')}], expected float64 [3]`;
  const [word0, word1, draws] = Array.from(t.dataSync());
  const isWord = (w: number) => Number.isInteger(w) && w >= 0 && w < 2 ** 32;
  if (!isWord(word0!) || !isWord(word1!) || !Number.isSafeInteger(draws) || draws! < 0)
    return `'${name}' holds [${word0}, ${word1}, ${draws}], not a key and a draw count`;
  return { key: [word0!, word1!], draws: draws! };
}

function namedParameters(target: CellOrParams): [string, Parameter][] {
  if (target instanceof Cell) return target.parametersAndNames();
  if (!Array.isArray(target))
    throw new CheckpointError('expected a Cell or an array of Parameters');
  const seen = new Set<string>();
  return target.map((param: unknown, i) => {
    if (!(param instanceof Parameter)) throw new CheckpointError(`params[${i}] is not a Parameter`);
    if (seen.has(param.name)) throw new CheckpointError(`two parameters are named '${param.name}'`);
    seen.add(param.name);
    return [param.name, param];
  });
}

/**
 * Saves parameters, the random state of cells such as Dropout (so a resumed run is
 * bit-exact) and optionally an optimizer's state as a safetensors file, atomically: it writes
 * a temporary file of its own beside `path` and renames it, so a crash never leaves half a
 * checkpoint, and it removes the temporaries of `path` that killed processes left behind.
 * Metadata values must be strings (a CheckpointError otherwise). Node only
 * (`@gradkit/train/checkpoint`).
 *
 * @example
 * ```ts
 * import { Dense, nn } from '@gradkit/train';
 * import { saveCheckpoint } from '@gradkit/train/checkpoint';
 *
 * const net = new Dense(4, 3);
 * const optimizer = new nn.Adam(net.trainableParams());
 * saveCheckpoint(net, 'net.safetensors', { optimizer, metadata: { epoch: '3' } });
 * ```
 */
export function saveCheckpoint(
  target: CellOrParams,
  path: string,
  options: SaveCheckpointOptions = {},
): void {
  const prefix = options.optimizerPrefix ?? 'optimizer.';
  const given = options.metadata ?? {};
  const metadata: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(given)) {
    if (RESERVED.includes(key)) throw new CheckpointError(`metadata key '${key}' is reserved`);
    if (typeof value !== 'string')
      throw new CheckpointError(
        `saveCheckpoint: metadata '${key}' must be a string (safetensors stores only strings), got ${typeof value} ${JSON.stringify(value) ?? String(value)}: pass String(value) or JSON.stringify(value)`,
      );
    metadata[key] = value;
  }
  metadata[FORMAT_KEY] = String(FORMAT);
  const tensors = new Map<string, Tensor>();
  for (const [name, param] of namedParameters(target)) {
    if (name.startsWith(prefix) || name.startsWith(RANDOM_PREFIX))
      throw new CheckpointError(
        `parameter '${name}' collides with the prefix '${name.startsWith(prefix) ? prefix : RANDOM_PREFIX}'`,
      );
    tensors.set(name, param.value);
  }
  const made: Tensor[] = [];
  try {
    for (const [path, cell] of randomStateCells(target)) {
      const { key, draws } = cell.getRandomState();
      const state = tensor([key[0], key[1], draws], [3], 'float64');
      made.push(state);
      tensors.set(`${RANDOM_PREFIX}${path}`, state);
    }
    if (options.optimizer !== undefined) {
      const { tensors: state, skeleton } = flattenState(options.optimizer.stateDict(), prefix);
      for (const [name, t] of state) tensors.set(name, t);
      metadata[SKELETON_KEY] = skeleton;
    }
    writeAtomically(path, encodeSafetensors(tensors, metadata));
  } finally {
    dispose(made);
  }
}

/**
 * Loads a checkpoint written by saveCheckpoint into a cell or parameters (and optionally an
 * optimizer). Every name, shape and dtype is checked first; on any mismatch or corruption it
 * throws a CheckpointError and changes nothing. Returns the user metadata.
 *
 * @example
 * ```ts
 * import { Dense, nn } from '@gradkit/train';
 * import { loadCheckpoint, saveCheckpoint } from '@gradkit/train/checkpoint';
 *
 * const net = new Dense(4, 3);
 * const optimizer = new nn.Adam(net.trainableParams());
 * saveCheckpoint(net, 'net.safetensors', { optimizer, metadata: { epoch: '3' } });
 * const metadata = loadCheckpoint('net.safetensors', net, { optimizer }); // { epoch: '3' }
 * ```
 */
export function loadCheckpoint(
  path: string,
  target: CellOrParams,
  options: LoadCheckpointOptions = {},
): Record<string, string> {
  const prefix = options.optimizerPrefix ?? 'optimizer.';
  const { tensors, metadata } = decodeSafetensors(readFileSync(path));
  try {
    const plan: [string, Parameter, Tensor][] = [];
    const used = new Set<string>();
    const problems: string[] = [];
    for (const [name, param] of namedParameters(target)) {
      const t = tensors.get(name);
      if (t === undefined) {
        problems.push(`missing '${name}'`);
        continue;
      }
      used.add(name);
      if (
        t.dtype !== param.dtype ||
        t.shape.length !== param.shape.length ||
        t.shape.some((d, i) => d !== param.shape[i])
      ) {
        problems.push(
          `'${name}' is ${t.dtype} [${t.shape.join(', ')}] in the file but ${param.dtype} [${param.shape.join(', ')}] in the model`,
        );
        continue;
      }
      plan.push([name, param, t]);
    }
    const randomPlan: [RandomStateful, RandomState][] = [];
    const format = Number(metadata[FORMAT_KEY] ?? '1');
    for (const [cellPath, cell] of randomStateCells(target)) {
      const name = `${RANDOM_PREFIX}${cellPath}`;
      const t = tensors.get(name);
      // Files written before random states were saved load as before: the cell keeps its own.
      if (t === undefined) {
        if (format >= 2) problems.push(`missing '${name}' (the random state of that cell)`);
        continue;
      }
      used.add(name);
      const state = randomStateOf(name, t);
      if (typeof state === 'string') problems.push(state);
      else randomPlan.push([cell, state]);
    }
    let state: ReturnType<typeof unflattenState> | undefined;
    if (options.optimizer !== undefined) {
      const skeleton = metadata[SKELETON_KEY];
      if (skeleton === undefined) problems.push('the file holds no optimizer state');
      else state = unflattenState(skeleton, tensors);
    }
    const strict = options.strict ?? true;
    for (const name of tensors.keys()) {
      const optimizerTensor = name.startsWith(prefix);
      if (used.has(name) || state?.used.has(name)) continue;
      if (optimizerTensor && options.optimizer === undefined) continue;
      if (strict) problems.push(`unexpected '${name}'`);
    }
    if (problems.length > 0)
      throw new CheckpointError(`checkpoint ${path} does not fit: ${problems.join('; ')}`);
    // The optimizer validates its state itself; it goes first so that a refusal changes nothing.
    if (options.optimizer !== undefined && state !== undefined)
      options.optimizer.loadStateDict(state.state);
    for (const [name, param, t] of plan) {
      param.assign(t);
      tensors.delete(name);
    }
    for (const [cell, randomState] of randomPlan) cell.setRandomState(randomState);
  } finally {
    // Whatever no parameter took is freed, the optimizer's tensors included: loadStateDict
    // copies what it keeps, as PyTorch's does (everything is freed after a failure).
    dispose([...tensors.values()]);
  }
  const user = { ...metadata };
  for (const key of RESERVED) delete user[key];
  return user;
}
