import { createAsyncContext } from './async-context.js';
import type { Tensor } from './tensor.js';

interface Scope {
  readonly tracked: Set<Tensor>;
  readonly parent: Scope | undefined;
}

const scopeContext = createAsyncContext<Scope>();
const kept = new WeakSet<Tensor>();

/** @internal Called for every new tensor: the innermost scope of this flow owns it. */
export function trackCreated(tensor: Tensor): void {
  scopeContext.get()?.tracked.add(tensor);
}

/** Exempts `tensor` from disposal by any enclosing scope. Returns it for chaining. */
export function keep<T extends Tensor>(tensor: T): T {
  kept.add(tensor);
  return tensor;
}

function collectTensors(value: unknown, out: Set<Tensor>, seen: Set<unknown>): void {
  if (typeof value !== 'object' || value === null || seen.has(value) || ArrayBuffer.isView(value)) {
    return;
  }
  seen.add(value);
  // Duck-typed to avoid an import cycle with tensor.ts.
  if ('buffer' in value && 'dtype' in value && 'shape' in value && 'dispose' in value) {
    out.add(value as Tensor);
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

/** Disposes every tensor found in `value`: a tensor, or arrays, Maps, Sets and objects holding them. */
export function dispose(value: unknown): void {
  const found = new Set<Tensor>();
  collectTensors(value, found, new Set());
  for (const tensor of found) tensor.dispose();
}

function finish(scope: Scope, result: unknown): void {
  const returned = new Set<Tensor>();
  collectTensors(result, returned, new Set());
  for (const tensor of scope.tracked) {
    if (returned.has(tensor)) {
      scope.parent?.tracked.add(tensor);
    } else if (!kept.has(tensor)) {
      tensor.dispose();
    }
  }
  scope.tracked.clear();
}

function abandon(scope: Scope): void {
  for (const tensor of scope.tracked) if (!kept.has(tensor)) tensor.dispose();
  scope.tracked.clear();
}

/**
 * Runs `fn` and disposes every tensor created inside it except those it returns (found in
 * arrays, Maps, Sets, plain objects and the own properties of class instances) and those passed to `keep`. Works with async functions:
 * tensors created after an `await` belong to the same scope. Returned tensors move to the
 * enclosing scope, if any. If `fn` throws, everything it created is disposed.
 */
export function scope<R>(fn: () => R): R {
  const current: Scope = { tracked: new Set(), parent: scopeContext.get() };
  let result: R;
  try {
    result = scopeContext.run(current, fn);
  } catch (error) {
    abandon(current);
    throw error;
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
