import { createAsyncContext } from './async-context.js';
import { settleDonations } from './donation.js';
import type { Tensor } from './tensor.js';

interface Scope {
  readonly tracked: Tensor[];
  readonly parent: Scope | undefined;
}

const scopeContext = createAsyncContext<Scope>();
const kept = new WeakSet<Tensor>();
// The innermost op frame (see `opScope`). Ops are synchronous, so a plain variable is exact:
// it is set and restored around one synchronous call and is always unset when a continuation
// after an `await` runs.
let frame: Scope | undefined;
// How many op frames are open: 1 inside an op called by the user, more inside composite ops.
let opDepth = 0;

/** @internal How many ops are running, nested: 1 while a primitive runs for an op the user called. */
export function currentOpDepth(): number {
  return opDepth;
}

function innermost(): Scope | undefined {
  return frame ?? scopeContext.get();
}

/**
 * @internal Called for every new tensor: the innermost scope of this flow owns it. A tensor
 * no scope owns is registered with the garbage-collection backstop instead; tensors inside
 * scopes are registered only when they leave the outermost one (most never do).
 */
export function trackCreated(tensor: Tensor): void {
  const owner = innermost();
  if (owner === undefined) tensor.watchForLeaks();
  else owner.tracked.push(tensor);
}

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
  kept.add(tensor);
  tensor.watchForLeaks();
  return tensor;
}

// Duck-typed to avoid an import cycle with tensor.ts.
function isTensor(value: object): value is Tensor {
  return 'buffer' in value && 'dtype' in value && 'shape' in value && 'dispose' in value;
}

function collectTensors(value: unknown, out: Set<Tensor>, seen: Set<unknown>): void {
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
  const found = new Set<Tensor>();
  collectTensors(value, found, new Set());
  for (const tensor of found) tensor.dispose();
}

function finish(scope: Scope, result: unknown): void {
  // A lone returned tensor (the common case) needs no walk.
  let lone: Tensor | undefined;
  let returned: Set<Tensor> | undefined;
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
    } else if (!kept.has(tensor)) {
      tensor.dispose();
    }
  }
  scope.tracked.length = 0;
}

function abandon(scope: Scope): void {
  for (const tensor of scope.tracked) if (!kept.has(tensor)) tensor.dispose();
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
  const outerFrame = frame;
  const outerDepth = opDepth;
  frame = undefined;
  opDepth = 0;
  let result: R;
  try {
    result = scopeContext.run(current, fn);
  } catch (error) {
    abandon(current);
    throw error;
  } finally {
    frame = outerFrame;
    opDepth = outerDepth;
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
 * @internal `scope` for the synchronous body of one op: frees the op's temporaries, also
 * when it throws, without an async-context switch per op.
 */
export function opScope<R>(fn: () => R): R {
  const outerFrame = frame;
  const current: Scope = { tracked: [], parent: innermost() };
  frame = current;
  opDepth++;
  let result: R;
  try {
    result = fn();
  } catch (error) {
    frame = outerFrame;
    opDepth--;
    abandon(current);
    // An op that threw leaves what was donated to it alive.
    if (opDepth === 0) settleDonations(false);
    throw error;
  }
  frame = outerFrame;
  opDepth--;
  finish(current, result);
  if (opDepth === 0) settleDonations(true);
  return result;
}
