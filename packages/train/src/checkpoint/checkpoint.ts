import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dispose, type Tensor } from '@gradkit/tensor';
import { Cell } from '../cell/cell.js';
import { Parameter } from '../parameter/parameter.js';
import { type CheckpointableOptimizer, flattenState, unflattenState } from './optimizer-state.js';
import { CheckpointError, decodeSafetensors, encodeSafetensors } from './safetensors.js';

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
const RESERVED = [SKELETON_KEY, 'gradkit.format'];

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
 * Saves parameters (and optionally an optimizer's state) as a safetensors file, atomically:
 * it writes a temporary file beside `path` and renames it, so a crash never leaves half a
 * checkpoint. Node only (`@gradkit/train/checkpoint`).
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
  const metadata: Record<string, string> = { ...(options.metadata ?? {}) };
  for (const key of RESERVED) {
    if (key in metadata) throw new CheckpointError(`metadata key '${key}' is reserved`);
  }
  metadata['gradkit.format'] = '1';
  const tensors = new Map<string, Tensor>();
  for (const [name, param] of namedParameters(target)) {
    if (name.startsWith(prefix))
      throw new CheckpointError(
        `parameter '${name}' collides with the optimizer prefix '${prefix}'`,
      );
    tensors.set(name, param.value);
  }
  if (options.optimizer !== undefined) {
    const { tensors: state, skeleton } = flattenState(options.optimizer.stateDict(), prefix);
    for (const [name, t] of state) tensors.set(name, t);
    metadata[SKELETON_KEY] = skeleton;
  }
  const bytes = encodeSafetensors(tensors, metadata);
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
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
  } finally {
    // Whatever no parameter took is freed, the optimizer's tensors included: loadStateDict
    // copies what it keeps, as PyTorch's does (everything is freed after a failure).
    dispose([...tensors.values()]);
  }
  const user = { ...metadata };
  for (const key of RESERVED) delete user[key];
  return user;
}
