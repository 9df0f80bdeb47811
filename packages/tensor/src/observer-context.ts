import { type AsyncContext, createAsyncContext } from './async-context.js';
import type { Primitive, PrimitiveParams } from './primitives.js';
import { sharedState } from './shared-state.js';

/**
 * @internal A primitive observer over tensors of type `T`: `PrimitiveObserver` is this over
 * `Tensor`. Generic so that tensor.ts can tell the observer about a cast without importing the
 * module that imports it.
 */
export interface ObserverOf<T> {
  onPrimitive<P extends Primitive>(
    primitive: P,
    inputs: readonly T[],
    params: PrimitiveParams[P],
    output: T,
  ): void;
}

type ObserverContext = AsyncContext<ObserverOf<unknown>>;
let observerState: { readonly context: ObserverContext } | undefined;
// One observer for every copy of the package in the process (see shared-state.ts).
function observers(): ObserverContext {
  observerState ??= sharedState('observer', () => ({
    context: createAsyncContext<ObserverOf<unknown>>(),
  }));
  return observerState.context;
}

/** @internal Runs `fn` with `observer` installed. */
export function runObserved<T, R>(observer: ObserverOf<T>, fn: () => R): R {
  return observers().run(observer as ObserverOf<unknown>, fn);
}

/**
 * @internal The observer installed for this flow, if any. Only tensors are ever observed, so
 * callers name their tensor type.
 */
export function currentObserver<T>(): ObserverOf<T> | undefined {
  return observers().get() as ObserverOf<T> | undefined;
}
