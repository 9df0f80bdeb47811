/**
 * Process-wide state that every loaded copy of this package shares.
 *
 * A process can load the package twice: its ESM and CommonJS builds (one part of an app
 * imports it, another requires it), or two installed copies. Each copy then has its own
 * module variables, so a backend set through one would be unknown to the other, and a scope
 * opened by one would not own tensors made by the other. Each piece of state therefore lives
 * on `globalThis` under a `Symbol.for` key. The key names the layout version: copies whose
 * state has the same shape share it; a release that changes the shape bumps the version, and
 * its copies then keep to themselves instead of misreading each other's state.
 *
 * The state is made on first use, never at import.
 */
const LAYOUT_VERSION = 1;

function sharedStateKey(name: string): symbol {
  return Symbol.for(`@gradkit/tensor/${name}@${LAYOUT_VERSION}`);
}

/**
 * @internal Every tensor of every copy of the package carries this registered symbol, so that
 * `instanceof Tensor` holds across copies (a tensor of the same layout version).
 */
export const TENSOR_BRAND: unique symbol = Symbol.for(`@gradkit/tensor/Tensor@${LAYOUT_VERSION}`);

/** @internal The state called `name`, made by `create` if no copy of the package made it yet. */
export function sharedState<T extends object>(name: string, create: () => T): T {
  const key = sharedStateKey(name);
  const holder = globalThis as unknown as Record<symbol, T | undefined>;
  const existing = holder[key];
  if (existing !== undefined) return existing;
  const state = create();
  // Not enumerable, so it never shows up in a listing of globalThis.
  Object.defineProperty(globalThis, key, { value: state, enumerable: false });
  return state;
}
