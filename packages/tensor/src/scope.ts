import { settleDonations } from './donation.js';
import { innermost, type Scope, type ScopedTensor, scopes } from './scope-state.js';
import type { Tensor } from './tensor.js';

export { currentOpDepth, trackCreated } from './scope-state.js';

/**
 * Exempts `tensor` from disposal by any enclosing scope. Returns it for chaining.
 *
 * @example
 * ```ts
 * import { add, keep, scope, tensor } from '@gradkit/tensor';
 *
 * let total = tensor([0]);
 * scope(() => {
 *   total = keep(add(total, 1)); // survives the scope
 *   add(total, 2); // disposed when the scope ends
 * });
 * ```
 */
export function keep<T extends Tensor>(tensor: T): T {
  scopes().kept.add(tensor);
  tensor.watchForLeaks();
  return tensor;
}

// Duck-typed to avoid an import cycle with tensor.ts.
function isTensor(value: object): value is Tensor {
  return 'buffer' in value && 'dtype' in value && 'shape' in value && 'dispose' in value;
}

function collectTensors(value: unknown, out: Set<ScopedTensor>, seen: Set<unknown>): void {
  if (typeof value !== 'object' || value === null || seen.has(value) || ArrayBuffer.isView(value)) {
    return;
  }
  seen.add(value);
  if (isTensor(value)) {
    out.add(value);
    return;
  }
  if (Array.isArray(value) || value instanceof Set) {
    for (const item of value) collectTensors(item, out, seen);
  } else if (value instanceof Map) {
    for (const item of value.values()) collectTensors(item, out, seen);
  } else {
    // Plain objects and class instances alike (a sparse gradient, a parameter) hold tensors
    // in their own properties.
    for (const item of Object.values(value)) collectTensors(item, out, seen);
  }
}

/**
 * Disposes every tensor found in `value`: a tensor, or arrays, Maps, Sets and objects holding them.
 *
 * @example
 * ```ts
 * import { dispose, tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([[1, 2]]), b: [tensor([0])] };
 * dispose(params); // frees w and b[0]
 * ```
 */
export function dispose(value: unknown): void {
  const found = new Set<ScopedTensor>();
  collectTensors(value, found, new Set());
  for (const tensor of found) tensor.dispose();
}

function finish(scope: Scope, result: unknown): void {
  // A lone returned tensor (the common case) needs no walk.
  let lone: ScopedTensor | undefined;
  let returned: Set<ScopedTensor> | undefined;
  if (typeof result === 'object' && result !== null && isTensor(result)) {
    lone = result;
  } else {
    returned = new Set();
    collectTensors(result, returned, new Set());
  }
  const { parent } = scope;
  for (const tensor of scope.tracked) {
    if (tensor === lone || (returned?.has(tensor) ?? false)) {
      if (parent === undefined) tensor.watchForLeaks();
      else parent.tracked.push(tensor);
    } else if (!scopes().kept.has(tensor)) {
      tensor.dispose();
    }
  }
  scope.tracked.length = 0;
}

function abandon(scope: Scope): void {
  for (const tensor of scope.tracked) if (!scopes().kept.has(tensor)) tensor.dispose();
  scope.tracked.length = 0;
}

/**
 * Runs `fn` and disposes every tensor created inside it except those it returns (found in
 * arrays, Maps, Sets, plain objects and the own properties of class instances) and those passed to `keep`. Works with async functions:
 * tensors created after an `await` belong to the same scope. Returned tensors move to the
 * enclosing scope, if any. If `fn` throws, everything it created is disposed.
 *
 * @example
 * ```ts
 * import { add, mul, scope, tensor } from '@gradkit/tensor';
 *
 * const x = tensor([1, 2, 3]);
 * const y = scope(() => add(mul(x, 2), 1)); // the product is freed, y survives
 * ```
 */
export function scope<R>(fn: () => R): R {
  const current: Scope = { tracked: [], parent: innermost() };
  const state = scopes();
  const outerFrame = state.frame;
  const outerDepth = state.opDepth;
  state.frame = undefined;
  state.opDepth = 0;
  let result: R;
  try {
    result = scopes().context.run(current, fn);
  } catch (error) {
    abandon(current);
    throw error;
  } finally {
    state.frame = outerFrame;
    state.opDepth = outerDepth;
  }
  if (result instanceof Promise) {
    return result.then(
      (value) => {
        finish(current, value);
        return value;
      },
      (error: unknown) => {
        abandon(current);
        throw error;
      },
    ) as R;
  }
  finish(current, result);
  return result;
}

/**
 * Runs the synchronous `fn` and lists the tensors created while it ran (still alive, not
 * `keep`-exempt). It frees nothing and owns nothing: every tensor goes where it would have
 * gone without it (the enclosing scope, if any). A caller that drives someone else's code,
 * such as a dataset's iterator, can so free exactly the tensors made for it, and never those
 * it was handed that existed before.
 *
 * @example
 * ```ts
 * import { captureCreated, tensor } from '@gradkit/tensor';
 *
 * const x = tensor([1, 2]);
 * const { result, created } = captureCreated(() => [x, tensor([3])]);
 * for (const t of created) t.dispose(); // frees tensor([3]) only; x stays usable
 * ```
 */
export function captureCreated<R>(fn: () => R): {
  readonly result: R;
  readonly created: readonly Tensor[];
} {
  const state = scopes();
  const current: Scope = { tracked: [], parent: innermost() };
  const outerFrame = state.frame;
  state.frame = undefined;
  let result: R;
  try {
    result = state.context.run(current, fn);
  } finally {
    state.frame = outerFrame;
    handOver(current);
  }
  if (result instanceof Promise) {
    throw new TypeError('captureCreated: fn must be synchronous (it returned a Promise)');
  }
  return { result, created: (current.handedOver ?? []).filter(isTensor) };
}

/** Passes what a capturing frame saw to the owner it would have had without the frame. */
function handOver(scope: Scope): void {
  const kept = scopes().kept;
  const alive = scope.tracked.filter((tensor) => !tensor.isDisposed && !kept.has(tensor));
  for (const tensor of alive) {
    if (scope.parent === undefined) tensor.watchForLeaks();
    else scope.parent.tracked.push(tensor);
  }
  scope.tracked.length = 0;
  scope.handedOver = alive;
}

/**
 * @internal `scope` for the synchronous body of one op: frees the op's temporaries, also
 * when it throws, without an async-context switch per op.
 */
export function opScope<R>(fn: () => R): R {
  const outerFrame = scopes().frame;
  const current: Scope = { tracked: [], parent: innermost() };
  scopes().frame = current;
  scopes().opDepth++;
  let result: R;
  try {
    result = fn();
  } catch (error) {
    scopes().frame = outerFrame;
    scopes().opDepth--;
    abandon(current);
    // An op that threw leaves what was donated to it alive.
    if (scopes().opDepth === 0) settleDonations(false);
    throw error;
  }
  scopes().frame = outerFrame;
  scopes().opDepth--;
  finish(current, result);
  if (scopes().opDepth === 0) settleDonations(true);
  return result;
}
