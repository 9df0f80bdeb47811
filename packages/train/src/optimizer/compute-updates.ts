import { type GradientTransformation, type Updates, updateAndApply } from '@gradkit/optim';
import { type Backend, scope, type Tensor, withBackend } from '@gradkit/tensor';
import type { Parameter } from '../parameter/parameter.js';
import type { Gradient } from './gradient.js';
import { moveTo } from './move-to.js';

/**
 * One transform's share of a step: the parameters it updates together (one, or a whole group
 * when the transform takes a list), their gradients, and its state (undefined: a fresh one
 * from `transform.init`, made inside the step's scope).
 */
export interface UpdateWork {
  // biome-ignore lint/suspicious/noExplicitAny: the state type differs per composition.
  readonly transform: GradientTransformation<any>;
  readonly params: readonly Parameter[];
  readonly grads: readonly Gradient[];
  readonly state: unknown;
  /** Whether the transform takes the list of parameters (true) or the one parameter alone. */
  readonly asList: boolean;
  /** A front end's own reading of a gradient (densify a RowSparse, ...), inside the step's scope. */
  readonly prepare?: (grad: Gradient) => Gradient;
}

/** What one `UpdateWork` computes: the parameters' new values and the transform's new state. */
export interface ComputedUpdate {
  readonly values: readonly Tensor[];
  readonly state: unknown;
}

/**
 * Computes every work item's new parameter values and state in one scope, changing nothing:
 * a throw (a refused gradient, a NaN learning rate) leaves every parameter and state as it
 * was. Each transform updates and applies in one pass where its last step can. With
 * `backend`, the step runs there (parameters and gradients are copied over) and the new
 * values go back to where each parameter lives, while the state stays on `backend`. The
 * results are not kept: the caller keeps what it commits (see `replaceState`).
 */
export function computeUpdates(work: readonly UpdateWork[], backend?: Backend): ComputedUpdate[] {
  const here = <T>(value: T): T => (backend === undefined ? value : moveTo(value, backend));
  const run = () =>
    scope(() =>
      work.map(({ transform, params, grads, state, asList, prepare }) => {
        const values = params.map((param) => here(param.value));
        const moved = grads.map((grad) => here(prepare === undefined ? grad : prepare(grad)));
        const inputs = asList ? values : values[0]!;
        const updates = (asList ? moved : moved[0]!) as Updates;
        const initial = state === undefined ? transform.init(inputs) : state;
        const [stepped, next] = updateAndApply(transform, updates, initial, inputs);
        const out = (asList ? stepped : [stepped]) as Tensor[];
        return {
          values:
            backend === undefined ? out : out.map((v, i) => moveTo(v, params[i]!.value.backend)),
          state: next,
        };
      }),
    );
  return backend === undefined ? run() : withBackend(backend, run);
}
