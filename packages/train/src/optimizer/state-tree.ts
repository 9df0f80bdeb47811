import { keep, logicalAnd, mul, scalar, Tensor } from '@gradkit/tensor';

// Optimizer state is plain data (frozen objects, arrays, numbers, tensors), as the
// @gradkit/optim transforms make it. These helpers walk it without knowing which transform
// made it: they find its tensors, keep what a step made and free what it replaced, copy a
// loaded tree and compare its structure with the optimizer's own.

/** Every tensor in a state tree, into `out`. */
export function stateTensors(value: unknown, out = new Set<Tensor>()): Set<Tensor> {
  if (value instanceof Tensor) out.add(value);
  else if (Array.isArray(value)) for (const item of value) stateTensors(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) stateTensors(item, out);
  }
  return out;
}

/**
 * Keeps the new state's tensors from any enclosing scope (the optimizer owns its state) and
 * frees the old ones it dropped.
 */
export function replaceState(previous: unknown, next: unknown): void {
  const kept = stateTensors(next);
  for (const t of kept) keep(t);
  for (const t of stateTensors(previous)) if (!kept.has(t)) t.dispose();
}

/**
 * A frozen deep copy, tensors included (bit for bit: ·1 keeps −0 and NaN, on the tensor's own
 * backend), so a loaded tree is the optimizer's own and the caller may free what it passed.
 */
export function copyState<T>(value: T): T {
  if (value instanceof Tensor) {
    return (value.dtype === 'bool' ? logicalAnd(value, true) : mul(value, 1)) as T;
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Object.freeze(value.map(copyState)) as T;
  return Object.freeze(
    Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyState(v)])),
  ) as T;
}

/**
 * `saved` with each number that stands where `fresh` holds a float32 scalar tensor made that
 * tensor (a step count saved before the Adam family kept it on the device), the made tensors
 * added to `created` for the caller to free. Everything else is returned as it is.
 */
export function countsAsTensors(saved: unknown, fresh: unknown, created: Tensor[]): unknown {
  if (fresh instanceof Tensor) {
    if (typeof saved !== 'number' || fresh.dtype !== 'float32' || fresh.shape.length !== 0) {
      return saved;
    }
    const made = scalar(saved, 'float32');
    created.push(made);
    return made;
  }
  if (saved === null || typeof saved !== 'object' || saved instanceof Tensor) return saved;
  if (fresh === null || typeof fresh !== 'object') return saved;
  if (Array.isArray(saved)) {
    if (!Array.isArray(fresh)) return saved;
    return saved.map((item, i) => countsAsTensors(item, fresh[i], created));
  }
  return Object.fromEntries(
    Object.entries(saved).map(([key, value]) => [
      key,
      countsAsTensors(value, (fresh as Record<string, unknown>)[key], created),
    ]),
  );
}

/**
 * Where `actual` differs in structure from `expected` (the optimizer's own state, or a fresh
 * one of the same transform): a description of the first difference, or undefined when they
 * match. Tensors must be live and agree in shape and dtype; other leaves in type.
 */
export function stateMismatch(
  actual: unknown,
  expected: unknown,
  path = 'state',
): string | undefined {
  if (expected instanceof Tensor) {
    if (!(actual instanceof Tensor)) return `${path} should be a tensor`;
    if (actual.isDisposed) return `${path} is a disposed tensor`;
    if (actual.dtype !== expected.dtype || actual.shape.join() !== expected.shape.join()) {
      return `${path} is ${actual.dtype} [${actual.shape.join(', ')}] but the optimizer holds ${expected.dtype} [${expected.shape.join(', ')}]`;
    }
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return `${path} should be an array of ${expected.length}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const found = stateMismatch(actual[i], expected[i], `${path}.${i}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === 'object') {
    if (
      actual === null ||
      typeof actual !== 'object' ||
      Array.isArray(actual) ||
      actual instanceof Tensor
    ) {
      return `${path} should be an object`;
    }
    const keys = Object.keys(expected);
    const actualKeys = Object.keys(actual);
    if (keys.length !== actualKeys.length || keys.some((k) => !(k in actual))) {
      return `${path} should have the keys ${keys.join(', ')}, has ${actualKeys.join(', ')}`;
    }
    for (const key of keys) {
      const found = stateMismatch(
        (actual as Record<string, unknown>)[key],
        (expected as Record<string, unknown>)[key],
        `${path}.${key}`,
      );
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof actual !== typeof expected) return `${path} should be a ${typeof expected}`;
  return undefined;
}
