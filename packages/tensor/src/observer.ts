import { type ObserverOf, currentObserver as observerOf, runObserved } from './observer-context.js';
import type { Tensor } from './tensor.js';

/**
 * Sees every primitive as it runs. @gradkit/autograd installs one for the duration of a
 * `grad` call to record its tape; nothing is installed at import time.
 */
export type PrimitiveObserver = ObserverOf<Tensor>;

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
  return runObserved(observer, fn);
}

/** @internal */
export function currentObserver(): PrimitiveObserver | undefined {
  return observerOf<Tensor>();
}
