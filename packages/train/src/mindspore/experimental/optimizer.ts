import type { GradientTransformation } from '@gradkit/optim';
import { dispose, Tensor } from '@gradkit/tensor';
import type { OptimizerState } from '../../checkpoint/optimizer-state.js';
import { type Gradient, gradientShape, sameShape } from '../../optimizer/gradient.js';
import { addGroup, type GroupRules, resolveGroups } from '../../optimizer/resolve-groups.js';
import { countsAsTensors, stateMismatch, stateTensors } from '../../optimizer/state-tree.js';
import { type SlotWork, StatefulOptimizer } from '../../optimizer/stateful-optimizer.js';
import { resolveOptions } from '../../options/check-option-keys.js';
import type { Parameter } from '../../parameter/parameter.js';
import { describeValue, invalidValue } from './errors.js';
import {
  groupRules,
  type Hyperparameters,
  type OptimizerParams,
  type ParamGroup,
  type ParamGroupInput,
} from './param-groups.js';

/**
 * What makes an optimizer class: how it checks a group's hyperparameters and which
 * composition of @gradkit/optim transforms it runs for them. One spec per algorithm; the
 * MindSpore-style classes here and the PyTorch-style front end share them.
 */
export interface OptimizerSpec<H extends Hyperparameters> {
  /** The class name, first in error messages. */
  readonly name: string;
  /**
   * Checks one group's hyperparameters (defaults filled in) and returns them normalized (a
   * Tensor `lr` becomes a number); throws ValueError / TypeError with the original wording.
   */
  validate(hyperparameters: Readonly<Record<string, unknown>>): H;
  /** The transform for these hyperparameters; it is applied to one parameter at a time. */
  // Methods, not function-typed properties: their parameters are bivariant, so an
  // Optimizer<AdamHyperparameters> is an Optimizer (of any hyperparameters).
  // biome-ignore lint/suspicious/noExplicitAny: the state type differs per composition.
  transform(hyperparameters: H): GradientTransformation<any>;
  /**
   * Hyperparameters that decide the shape of the state (Adam's `amsgrad`, SGD's momentum
   * being 0): they cannot change once a parameter has state.
   */
  structure?(hyperparameters: H): unknown;
}

/** One parameter's state: its own step count (PyTorch's `step`) and its transform's state. */
export interface ParamState {
  readonly step: number;
  readonly transform: unknown;
  /** The spec's `structure` of the hyperparameters the state was made with (JSON). */
  readonly structure: string;
}

/** A gradient for `optimizer(grads)`; null or undefined skips the parameter this step. */
export type OptimizerGradient = Gradient | null | undefined;

interface BuiltTransform {
  readonly key: string;
  readonly structure: string;
  // biome-ignore lint/suspicious/noExplicitAny: see OptimizerSpec.transform.
  readonly transform: GradientTransformation<any>;
}

/**
 * The stateful shell over @gradkit/optim transforms, as MindSpore's
 * `experimental.optim.Optimizer`: it holds the parameters in groups, each hyperparameter of
 * a group under its camelCase name, and per-parameter state. Calling it,
 * `optimizer(grads)`, applies one update with `grads` in `optimizer.parameters` order.
 *
 * How a step runs: each group's hyperparameters are read at the start of every step and the
 * group's transform (`spec.transform`) is rebuilt whenever they changed, with each
 * parameter's state carried over; so a value set between steps, by hand or by an
 * LRScheduler, takes effect on the next step. Each parameter has its own transform state and
 * step count; a parameter whose gradient is null is skipped (no state created, step not
 * advanced), as in PyTorch. A step is all or nothing: everything is checked and computed
 * before any parameter or state changes.
 *
 * The state's life (kept from any enclosing `scope()`, freed when replaced, copied on load)
 * and the all-or-nothing step are those of the stateful base every front end shares.
 *
 * @example
 * ```ts
 * import { optim, Parameter } from '@gradkit/train';
 * import { tensor } from '@gradkit/tensor';
 *
 * const w = new Parameter(tensor([1, 2]), 'w');
 * const optimizer = new optim.Adam([w], { lr: 1e-3 });
 * optimizer instanceof optim.Optimizer; // true
 * optimizer([tensor([0.1, -0.1])]); // one step
 * optimizer.paramGroups[0]!.lr = 1e-4; // hyperparameters change between steps
 * ```
 */
export abstract class Optimizer<
  H extends Hyperparameters = Hyperparameters,
