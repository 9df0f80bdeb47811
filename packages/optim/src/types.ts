import type { Tensor, Tree } from '@gradkit/tensor';
import type { RowSparse } from './row-sparse.js';

/** A parameter tree: nested objects and arrays of tensors, such as `{ dense: { weight, bias } }`. */
export type Params = Tree<Tensor>;

/**
 * Gradients or updates, in the structure of the parameters. A leaf may be a `RowSparse`
 * gradient (rows of a 2-D parameter) where the transform accepts it.
 */
export type Updates = Tree<Tensor | RowSparse>;

/**
 * The protocol every optimizer follows (Optax's): `init` builds the state for some
 * parameters, `update` turns gradients into updates and returns the next state. Both are
 * pure: inputs are never mutated, the same inputs give the same outputs, and state is plain
 * readonly data (tensors and numbers) that `serializeState` can save.
 */
export interface GradientTransformation<S = unknown> {
  readonly init: (params: Params) => S;
  /** `extra` carries inputs a few transforms need, such as the loss for `reduceOnPlateau`. */
  readonly update: (
    updates: Updates,
    state: S,
    params?: Params,
    extra?: ExtraArgs,
  ) => readonly [Updates, S];
}

/**
 * A GradientTransformation whose `update` returns the updates typed like the gradients it
 * was given (the protocol keeps the tree structure), so `updates.dense.weight` needs no cast.
 * `chain`, `namedChain` and the aliases built on them (`adam`, `sgd`, ...) return one; it is
 * assignable to `GradientTransformation<S>`.
 *
 * @example
 * ```ts
 * import { adam } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = adam(1e-3);
 * const [updates] = optimizer.update({ w: tensor([0.1, 0.2]) }, optimizer.init(params), params);
 * updates.w.shape; // typed { w: Tensor }
 * ```
 */
export interface TypedGradientTransformation<S = unknown> extends GradientTransformation<S> {
  readonly update: <U extends Updates>(
    updates: U,
    state: S,
    params?: Params,
    extra?: ExtraArgs,
  ) => readonly [U, S];
}

/**
 * Extra inputs some transforms need besides the gradients, passed as a fourth `update`
 * argument (Optax's `**extra_args`): `value` is the loss of this step, which
 * `reduceOnPlateau` watches. Combinators and `chain` forward it.
 */
export interface ExtraArgs {
  /** The loss, a number or a one-element tensor (read back when used). */
  readonly value?: number | Tensor;
  /**
   * The caller gives the state up: transforms that can (the Adam step) write the new
   * moments into the old ones' buffers and dispose the old ones. Default false: `update`
   * is pure.
   */
  readonly donate?: boolean;
}

/** A value that depends on the step count: `(count) => value`, with count starting at 0. */
export type Schedule = (count: number) => number;

/** A hyperparameter that is a fixed number or a schedule. */
export type ScalarOrSchedule = number | Schedule;

/** The state of a transform that keeps none. */
export type EmptyState = Readonly<Record<string, never>>;
