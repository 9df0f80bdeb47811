import { add, donate, scatterAdd, type Tensor, tree, ValueError } from '@gradkit/tensor';
import { isRowSparse, type RowSparse } from './row-sparse.js';
import type { EmptyState, GradientTransformation, Params, Updates } from './types.js';

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
  return { init: () => EMPTY, update: (updates) => [updates, EMPTY] };
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
): GradientTransformation<{
  readonly [K in keyof T]: T[K] extends GradientTransformation<infer S> ? S : never;
}> {
  type State = {
    readonly [K in keyof T]: T[K] extends GradientTransformation<infer S> ? S : never;
  };
  return {
    init: (params) => Object.freeze(transforms.map((t) => t.init(params))) as unknown as State,
    update: (updates, state, params, extra) => {
      const states = state as unknown as readonly unknown[];
      const next: unknown[] = [];
      let current = updates;
      transforms.forEach((t, i) => {
        const [u, s] = t.update(current, states[i], params, extra);
        current = u;
        next.push(s);
      });
      return [current, Object.freeze(next) as unknown as State];
    },
  };
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
): GradientTransformation<{
  readonly [K in keyof T]: T[K] extends GradientTransformation<infer S> ? S : never;
}> {
  type State = {
    readonly [K in keyof T]: T[K] extends GradientTransformation<infer S> ? S : never;
  };
  const names = Object.keys(transforms);
  return {
    init: (params) =>
      Object.freeze(
        Object.fromEntries(names.map((n) => [n, transforms[n]!.init(params)])),
      ) as State,
    update: (updates, state, params, extra) => {
      const states = state as Readonly<Record<string, unknown>>;
      const next: Record<string, unknown> = {};
      let current = updates;
      for (const name of names) {
        const [u, s] = transforms[name]!.update(current, states[name], params, extra);
        current = u;
        next[name] = s;
      }
      return [current, Object.freeze(next) as State];
    },
  };
}

/** Options of `applyUpdates`. */
export interface ApplyUpdatesOptions {
  /**
   * The caller gives the parameters up (see `donate` in @gradkit/tensor): each new
   * parameter is written into the old one's buffer where that is safe, and the old
   * parameters are disposed. Default false: new tensors, the old ones untouched.
   */
  readonly donate?: boolean;
}

/**
 * params + updates, leaf by leaf (Optax's apply_updates). A RowSparse update (from a lazy
 * sparse optimizer) changes only its rows. Returns new tensors; with `{ donate: true }` they
 * take the old parameters' buffers (in place) and the old parameters are disposed.
 *
 * @example
 * ```ts
 * import { applyUpdates } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * applyUpdates(params, { w: tensor([-0.5, 0.5]) }); // { w: [0.5, 2.5] }
 * const next = applyUpdates(params, { w: tensor([1, 1]) }, { donate: true }); // params.w is disposed
 * ```
 */
export function applyUpdates(
  params: Params,
  updates: Updates,
  options: ApplyUpdatesOptions = {},
): Params {
  const give = options.donate === true ? (p: Tensor) => donate(p) : (p: Tensor) => p;
  return tree.map2(
    (p: Tensor, u: Tensor | RowSparse) =>
      isRowSparse(u) ? scatterAdd(give(p), u.indices, u.values, 0) : add(give(p), u),
    params,
    updates as Params,
  ) as Params;
}
