import { type AsyncContext, createAsyncContext } from './async-context.js';
import type { Primitive, PrimitiveParams } from './primitives.js';
import { sharedState } from './shared-state.js';
import type { Tensor } from './tensor.js';

/**
 * Sees every primitive as it runs. @gradkit/autograd installs one for the duration of a
 * `grad` call to record its tape; nothing is installed at import time.
 */
export interface PrimitiveObserver {
  onPrimitive<P extends Primitive>(
    primitive: P,
    inputs: readonly Tensor[],
    params: PrimitiveParams[P],
    output: Tensor,
  ): void;
  /**
   * Called before a tensor's values are read on the host (`op` is `data`, `dataSync`,
   * `toArray` or `item`); it may throw to refuse the read.
   */
  onRead?(op: string, tensor: Tensor): void;
  /**
   * Called when a sampler of `random` draws on the host (`op` is `random.bernoulli` and so
   * on): a recorder sees its result only as a constant, so it may want to know.
   */
  onRandom?(op: string): void;
}

type ObserverContext = AsyncContext<PrimitiveObserver>;
interface ObserverState {
  readonly context: ObserverContext;
  readonly tracer: ObserverContext;
  /** Tracers running now in any flow: while none is, the per-primitive path skips the lookup. */
  activeTracers: number;
  readonly combined: WeakMap<PrimitiveObserver, WeakMap<PrimitiveObserver, PrimitiveObserver>>;
}
let observerState: ObserverState | undefined;
// One observer for every copy of the package in the process (see shared-state.ts).
function state(): ObserverState {
  observerState ??= sharedState<ObserverState>('observer', () => ({
    context: createAsyncContext<PrimitiveObserver>(),
    tracer: createAsyncContext<PrimitiveObserver>(),
    activeTracers: 0,
    combined: new WeakMap(),
  }));
  return observerState;
}
function observers(): ObserverContext {
  return state().context;
}

/** One observer forwarding to the tracer, then to the observer installed inside it. */
function combine(tracer: PrimitiveObserver, observer: PrimitiveObserver): PrimitiveObserver {
  const { combined } = state();
  let byObserver = combined.get(tracer);
  if (byObserver === undefined) {
    byObserver = new WeakMap();
    combined.set(tracer, byObserver);
  }
  let both = byObserver.get(observer);
  if (both === undefined) {
    both = {
      onPrimitive(primitive, inputs, params, output) {
        tracer.onPrimitive(primitive, inputs, params, output);
        observer.onPrimitive(primitive, inputs, params, output);
      },
      onRead(op, tensor) {
        tracer.onRead?.(op, tensor);
        observer.onRead?.(op, tensor);
      },
      onRandom(op) {
        tracer.onRandom?.(op);
        observer.onRandom?.(op);
      },
    };
    byObserver.set(observer, both);
  }
  return both;
}

/**
 * Runs `fn` (sync or async) with `observer` seeing the primitives it runs.
 *
 * @example
 * ```ts
 * import { add, tensor, withPrimitiveObserver } from '@gradkit/tensor';
 *
 * const seen: string[] = [];
 * withPrimitiveObserver({ onPrimitive: (primitive) => seen.push(primitive) }, () =>
 *   add(tensor([1]), tensor([2])),
 * );
 * seen; // ['add']
 * ```
 */
export function withPrimitiveObserver<R>(observer: PrimitiveObserver, fn: () => R): R {
  return observers().run(observer, fn);
}

/**
 * Runs `fn` with `tracer` seeing every primitive it runs, including those run while an
 * observer installed inside `fn` (an autograd tape) records: unlike `withPrimitiveObserver`,
 * inner observers do not hide primitives from it. @gradkit/jit records its graphs this way.
 *
 * @example
 * ```ts
 * import { add, tensor, withPrimitiveTracer } from '@gradkit/tensor';
 *
 * const seen: string[] = [];
 * withPrimitiveTracer({ onPrimitive: (primitive) => seen.push(primitive) }, () =>
 *   add(tensor([1]), tensor([2])),
 * );
 * seen; // ['add']
 * ```
 */
export function withPrimitiveTracer<R>(tracer: PrimitiveObserver, fn: () => R): R {
  const current = state();
  current.activeTracers++;
  let result: R;
  try {
    result = current.tracer.run(tracer, fn);
  } catch (error) {
    current.activeTracers--;
    throw error;
  }
  if (result instanceof Promise) {
    const done = () => {
      current.activeTracers--;
    };
    result.then(done, done);
  } else {
    current.activeTracers--;
  }
  return result;
}

/**
 * Whether an observer or tracer sees the primitives run now (a gradient or a compiled
 * function is being recorded).
 *
 * @example
 * ```ts
 * import { isPrimitiveObserved, withPrimitiveObserver } from '@gradkit/tensor';
 *
 * isPrimitiveObserved(); // false
 * withPrimitiveObserver({ onPrimitive: () => {} }, () => isPrimitiveObserved()); // true
 * ```
 */
export function isPrimitiveObserved(): boolean {
  return currentObserver() !== undefined;
}

/** @internal The observer in force, forwarding to the tracer too when one is installed. */
export function currentObserver(): PrimitiveObserver | undefined {
  const { context, tracer, activeTracers } = state();
  const observer = context.get();
  const traced = activeTracers === 0 ? undefined : tracer.get();
  if (traced === undefined) return observer;
  return observer === undefined ? traced : combine(traced, observer);
}

/** @internal Tells the observer in force, if any, that `op` draws random numbers on the host. */
export function noteRandomDraw(op: string): void {
  currentObserver()?.onRandom?.(op);
}
