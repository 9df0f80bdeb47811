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
}

type ObserverContext = AsyncContext<PrimitiveObserver>;
let observerState: { readonly context: ObserverContext } | undefined;
// One observer for every copy of the package in the process (see shared-state.ts).
function observers(): ObserverContext {
  observerState ??= sharedState('observer', () => ({
    context: createAsyncContext<PrimitiveObserver>(),
  }));
  return observerState.context;
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

/** @internal */
export function currentObserver(): PrimitiveObserver | undefined {
  return observers().get();
}
