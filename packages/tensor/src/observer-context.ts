import { type AsyncContext, createAsyncContext } from './async-context.js';
import type { Primitive, PrimitiveParams } from './primitives.js';
import { sharedState } from './shared-state.js';

/**
 * @internal A primitive observer over tensors of type `T`: `PrimitiveObserver` is this over
 * `Tensor`. Generic so that tensor.ts can tell the observer about a cast or a read without
 * importing the module that imports it.
 */
export interface ObserverOf<T> {
  onPrimitive<P extends Primitive>(
    primitive: P,
    inputs: readonly T[],
    params: PrimitiveParams[P],
    output: T,
  ): void;
  /**
   * Called before a tensor's values are read on the host (`op` is `data`, `dataSync`,
   * `toArray` or `item`); it may throw to refuse the read.
   */
  onRead?(op: string, tensor: T): void;
  /**
   * Called when a sampler of `random` draws on the host (`op` is `random.bernoulli` and so
   * on): a recorder sees its result only as a constant, so it may want to know.
   */
  onRandom?(op: string): void;
}

type AnyObserver = ObserverOf<unknown>;
type ObserverContext = AsyncContext<AnyObserver>;
interface ObserverState {
  readonly context: ObserverContext;
  readonly tracer: ObserverContext;
  /** Tracers running now in any flow: while none is, the per-primitive path skips the lookup. */
  activeTracers: number;
  readonly combined: WeakMap<AnyObserver, WeakMap<AnyObserver, AnyObserver>>;
}
let observerState: ObserverState | undefined;
// One observer for every copy of the package in the process (see shared-state.ts).
function state(): ObserverState {
  observerState ??= sharedState<ObserverState>('observer', () => ({
    context: createAsyncContext<AnyObserver>(),
    tracer: createAsyncContext<AnyObserver>(),
    activeTracers: 0,
    combined: new WeakMap(),
  }));
  return observerState;
}

/** One observer forwarding to the tracer, then to the observer installed inside it. */
function combine(tracer: AnyObserver, observer: AnyObserver): AnyObserver {
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

/** @internal Runs `fn` with `observer` installed. */
export function runObserved<T, R>(observer: ObserverOf<T>, fn: () => R): R {
  return state().context.run(observer as AnyObserver, fn);
}

/** @internal Runs `fn` with `tracer` installed; observers installed inside do not hide it. */
export function runTraced<T, R>(tracer: ObserverOf<T>, fn: () => R): R {
  const current = state();
  current.activeTracers++;
  let result: R;
  try {
    result = current.tracer.run(tracer as AnyObserver, fn);
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
 * @internal The observer in force for this flow, forwarding to the tracer too when one is
 * installed. Only tensors are ever observed, so callers name their tensor type.
 */
export function currentObserver<T>(): ObserverOf<T> | undefined {
  const { context, tracer, activeTracers } = state();
  const observer = context.get();
  const traced = activeTracers === 0 ? undefined : tracer.get();
  if (traced === undefined) return observer as ObserverOf<T> | undefined;
  return (observer === undefined ? traced : combine(traced, observer)) as ObserverOf<T>;
}