> extends StatefulOptimizer<OptimizerGradient, void, Parameter, ParamState> {
  /** The groups: `params` plus every hyperparameter. Change values between steps freely. */
  readonly paramGroups: ParamGroup<H>[];
  /** The options the constructor resolved; groups take missing hyperparameters from them. */
  readonly defaults: Readonly<H>;
  protected readonly spec: OptimizerSpec<H>;
  protected built = new WeakMap<object, BuiltTransform>();
  private readonly groupRules: GroupRules<ParamGroup<H>>;

  constructor(
    spec: OptimizerSpec<H>,
    params: OptimizerParams<H>,
    defaults: Readonly<Record<string, unknown>>,
    options?: unknown,
  ) {
    // Everything is checked before the optimizer (or any state) exists.
    const resolved = Object.freeze({
      ...spec.validate(resolveOptions(spec.name, options, defaults)),
    });
    const rules = groupRules(spec.name, resolved, (values) => spec.validate(values));
    const { groups } = resolveGroups(spec.name, params, rules);
    super();
    this.spec = spec;
    this.defaults = resolved;
    this.groupRules = rules;
    this.paramGroups = groups;
  }

  /** Per-parameter state; a parameter appears after its first non-null gradient. */
  get state(): Map<Parameter, ParamState> {
    return this.slots;
  }

  /** Every parameter, in group order: the order of the gradients `optimizer(grads)` takes. */
  get parameters(): Parameter[] {
    return this.paramGroups.flatMap((group) => group.params);
  }

  /**
   * Adds a group: missing hyperparameters come from the defaults; a parameter already in a
   * group is rejected (ValueError), as is a bad hyperparameter, before anything changes.
   */
  addParamGroup(group: ParamGroupInput<H>): void {
    const taken = this.parameters;
    this.paramGroups.push(addGroup(this.spec.name, this.groupRules, group, taken));
  }

  /** The hyperparameters of a group as the spec sees them (the keys of the defaults). */
  protected hyperparametersOf(group: ParamGroup<H>): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const key of Object.keys(this.defaults)) values[key] = group[key];
    return values;
  }

  /** The group's transform for its current hyperparameters, rebuilt when they changed. */
  protected transformFor(group: ParamGroup<H>): BuiltTransform {
    const values = this.hyperparametersOf(group);
    const key = JSON.stringify(values, (_k, v) => (v instanceof Tensor ? v.dataSync()[0] : v));
    const cached = this.built.get(group);
    if (cached !== undefined && cached.key === key) return cached;
    const hyperparameters = this.spec.validate(values);
    const built: BuiltTransform = {
      key,
      structure: JSON.stringify(this.spec.structure?.(hyperparameters) ?? null),
      transform: this.spec.transform(hyperparameters),
    };
    this.built.set(group, built);
    return built;
  }

  /** One update with `grads` in `parameters` order (what calling the optimizer does). */
  construct(grads: readonly OptimizerGradient[]): void {
    this.applyGradients(grads);
  }

  /**
   * The update itself, for front ends that collect gradients another way (PyTorch's
   * `param.grad`): checks everything, computes every new value and state, then commits.
   */
  protected applyGradients(grads: readonly OptimizerGradient[]): void {
    const { name } = this.spec;
    const parameters = this.parameters;
    if (!Array.isArray(grads)) {
      throw new TypeError(
        `${name}: gradients must be an array in optimizer.parameters order, got ${describeValue(grads)}`,
      );
    }
    if (grads.length !== parameters.length) {
      throw invalidValue(
        name,
        'gradients',
        `expected ${parameters.length} gradients (one per parameter, in optimizer.parameters order), got ${grads.length}`,
      );
    }
    const work: (SlotWork<Parameter> & { readonly built: BuiltTransform })[] = [];
    let index = 0;
    for (const group of this.paramGroups) {
      const built = this.transformFor(group);
      for (const param of group.params) {
        const grad = grads[index];
        index++;
        if (grad === null || grad === undefined) continue;
        checkGradient(name, index - 1, param, grad);
        const previous = this.state.get(param);
        if (previous !== undefined && previous.structure !== built.structure) {
          throw invalidValue(
            name,
            'paramGroups',
            `a hyperparameter that shapes the state changed after the first step of '${param.name}' (${built.structure}); make a new optimizer instead`,
          );
        }
        work.push({
          key: param,
          transform: built.transform,
          params: [param],
          grads: [grad],
          state: previous?.transform,
          asList: false,
          built,
        });
      }
    }
    this.applyUpdates(work, ({ built }, transform, previous) => ({
      step: (previous?.step ?? 0) + 1,
      transform,
      structure: built.structure,
    }));
  }

  /**
   * The state in PyTorch's structure: `state` keyed by parameter index (counting across
   * groups) with each parameter's `step` and `transform` state, and `param_groups` with every
   * hyperparameter and `params` as indices. Tensors are the optimizer's own (not copies);
   * `saveCheckpoint` stores them.
   */
  stateDict(): OptimizerState {
    const state: Record<string, OptimizerState> = {};
    const paramGroups: OptimizerState[] = [];
    let index = 0;
    for (const group of this.paramGroups) {
      const indices: number[] = [];
      for (const param of group.params) {
        const entry = this.state.get(param);
        if (entry !== undefined) {
          state[String(index)] = { step: entry.step, transform: entry.transform as OptimizerState };
        }
        indices.push(index);
        index++;
      }
      const saved: Record<string, OptimizerState> = {};
      for (const [key, value] of Object.entries(group)) {
        if (key !== 'params' && isPlainValue(value)) saved[key] = value as OptimizerState;
      }
      saved.params = indices;
      paramGroups.push(saved);
    }
    return { state, param_groups: paramGroups };
  }

  /**
   * Takes a state made by `stateDict()` (or read back by `loadCheckpoint`): group
   * hyperparameters and per-parameter state. Group count and sizes, and every state's
   * structure, shapes and dtypes are checked first; on a mismatch it throws and changes
   * nothing. Tensors are copied, so the source optimizer or checkpoint keeps its own.
   */
  loadStateDict(stateDict: OptimizerState): void {
    const { name } = this.spec;
    const fail = (detail: string) => invalidValue(name, 'stateDict', detail);
    if (stateDict === null || typeof stateDict !== 'object' || Array.isArray(stateDict)) {
      throw fail('the state dict must be an object with state and param_groups');
    }
    const { state, param_groups: savedGroups } = stateDict as Record<string, OptimizerState>;
    if (
      !Array.isArray(savedGroups) ||
      state === null ||
      typeof state !== 'object' ||
      Array.isArray(state)
    ) {
      throw fail('the state dict must be an object with state and param_groups');
    }
    if (savedGroups.length !== this.paramGroups.length) {
      throw fail('loaded state dict has a different number of parameter groups');
    }
    const groupValues: Record<string, unknown>[] = [];
    const byIndex: Parameter[] = [];
    const groupOf: number[] = [];
    this.paramGroups.forEach((group, g) => {
      const saved = savedGroups[g] as Record<string, unknown> | null;
      const indices = saved?.params;
      if (!Array.isArray(indices) || indices.length !== group.params.length) {
        throw fail(
          "loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
        );
      }
      const { params: _indices, ...values } = saved as Record<string, unknown>;
      this.spec.validate({ ...this.hyperparametersOf(group), ...values });
      groupValues.push(values);
      group.params.forEach((param, i) => {
        byIndex[Number(indices[i])] = param;
        groupOf[Number(indices[i])] = g;
      });
    });
    const entries = new Map<Parameter, ParamState>();
    // Fresh states give each entry its structure; they go once the entries are copied in.
    const created: Tensor[] = [];
    try {
      for (const [key, raw] of Object.entries(state as Record<string, unknown>)) {
        const param = byIndex[Number(key)];
        const g = groupOf[Number(key)];
        if (param === undefined || g === undefined)
          throw fail(`state has an entry for parameter ${key}, which no group holds`);
        if (raw === null || typeof raw !== 'object') {
          throw fail(`state.${key} must be an object, got ${describeValue(raw)}`);
        }
        const hyperparameters = this.spec.validate({
          ...this.hyperparametersOf(this.paramGroups[g]!),
          ...groupValues[g],
        });
        const fresh = this.spec.transform(hyperparameters).init(param.value);
        created.push(...stateTensors(fresh));
        const entry = raw as Record<string, unknown>;
        const { step, transform } = this.readEntry(entry, fresh, param, created);
        if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) {
          throw fail(
            `state.${key}.step must be a non-negative integer, got ${describeValue(entry.step)}`,
          );
        }
        const mismatch = stateMismatch(transform, fresh, `state.${key}.transform`);
        if (mismatch !== undefined) throw fail(`${mismatch} for parameter '${param.name}'`);
        const structure = JSON.stringify(this.spec.structure?.(hyperparameters) ?? null);
        entries.set(param, { step, transform, structure });
      }
      // Checked; now commit.
      this.paramGroups.forEach((group, g) => {
        Object.assign(group, groupValues[g]);
        this.built.delete(group);
      });
      this.replaceSlots(entries);
    } finally {
      dispose(created);
    }
  }

  /**
   * One saved parameter entry as a step count and a transform state (`fresh` is a new state
   * of the same transform). The torch front end reads PyTorch's names here; tensors it makes
   * for that go into `created`, which is freed once the entries are copied in.
   */
  protected readEntry(
    entry: Readonly<Record<string, unknown>>,
    fresh: unknown,
    _param: Parameter,
    created: Tensor[],
  ): { readonly step: unknown; readonly transform: unknown } {
    // A count saved as a number (before the Adam family kept it on the device) loads.
    return { step: entry.step, transform: countsAsTensors(entry.transform, fresh, created) };
  }
}

function isPlainValue(value: unknown): boolean {
  if (value === null || ['number', 'string', 'boolean'].includes(typeof value)) return true;
  return Array.isArray(value) && value.every((item) => isPlainValue(item));
}

function checkGradient(op: string, index: number, param: Parameter, grad: Gradient): void {
  const shape = gradientShape(grad);
  if (shape === undefined) {
    throw new TypeError(
      `${op}: gradients[${index}] must be a Tensor, a RowSparse or null, got ${describeValue(grad)}`,
    );
  }
  if (!sameShape(shape, param.shape)) {
    throw invalidValue(
      op,
      'gradients',
      `gradients[${index}] has shape [${shape.join(', ')}] but the parameter '${param.name}' has shape [${param.shape.join(', ')}]`,
    );
  }
}
