import { Tensor, tensor } from '@gradkit/tensor';

// Transform states are trees of frozen plain objects, arrays, tensors and numbers. These
// helpers walk them without knowing which transform made them.

/** Every tensor in a state tree. */
export function stateTensors(node: unknown, out = new Set<Tensor>()): Set<Tensor> {
  if (node instanceof Tensor) out.add(node);
  else if (Array.isArray(node)) for (const child of node) stateTensors(child, out);
  else if (node !== null && typeof node === 'object') {
    for (const child of Object.values(node)) stateTensors(child, out);
  }
  return out;
}

/** A deep copy with fresh tensors holding the same bits, frozen like the transforms' own. */
export function copyState(node: unknown): unknown {
  if (node instanceof Tensor) return tensor(node.dataSync().slice(), [...node.shape], node.dtype);
  if (Array.isArray(node)) return Object.freeze(node.map(copyState));
  if (node !== null && typeof node === 'object') {
    return Object.freeze(
      Object.fromEntries(Object.entries(node).map(([key, child]) => [key, copyState(child)])),
    );
  }
  return node;
}

/**
 * Where `actual` differs in structure from `expected` (a fresh state of the same transform):
 * a description of the first difference, or undefined when they match. Tensors must agree in
 * shape and dtype; other leaves in type.
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
      return `${path} is ${actual.dtype} [${actual.shape.join(', ')}] but should be ${expected.dtype} [${expected.shape.join(', ')}]`;
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
