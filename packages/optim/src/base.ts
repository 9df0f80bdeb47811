import { scope, type Tensor, tree, ValueError } from '@gradkit/tensor';
import { checkFloatGradients, checkState, checkTransform, describeValue } from './check-inputs.js';
import { isRowSparse, type RowSparse } from './row-sparse.js';
import { type FusedApply, fusedApplyOf, withFusedApply } from './transforms/fused-apply.js';
import type {
  EmptyState,
  ExtraArgs,
  GradientTransformation,
  Params,
  TypedGradientTransformation,
  Updates,
} from './types.js';

const EMPTY: EmptyState = Object.freeze({});

/** Leaves that are gradients: tensors and RowSparse gradients both count as leaves. */
export const isGradientLeaf = (value: unknown): boolean => isRowSparse(value);

/**
 * Maps dense tensor leaves of `updates`; a RowSparse leaf is rejected with a clear error.
 *
 * @example
 * ```ts
 * import { mapDense } from '@gradkit/optim';
 * import { mul, tensor } from '@gradkit/tensor';
 *
 * const halved = mapDense('halve', { w: tensor([2, 4]) }, (u) => mul(u, 0.5)); // { w: [1, 2] }
 * ```
 */
export function mapDense(
  transform: string,
  updates: Updates,
  fn: (update: Tensor, path: string) => Tensor,
): Updates {
  checkFloatGradients(transform, updates);
  return tree.mapWithPath(
    { isLeaf: isGradientLeaf },
    (path, leaf: Tensor | RowSparse) => {
      if (isRowSparse(leaf)) {
        throw new ValueError(
          transform,
          'updates',
          `holds a RowSparse gradient at ${tree.pathToString(path)}; only the Adam family accepts sparse gradients (densify it first)`,
        );
      }
      return fn(leaf, tree.pathToString(path));
    },
    updates,
  ) as Updates;
}

/**
 * The transform that changes nothing and keeps no state.
 *
 * @example
 * ```ts
 * import { chain, identity, sgd } from '@gradkit/optim';
 *
 * const momentum: number | undefined = undefined;
 * const optimizer = chain(momentum === undefined ? identity() : sgd(momentum), sgd(0.1));
 * ```
 */
export function identity(): GradientTransformation<EmptyState> {
  const transformation: GradientTransformation<EmptyState> = {
    init: () => EMPTY,
    update: (updates) => [updates, EMPTY],
  };
  identities.add(transformation);
  return transformation;
}

// identity() transformations, which a chain's fused step skips at its end.
const identities = new WeakSet<object>();

/**
 * The `FusedApply` of transformations run in sequence over an array of their states: the
 * updates of all but the last one that is not `identity()`, then that one's own `FusedApply`
 * (the identities after it keep their state). Undefined where that one has none.
 */
function sequenceFusedApply(
  transforms: readonly GradientTransformation<unknown>[],
): FusedApply<readonly unknown[]> | undefined {
  let last = transforms.length - 1;
  while (last >= 0 && identities.has(transforms[last]!)) last--;
  const fused = last < 0 ? undefined : fusedApplyOf(transforms[last]!);
  if (fused === undefined) return undefined;
  return (grads, states, params, donate) =>
    scope(() => {
      const next = [...states];
      let current: Updates = grads;
      for (let i = 0; i < last; i++) {
        const [u, s] = transforms[i]!.update(current, states[i], params);
        current = u;
        next[i] = s;
      }
      const stepped = fused(current, states[last], params, donate);
      if (stepped === undefined) return undefined;
      next[last] = stepped[1];
      return [stepped[0], Object.freeze(next)] as const;
    });
}

/**
 * A transform without state from a function of (updates, params).
 *
 * @example
 * ```ts
 * import { stateless } from '@gradkit/optim';
 * import { neg, type Tensor, type Tree, tree } from '@gradkit/tensor';
 *
 * const flip = stateless((updates) => tree.map((u: Tensor) => neg(u), updates as Tree<Tensor>));
 * ```
 */
export function stateless(
  fn: (updates: Updates, params?: Params) => Updates,
): GradientTransformation<EmptyState> {
  return { init: () => EMPTY, update: (updates, _state, params) => [fn(updates, params), EMPTY] };
}

