import { keep, logicalAnd, mul, Tensor, ValueError } from '@gradkit/tensor';
import type { OptimizerState } from '../../checkpoint/optimizer-state.js';

// Optimizer state is plain data (frozen objects, arrays, numbers, tensors), as the
// @gradkit/optim transforms make it. These helpers find its tensors, check that a loaded tree
// has the same structure, and free what a step replaced.

/**
 * Every tensor in an optimizer state tree (objects, arrays, tensors), into `out`.
 *
 * For example, `stateTensors({ adam: { count: 1, mu: [m], nu: [v] } })` is `Set {m, v}`.
 */
export function stateTensors(value: unknown, out = new Set<Tensor>()): Set<Tensor> {
  if (value instanceof Tensor) out.add(value);
  else if (Array.isArray(value)) for (const item of value) stateTensors(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) stateTensors(item, out);
  }
  return out;
}

/**
 * Keeps the new state's tensors from any enclosing scope and frees the old ones it dropped.
 *
 * For example, after `const [updates, next] = transform.update(grads, state, params)`,
 * `replaceState(state, next)` keeps next's tensors and frees what state had and next dropped.
 */
export function replaceState(previous: unknown, next: unknown): void {
  const kept = stateTensors(next);
  for (const t of kept) keep(t);
  for (const t of stateTensors(previous)) if (!kept.has(t)) t.dispose();
}

/**
 * Throws a ValueError naming the first place where `incoming` differs from `current` in
 * structure, leaf kind, or a tensor's shape or dtype.
 *
 * For example, `checkSameStructure('nn.Adam.loadStateDict', current, incoming, 'groups')` throws
 * on a mismatch.
 */
export function checkSameStructure(
  op: string,
  current: unknown,
  incoming: unknown,
  path: string,
): void {
  const problem = (detail: string) => new ValueError(op, 'state', `at '${path}' ${detail}`);
  if (current instanceof Tensor) {
    if (!(incoming instanceof Tensor)) throw problem('must be a tensor');
    if (
      incoming.dtype !== current.dtype ||
      incoming.shape.length !== current.shape.length ||
      incoming.shape.some((d, i) => d !== current.shape[i])
    ) {
      throw problem(
        `is ${incoming.dtype} [${incoming.shape.join(', ')}] but the optimizer holds ${current.dtype} [${current.shape.join(', ')}]`,
      );
    }
    return;
  }
  if (Array.isArray(current)) {
    if (!Array.isArray(incoming) || incoming.length !== current.length) {
      throw problem(`must be a list of ${current.length}`);
    }
    current.forEach((item, i) => {
      checkSameStructure(op, item, incoming[i], `${path}.${i}`);
    });
    return;
  }
  if (current !== null && typeof current === 'object') {
    if (incoming === null || typeof incoming !== 'object' || Array.isArray(incoming)) {
      throw problem('must be an object');
    }
    const keys = Object.keys(current).sort();
    const other = Object.keys(incoming).sort();
    if (keys.join() !== other.join()) throw problem(`must have the keys ${keys.join(', ')}`);
    for (const key of keys) {
      checkSameStructure(
        op,
        (current as Record<string, unknown>)[key],
        (incoming as Record<string, unknown>)[key],
        `${path}.${key}`,
      );
    }
    return;
  }
  if (typeof current !== typeof incoming) throw problem(`must be a ${typeof current}`);
}

/**
 * A frozen deep copy, tensors included (bit for bit: ·1 keeps −0 and NaN), so a loaded tree is
 * the optimizer's own: `loadStateDict` callers free what they passed (CheckpointableOptimizer).
 *
 * For example, `const mine = copyState(loaded)` lets the caller dispose `loaded`.
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

export type { OptimizerState };
