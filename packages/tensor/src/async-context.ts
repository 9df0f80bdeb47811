/**
 * A value that follows the logical flow of control, across `await`.
 *
 * On Node (>= 20.16) this is AsyncLocalStorage, reached through `process.getBuiltinModule`
 * so that nothing Node-specific is imported and browser bundles stay clean. Elsewhere a
 * plain variable is used: it is correct for one flow at a time, and a value set by an async
 * function stays in force until that function settles.
 */
export interface AsyncContext<T> {
  get(): T | undefined;
  run<R>(value: T | undefined, fn: () => R): R;
}

interface AsyncLocalStorageLike<T> {
  getStore(): T | undefined;
  run<R>(store: T | undefined, fn: () => R): R;
}

type AsyncLocalStorageConstructor = new <T>() => AsyncLocalStorageLike<T>;

function findAsyncLocalStorage(): AsyncLocalStorageConstructor | undefined {
  const processLike = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process;
  const hooks = processLike?.getBuiltinModule?.('node:async_hooks') as
    | { AsyncLocalStorage?: AsyncLocalStorageConstructor }
    | undefined;
  return hooks?.AsyncLocalStorage;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

class VariableContext<T> implements AsyncContext<T> {
  private current: T | undefined;

  get(): T | undefined {
    return this.current;
  }

  run<R>(value: T | undefined, fn: () => R): R {
    const previous = this.current;
    this.current = value;
    let result: R;
    try {
      result = fn();
    } catch (error) {
      this.current = previous;
      throw error;
    }
    if (isPromiseLike(result)) {
      const restore = () => {
        this.current = previous;
      };
      Promise.resolve(result).then(restore, restore);
    } else {
      this.current = previous;
    }
    return result;
  }
}

/**
 * A value scoped to a synchronous or asynchronous call tree: Node's `AsyncLocalStorage` when the
 * runtime has it, otherwise a plain variable set for the duration of `run`. The engine keeps the
 * backend of `withBackend` and the observer of `withPrimitiveObserver` in one.
 *
 * @returns A context whose `run(value, fn)` makes `value` visible to `get()` inside `fn`.
 *
 * @example
 * ```ts
 * import { createAsyncContext } from '@gradkit/tensor';
 *
 * const context = createAsyncContext<string>();
 * context.run('outer', () => context.get()); // 'outer'
 * context.get(); // undefined
 * ```
 */
export function createAsyncContext<T>(): AsyncContext<T> {
  const Storage = findAsyncLocalStorage();
  if (Storage === undefined) return new VariableContext<T>();
  const storage = new Storage<T>();
  return { get: () => storage.getStore(), run: (value, fn) => storage.run(value, fn) };
}
