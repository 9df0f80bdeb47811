import { tree, ValueError } from '@gradkit/tensor';

/** What `onRetrace` is told each time a compiled function traces again. */
export interface RetraceInfo {
  /** The function's name (or `options.name`). */
  readonly name: string;
  /** How many times it has been traced, this one included. */
  readonly traces: number;
  /** What differs from the previous trace's signature, such as `argument 1 count: static number 3 -> static number 4`. */
  readonly change: string;
}

/** What `onTrace` is told after each trace. */
export interface TraceInfo {
  /** The function's name (or `options.name`). */
  readonly name: string;
  /** How many times it has been traced, this one included. */
  readonly traces: number;
  /**
   * The `random` samplers the traced call drew from on the host, in order (`random.bernoulli`):
   * their numbers are constants of the recording, so every replay reuses them.
   */
  readonly randomDraws: readonly string[];
}

export interface JitOptions {
  /**
   * Arguments given up to the compiled function, as JAX's `donate_argnums`: keys of the first
   * argument (an object such as `{ params, state }`) or argument indices. Their tensors are
   * disposed after each call (using one throws a `DisposedError` naming `jit`), and results
   * of their dtype and size are written into their buffers instead of new ones. Arguments
   * the function disposes itself (an update that donates them) are treated the same way.
   */
  readonly donate?: readonly (string | number)[];
  /** How many signatures stay compiled; the least recently used goes first. Default 16. */
  readonly maxCacheSize?: number;
  /**
   * Called on every trace after the first with what changed. Without it, `console.warn` says
   * so once, at the fourth trace: a function that keeps retracing runs slower than eagerly.
   */
  readonly onRetrace?: (info: RetraceInfo) => void;
  /**
   * Called after every trace that succeeded, before the call returns; it may call
   * `clearCache` (a caller that will not have random draws frozen runs eagerly instead).
   */
  readonly onTrace?: (info: TraceInfo) => void;
  /** The name in messages; default the function's own name. */
  readonly name?: string;
}

/** A compiled function: the original's signature, plus a look at its cache. */
export type JittedFunction<F extends (...args: never[]) => unknown> = F & {
  /** How many times it has traced. */
  readonly traces: number;
  /** Signatures compiled now. */
  readonly cacheSize: number;
  /** Drops every compiled signature and frees what they hold. */
  clearCache(): void;
};

export function checkOptions(options: JitOptions): void {
  const { donate, maxCacheSize, onRetrace, onTrace } = options;
  if (donate !== undefined) {
    if (!Array.isArray(donate)) {
      throw new ValueError(
        'jit',
        'options.donate',
        'must be an array of argument indices or keys of the first argument',
      );
    }
    for (const d of donate) {
      if (typeof d === 'string') continue;
      if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
        throw new ValueError(
          'jit',
          'options.donate',
          `holds ${String(d)}; expected a non-negative argument index or a key of the first argument`,
        );
      }
    }
  }
  if (maxCacheSize !== undefined && (!Number.isInteger(maxCacheSize) || maxCacheSize < 1)) {
    throw new ValueError(
      'jit',
      'options.maxCacheSize',
      `must be a positive integer, got ${String(maxCacheSize)}`,
    );
  }
  if (onRetrace !== undefined && typeof onRetrace !== 'function') {
    throw new ValueError('jit', 'options.onRetrace', 'must be a function');
  }
  if (onTrace !== undefined && typeof onTrace !== 'function') {
    throw new ValueError('jit', 'options.onTrace', 'must be a function');
  }
}

/** The flat leaf indices of the donated arguments. */
export function donatedLeavesOf(
  args: readonly unknown[],
  donate: readonly (string | number)[],
): Set<number> {
  const donated = new Set<number>();
  if (donate.length === 0) return donated;
  for (const d of donate) {
    if (typeof d === 'number' && d >= args.length) {
      throw new ValueError(
        'jit',
        'options.donate',
        `names argument ${d}, but the call has ${args.length} argument${args.length === 1 ? '' : 's'}`,
      );
    }
    if (typeof d === 'string') {
      const first = args[0];
      // An own key of an object: an inherited name ('toString') or an array's index names
      // no leaf, and would donate nothing without a word.
      if (
        typeof first !== 'object' ||
        first === null ||
        Array.isArray(first) ||
        !Object.hasOwn(first, d)
      ) {
        throw new ValueError(
          'jit',
          'options.donate',
          `names '${d}', which is not a key of the first argument`,
        );
      }
    }
  }
  tree.leavesWithPath(args).forEach(([path], i) => {
    for (const d of donate) {
      if (typeof d === 'number' ? path[0] === d : path[0] === 0 && path[1] === d) donated.add(i);
    }
  });
  return donated;
}