/**
 * Applies transforms in order; the state is the array of their states.
 *
 * @example
 * ```ts
 * import { chain, clipByGlobalNorm, scaleByAdam, scaleByLearningRate } from '@gradkit/optim';
 *
 * // adam(1e-3) with clipping in front
 * const optimizer = chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(1e-3));
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: each transform's own state type is inferred from `any`.
export function chain<const T extends readonly GradientTransformation<any>[]>(
  ...transforms: T
): TypedGradientTransformation<{
  readonly [K in keyof T]: T[K] extends GradientTransformation<infer S> ? S : never;
}> {
  type State = {
    readonly [K in keyof T]: T[K] extends GradientTransformation<infer S> ? S : never;
  };
  transforms.forEach((t, i) => {
    checkTransform('chain', `transforms[${i}]`, t);
  });
  const transformation: TypedGradientTransformation<State> = {
    init: (params) => Object.freeze(transforms.map((t) => t.init(params))) as unknown as State,
    update: <U extends Updates>(updates: U, state: State, params?: Params, extra?: ExtraArgs) => {
      const states = state as unknown as readonly unknown[];
      if (!Array.isArray(states) || states.length !== transforms.length) {
        throw new ValueError(
          'chain',
          'state',
          `must be the array of ${transforms.length} states that init returned, got ${describeValue(state)}`,
        );
      }
      const next: unknown[] = [];
      let current: Updates = updates;
      transforms.forEach((t, i) => {
        const [u, s] = t.update(current, states[i], params, extra);
        current = u;
        next.push(s);
      });
      return [current as U, Object.freeze(next) as unknown as State] as const;
    },
  };
  // One pass fewer where the last step can update and apply at once (see updateAndApply).
  const fused = sequenceFusedApply(transforms);
  if (fused === undefined) return transformation;
  return withFusedApply(transformation, (grads, state, params, donate) =>
    Array.isArray(state) && state.length === transforms.length
      ? (fused(grads, state, params, donate) as readonly [Params, State] | undefined)
      : undefined,
  ) as typeof transformation;
}

/**
 * Like `chain`, with each state under its name, so hyperparameters and moments are found by name.
 *
 * @example
 * ```ts
 * import { clipByGlobalNorm, namedChain, scaleByAdam, scaleByLearningRate } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const optimizer = namedChain({
 *   clip: clipByGlobalNorm(1),
 *   adam: scaleByAdam(),
 *   lr: scaleByLearningRate(1e-3),
 * });
 * const state = optimizer.init({ w: tensor([1]) });
 * state.adam; // the Adam moments, by name
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: each transform's own state type is inferred from `any`.
export function namedChain<const T extends Readonly<Record<string, GradientTransformation<any>>>>(
  transforms: T,
): TypedGradientTransformation<{
  readonly [K in keyof T]: T[K] extends GradientTransformation<infer S> ? S : never;
}> {
  type State = {
    readonly [K in keyof T]: T[K] extends GradientTransformation<infer S> ? S : never;
  };
  if (typeof transforms !== 'object' || transforms === null) {
    throw new ValueError(
      'namedChain',
      'transforms',
      `must be an object of named transforms, got ${String(transforms)}`,
    );
  }
  const names = Object.keys(transforms);
  for (const name of names) checkTransform('namedChain', `transforms.${name}`, transforms[name]);
  const transformation: TypedGradientTransformation<State> = {
    init: (params) =>
      Object.freeze(
        Object.fromEntries(names.map((n) => [n, transforms[n]!.init(params)])),
      ) as State,
    update: <U extends Updates>(updates: U, state: State, params?: Params, extra?: ExtraArgs) => {
      checkState('namedChain', state);
      const states = state as Readonly<Record<string, unknown>>;
      const next: Record<string, unknown> = {};
      let current: Updates = updates;
      for (const name of names) {
        const [u, s] = transforms[name]!.update(current, states[name], params, extra);
        current = u;
        next[name] = s;
      }
      return [current as U, Object.freeze(next) as State] as const;
    },
  };
  const fused = sequenceFusedApply(names.map((name) => transforms[name]!));
  if (fused === undefined) return transformation;
  return withFusedApply(transformation, (grads, state, params, donate) => {
    if (typeof state !== 'object' || state === null) return undefined;
    const states = state as Readonly<Record<string, unknown>>;
    const stepped = fused(
      grads,
      names.map((name) => states[name]),
      params,
      donate,
    );
    if (stepped === undefined) return undefined;
    const next = Object.fromEntries(names.map((name, i) => [name, stepped[1][i]]));
    return [stepped[0], Object.freeze(next) as State] as const;
  }) as typeof transformation;
}

export { type ApplyUpdatesOptions, applyUpdates } from './apply-updates.js';
