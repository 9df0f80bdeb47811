import type { GradientTransformation } from '@gradkit/optim';
import { dispose, keep, scope, Tensor, tensor, ValueError } from '@gradkit/tensor';
import { computeUpdates, type UpdateWork } from '../optimizer/compute-updates.js';
import { type Gradient, gradientShape, sameShape } from '../optimizer/gradient.js';
import { fromLayoutEntry, getPath, type StateLayout } from '../optimizer/state-layout.js';
import { stateTensors } from '../optimizer/state-tree.js';
import { describe, type Parameter } from '../parameter/parameter.js';
import { Optimizer, type PlannedCounts } from './optimizer.js';

/** What one index's update needs to build its transform: its count and its rates. */
export interface IndexUpdate {
  /** The index's update count, from 1 (MXNet's `t`). */
  readonly t: number;
  /** The index's learning rate at this update (multiplier and scheduler applied). */
  readonly lr: number;
  /** The index's weight decay (multiplier applied). */
  readonly wd: number;
  readonly grad: Gradient;
}

/**
 * An MXNet optimizer that is an adapter over @gradkit/optim transforms and the shared update
 * step: a subclass gives the transform of one index's update and a `StateLayout` saying where
 * MXNet's per-index state (a list of tensors, in the layout's order) lives in the transform's
 * state. `createState` is the transform's own `init`; `step` computes every index first and
 * commits only when all succeeded, so a refused gradient or rate changes no weight, state or
 * update count.
 */
export abstract class TransformOptimizer<State extends Tensor[]> extends Optimizer<State> {
  /** MXNet's state tensors (in this order) and where they live in the transform's state. */
  protected abstract readonly layout: StateLayout;
  /** The structure of the transform's state (the same for every update), once it is known. */
  #template: unknown;

  /** The transform of one index's update. */
  // biome-ignore lint/suspicious/noExplicitAny: the state type differs per composition.
  protected abstract transformFor(update: IndexUpdate): GradientTransformation<any>;

  /** A gradient as the transform takes it (e.g. a RowSparse densified), inside the step's scope. */
  protected prepareGradient(grad: Gradient, _update: IndexUpdate): Gradient {
    return grad;
  }

  /** The transform's fresh state for `weight`, as MXNet's list of tensors. */
  createState(_index: number, weight: Parameter): State {
    const rate = { t: 1, lr: 0, wd: 0, grad: weight.value };
    const fresh = this.transformFor(rate).init(weight.value);
    this.#template ??= withoutTensors(fresh);
    const state = Object.values(this.layout.tensors).map((path) => getPath(fresh, path));
    const kept = new Set(state);
    for (const t of stateTensors(fresh)) if (!kept.has(t)) t.dispose();
    return state.map((t) => keep(t as Tensor)) as State;
  }

  /**
   * One update per index, in order (MXNet's `step`). All or nothing: every new weight and
   * state is computed first, and only then are weights, states and update counts changed; a
   * refused gradient or rate leaves everything, `t` included, as it was.
   */
  step(indices: number[], weights: Parameter[], grads: readonly Gradient[], states: State[]): void {
    const op = `${this.constructor.name}.step`;
    checkLists(op, indices, weights, grads, states, Object.keys(this.layout.tensors).length);
    const planned: PlannedCounts = { counts: new Map(), numUpdate: undefined };
    const work: UpdateWork[] = [];
    const created: Tensor[] = [];
    try {
      indices.forEach((index, i) => {
        const { count: t, numUpdate } = this.planCount(index, planned);
        const update: IndexUpdate = {
          t,
          lr: this.lrOf(index, numUpdate),
          wd: this.wdOf(index),
          grad: grads[i]!,
        };
        const transform = this.transformFor(update);
        const weight = weights[i]!;
        const entry = Object.fromEntries(
          Object.keys(this.layout.tensors).map((name, k) => [name, states[i]![k]]),
        );
        // The structure of a fresh state, made once: the entry supplies the tensors.
        this.#template ??= scope(() => withoutTensors(transform.init(tensor(0))));
        work.push({
          transform,
          params: [weight],
          grads: [grads[i]!],
          state: fromLayoutEntry(this.layout, entry, this.#template, t - 1, weight, created),
          asList: false,
          prepare: (grad) => this.prepareGradient(grad, update),
        });
      });
    } finally {
      dispose(created);
    }
    const results = computeUpdates(work);
    results.forEach(({ values, state }, i) => {
      const current = states[i]!;
      const previous = [...current];
      weights[i]!.assign(keep(values[0]!));
      Object.values(this.layout.tensors).forEach((path, k) => {
        current[k] = keep(getPath(state, path) as Tensor);
      });
      for (const t of previous) if (!current.includes(t)) t.dispose();
    });
    this.commitCounts(planned);
  }

  /**
   * MXNet's `fused_step`. The transforms already run as one fused pass per weight where the
   * backend can, so this is the same path as `step` and gives identical numbers.
   */
  fusedStep(
    indices: number[],
    weights: Parameter[],
    grads: readonly Gradient[],
    states: State[],
  ): void {
    this.step(indices, weights, grads, states);
  }
}

/** A state tree with every tensor replaced by null: its structure, for `fromLayoutEntry`. */
function withoutTensors(node: unknown): unknown {
  if (node instanceof Tensor) return null;
  if (Array.isArray(node)) return node.map(withoutTensors);
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withoutTensors(v)]));
  }
  return node;
}

function checkLists(
  op: string,
  indices: unknown,
  weights: unknown,
  grads: unknown,
  states: unknown,
  stateSize: number,
): void {
  const lists = { indices, weights, grads, states };
  for (const [name, list] of Object.entries(lists)) {
    if (!Array.isArray(list)) {
      throw new ValueError(op, name, `must be a list, got ${describe(list)}`);
    }
  }
  const n = (indices as unknown[]).length;
  for (const [name, list] of Object.entries(lists)) {
    if ((list as unknown[]).length !== n) {
      throw new ValueError(op, name, `has ${(list as unknown[]).length} entries, indices ${n}`);
    }
  }
  (grads as unknown[]).forEach((g, i) => {
    const shape = gradientShape(g);
    if (shape === undefined) {
      throw new ValueError(
        op,
        `grads[${i}]`,
        `must be a Tensor or a RowSparse, got ${describe(g)}`,
      );
    }
    const weight = (weights as Parameter[])[i]!;
    if (!sameShape(shape, weight.shape)) {
      throw new ValueError(
        op,
        `grads[${i}]`,
        `has shape [${shape.join(', ')}] but the weight '${weight.name}' has shape [${weight.shape.join(', ')}]`,
      );
    }
    const state = (states as unknown[])[i];
    if (
      !Array.isArray(state) ||
      state.length !== stateSize ||
      state.some((t) => !(t instanceof Tensor) || t.isDisposed || !sameShape(t.shape, weight.shape))
    ) {
      throw new ValueError(
        op,
        `states[${i}]`,
        `must be the ${stateSize} live tensors createState made for '${weight.name}', got ${describe(state)}`,
      );
    }
  });
}
