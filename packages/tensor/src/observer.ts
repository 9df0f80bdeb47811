import { createAsyncContext } from './async-context.js';
import type { Primitive, PrimitiveParams } from './primitives.js';
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
}

const observerContext = createAsyncContext<PrimitiveObserver>();

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
  return observerContext.run(observer, fn);
}

/** @internal */
export function currentObserver(): PrimitiveObserver | undefined {
  return observerContext.get();
}
