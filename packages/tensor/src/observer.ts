import {
  type ObserverOf,
  currentObserver as observerOf,
  runObserved,
  runTraced,
} from './observer-context.js';
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
  return runTraced(tracer, fn);
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
  return observerOf<Tensor>() !== undefined;
}

/** @internal The observer in force, forwarding to the tracer too when one is installed. */
export function currentObserver(): PrimitiveObserver | undefined {
  return observerOf<Tensor>();
}

/** @internal Tells the observer in force, if any, that `op` draws random numbers on the host. */
export function noteRandomDraw(op: string): void {
  currentObserver()?.onRandom?.(op);
}
