import {
  type Backend,
  BackendError,
  isPrimitiveObserved,
  Tensor,
  type TreeDef,
  tree,
  ValueError,
} from '@gradkit/tensor';
import { fuseElementwise } from './fuse.js';
import type { Graph } from './graph.js';
import { mergeFusedOutputs } from './merge-outputs.js';
import { checkOptions, donatedLeavesOf, type JitOptions, type JittedFunction } from './options.js';
import { Program } from './program.js';
import { record, releaseConstants } from './record.js';
import { describeChange, type Signature, signatureOf } from './signature.js';
import { eliminateCommonSubexpressions, eliminateDeadCode } from './simplify.js';

const WARN_AT = 4;

interface Entry {
  readonly signature: Signature;
  readonly graph: Graph;
  readonly program: Program;
  readonly backend: Backend;
  readonly donatedLeaves: ReadonlySet<number>;
  readonly outputTreedef: TreeDef<unknown, unknown>;
  /** The result's leaves, with undefined where a tensor goes. */
  readonly staticOutputs: readonly unknown[];
  readonly tensorOutputs: readonly boolean[];
}

/**
 * Compiles `fn`, a function of trees of tensors (numbers, strings and booleans in them are
 * static), as JAX's `jax.jit`. The first call with a new signature (tree structure, shapes,
 * dtypes, static values) runs `fn` and records every primitive it runs into a graph; the graph
 * loses dead code and repeated work, its float32 elementwise chains become single
 * `fusedElementwise` kernels where the backend has them, and its intermediates get a buffer
 * plan. Later calls with that signature replay the graph on the backend without running `fn`.
 *
 * It composes: `jit(valueAndGrad(loss))` records the backward pass too, and a jitted function
 * called while something records (autograd's `grad` of it, or another `jit` tracing it) runs
 * `fn` as it is, so the recorder sees its primitives.
 *
 * Limits: reading a value computed from the inputs inside `fn` (`item`, `dataSync`, control
 * flow on data) throws a `TraceError`; host-side randomness (a `RandomKey` is a static argument)
 * is frozen at its traced values, so pass random tensors in instead; numbers that change every
 * call (an optimizer state's step count) retrace every call.
 *
 * @example
 * ```ts
 * import { jit } from '@gradkit/jit';
 * import { add, mul, type Tensor, tensor } from '@gradkit/tensor';
 *
 * const step = jit((x: Tensor, y: Tensor) => add(mul(x, y), 1));
 * step(tensor([1, 2]), tensor([3, 4])); // traces: [4, 9]
 * step(tensor([5, 6]), tensor([7, 8])); // replays one fused kernel: [36, 49]
 * ```
 */
export function jit<F extends (...args: never[]) => unknown>(
  fn: F,
  options: JitOptions = {},
): JittedFunction<F> {
  if (typeof fn !== 'function') {
    throw new ValueError(
      'jit',
      'fn',
      `must be a function, got ${fn === null ? 'null' : typeof fn}`,
    );
  }
  if (typeof options !== 'object' || options === null) {
    throw new ValueError('jit', 'options', 'must be an object');
  }
  checkOptions(options);
  const name = options.name ?? (fn.name === '' ? 'the function' : fn.name);
  const maxCacheSize = options.maxCacheSize ?? 16;
  const donate = options.donate ?? [];
  const cache = new Map<string, Entry>();
  let traces = 0;
  let warned = false;
  let previous: Signature | undefined;

  const evict = (entry: Entry): void => {
    entry.program.dispose();
    releaseConstants(entry.graph);
  };

  const replay = (entry: Entry, leaves: readonly unknown[]): unknown => {
    const donated: Tensor[] = [];
    for (let i = 0; i < leaves.length; i++) {
      const leaf = leaves[i];
      if (!(leaf instanceof Tensor)) continue;
      if (leaf.isDisposed) leaf.assertLive('jit', `leaf ${i} of the arguments`);
      if (leaf.backend !== entry.backend) {
        throw new BackendError(
          'jit',
          `leaf ${i} of the arguments`,
          `lives on another backend than the other arguments; move them to one backend with x.toBackend(backend) first`,
        );
      }
      if (entry.donatedLeaves.has(i) && !donated.includes(leaf)) donated.push(leaf);
    }
    const results = entry.program.run('jit', leaves, donated);
    let next = 0;
    const outputLeaves = entry.staticOutputs.map((leaf, i) =>
      entry.tensorOutputs[i] ? results[next++] : leaf,
    );
    return tree.unflatten(entry.outputTreedef, outputLeaves);
  };

  const traceCall = (args: readonly unknown[], signature: Signature): unknown => {
    const { backend } = signature;
    const donatedLeaves = donatedLeavesOf(args, donate);
    traces++;
    if (previous !== undefined && traces > 1) {
      const change = describeChange(args, previous, signature);
      if (options.onRetrace !== undefined) options.onRetrace({ name, traces, change });
      else if (traces >= WARN_AT && !warned) {
        warned = true;
        console.warn(
          `jit: ${name} was traced ${traces} times; each trace runs it eagerly and compiles it again. The last change: ${change}. Make that part static, or pass it as a tensor.`,
        );
      }
    }
    previous = signature;
    const { graph: recorded, result, randomDraws } = record(name, fn, args, signature.leaves);
    // Arguments the function disposed (an update donating them) are given up on every replay.
    signature.leaves.forEach((leaf, i) => {
      if (leaf instanceof Tensor && leaf.isDisposed) donatedLeaves.add(i);
    });
    let graph = eliminateDeadCode(eliminateCommonSubexpressions(recorded));
    graph = eliminateDeadCode(fuseElementwise(graph, backend));
    const [outputLeaves, outputTreedef] = tree.flatten(result);
    const entry: Entry = {
      signature,
      graph,
      program: new Program(mergeFusedOutputs(graph, backend), backend, donatedLeaves),
      backend,
      donatedLeaves,
      outputTreedef,
      staticOutputs: outputLeaves.map((leaf) => (leaf instanceof Tensor ? undefined : leaf)),
      tensorOutputs: outputLeaves.map((leaf) => leaf instanceof Tensor),
    };
    cache.set(signature.key, entry);
    if (cache.size > maxCacheSize) {
      const oldest = cache.keys().next().value as string;
      evict(cache.get(oldest)!);
      cache.delete(oldest);
    }
    // The traced call computed its result eagerly; donated arguments are given up all the same.
    const kept = new Set(outputLeaves);
    donatedLeaves.forEach((i) => {
      const leaf = signature.leaves[i];
      if (leaf instanceof Tensor && !kept.has(leaf) && !leaf.isDisposed)
        leaf.disposeAsDonated('jit');
    });
    options.onTrace?.({ name, traces, randomDraws });
    return result;
  };

  const jitted = (...args: unknown[]): unknown => {
    // Something records these primitives (a tape, an enclosing trace): run fn as it is.
    if (isPrimitiveObserved()) return fn(...(args as never[]));
    const signature = signatureOf(args);
    const entry = cache.get(signature.key);
    if (entry === undefined) return traceCall(args, signature);
    // Most recently used last.
    cache.delete(signature.key);
    cache.set(signature.key, entry);
    return replay(entry, signature.leaves);
  };
  Object.defineProperties(jitted, {
    traces: { get: () => traces },
    cacheSize: { get: () => cache.size },
    clearCache: {
      value: () => {
        for (const entry of cache.values()) evict(entry);
        cache.clear();
      },
    },
    name: { value: name },
  });
  return jitted as unknown as JittedFunction<F>;
}
