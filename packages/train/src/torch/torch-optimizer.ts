import { keep, scope, type Tensor, zerosLike } from '@gradkit/tensor';
import type { OptimizerState } from '../checkpoint/optimizer-state.js';
import { describeValue, invalidValue } from '../mindspore/experimental/errors.js';
import { Optimizer, type OptimizerSpec } from '../mindspore/experimental/optimizer.js';
import type { Hyperparameters, OptimizerParams } from '../mindspore/experimental/param-groups.js';
import {
  fromLayoutEntry,
  type LayoutEntry,
  type StateLayout,
  scalarOf,
  toLayoutEntry,
} from '../optimizer/state-layout.js';
import { checkOptionKeys } from '../options/check-option-keys.js';
import type { Parameter } from '../parameter/parameter.js';
import { renameKeys, toCamelCase, toSnakeCase } from './names.js';

/** `zeroGrad`'s options: PyTorch 1.11's `set_to_none`, false by default. */
export interface ZeroGradOptions {
  readonly setToNone?: boolean;
}

/** PyTorch's `state_dict()`: state by parameter index, groups with snake_case keys. */
// A type alias, not an interface, so that it is an OptimizerState (checkpoints take it).
export type TorchStateDict = {
  readonly state: Record<string, LayoutEntry>;
  readonly param_groups: ({ params: number[] } & Record<string, OptimizerState>)[];
};

/**
 * `torch.optim.Optimizer` over the shared specs: the MindSpore-style base holds groups and
 * per-parameter transform state; this shell adds PyTorch's surface. Gradients come from
 * `param.grad` (filled by `backward`), `step(closure)` returns the closure's loss, and the
 * state dict uses PyTorch's names (`exp_avg`, `weight_decay`), so one exported by PyTorch
 * as JSON loads here.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Adam, type Optimizer, Parameter } from '@gradkit/train/torch';
 *
 * const w = new Parameter(tensor([1, 2]), 'w');
 * const optimizer: Optimizer = new Adam([w], { lr: 1e-3 });
 * const saved = JSON.stringify(optimizer.stateDict()); // PyTorch's layout and names
 * optimizer.loadStateDict(JSON.parse(saved));
 * ```
 */
export abstract class TorchOptimizer<
  H extends Hyperparameters = Hyperparameters,
> extends Optimizer<H> {
  protected readonly layout: StateLayout;

  constructor(
    spec: OptimizerSpec<H>,
    params: OptimizerParams<H>,
    defaults: Readonly<Record<string, unknown>>,
    options: unknown,
    layout: StateLayout,
  ) {
    super(spec, params, defaults, options);
    this.layout = layout;
  }

  /**
   * One update from each parameter's `.grad` (null skips it: no state, no step). With a
   * closure, calls it first (it re-evaluates the loss and fills the grads) and returns its
   * loss.
   */
  step<L = undefined>(closure?: () => L): L | undefined {
    if (closure !== undefined && typeof closure !== 'function') {
      throw new TypeError(
        `${this.spec.name}: closure must be a function, got ${describeValue(closure)}`,
      );
    }
    const loss = closure?.();
    this.applyGradients(this.parameters.map((param) => param.grad));
    return loss;
  }

  /**
   * Clears every parameter's grad: to zeros in place of the old tensor (PyTorch 1.11's
   * default), or to null with `setToNone` (the next step then skips parameters no backward
   * reached). The parameter owns its grad, so the old tensor is disposed. A boolean is
   * `setToNone`, as PyTorch's positional `zero_grad(True)`.
   */
  zeroGrad(options: ZeroGradOptions | boolean = {}): void {
    const op = `${this.spec.name}.zeroGrad`;
    if (typeof options !== 'boolean') {
      if (options === null || typeof options !== 'object') {
        throw new TypeError(
          `${op}: options must be a boolean (setToNone) or an object, got ${describeValue(options)}`,
        );
      }
      checkOptionKeys(op, options, ['setToNone']);
    }
    const setToNone = typeof options === 'boolean' ? options : (options.setToNone ?? false);
    if (typeof setToNone !== 'boolean') {
      throw new TypeError(`${op}: setToNone must be a boolean, got ${describeValue(setToNone)}`);
    }
    for (const param of this.parameters) {
      const grad = param.grad;
      if (grad === null) continue;
      param.grad = setToNone ? null : keep(scope(() => zerosLike(grad)));
      grad.dispose();
    }
  }

  /** PyTorch's `state_dict()`. Tensors are the optimizer's own, not copies. */
  override stateDict(): TorchStateDict {
    const base = super.stateDict() as {
      state: Record<string, { step: number; transform: unknown }>;
      param_groups: Record<string, OptimizerState>[];
    };
    const state: Record<string, LayoutEntry> = {};
    for (const [index, entry] of Object.entries(base.state)) {
      state[index] = toLayoutEntry(this.layout, entry.transform, entry.step);
    }
    const paramGroups = base.param_groups.map(
      (group) => renameKeys(group, toSnakeCase) as TorchStateDict['param_groups'][number],
    );
    return { state, param_groups: paramGroups };
  }

  /**
   * PyTorch's `load_state_dict`: group count and sizes, every hyperparameter and every
   * tensor's shape are checked before anything changes; tensors are copied. Accepts what
   * `stateDict()` returns, the same read back by `loadCheckpoint`, or PyTorch's state dict
   * exported as JSON (tensors as nested lists, `step` as a number or one-element list).
   */
  override loadStateDict(stateDict: OptimizerState | TorchStateDict): void {
    const { name } = this.spec;
    const fail = (detail: string) => invalidValue(name, 'stateDict', detail);
    const sd = stateDict as Partial<TorchStateDict> | null;
    if (
      sd === null ||
      typeof sd !== 'object' ||
      !Array.isArray(sd.param_groups) ||
      sd.state === null ||
      typeof sd.state !== 'object'
    ) {
      throw fail('the state dict must be an object with state and param_groups');
    }
    const groups = sd.param_groups.map((group) => renameKeys(group, toCamelCase));
    super.loadStateDict({
      state: sd.state as OptimizerState,
      param_groups: groups as OptimizerState[],
    });
  }

  /**
   * A PyTorch entry (`step`, `exp_avg`, ...) as the transform's state: tensors may be Tensors
   * or nested number lists (a state dict exported from Python as JSON), `step` a number or a
   * one-element list.
   */
  protected override readEntry(
    entry: Readonly<Record<string, unknown>>,
    fresh: unknown,
    param: Parameter,
    created: Tensor[],
  ): { readonly step: unknown; readonly transform: unknown } {
    const step = this.layout.step === false ? 0 : scalarOf(entry.step);
    const transform = fromLayoutEntry(this.layout, entry, fresh, step ?? 0, param, created);
    return { step, transform };
  }
}
