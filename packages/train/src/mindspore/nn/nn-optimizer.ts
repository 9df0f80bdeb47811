import {
  addDecayedWeights,
  centralize,
  chain,
  densify,
  type GradientTransformation,
  identity,
  masked,
  RowSparse,
  type Schedule,
  scale,
  type Updates,
  updateAndApply,
} from '@gradkit/optim';
import { type Backend, keep, scope, type Tensor, ValueError, withBackend } from '@gradkit/tensor';
import type { CheckpointableOptimizer, OptimizerState } from '../../checkpoint/optimizer-state.js';
import { checkOptionKeys } from '../../options/check-option-keys.js';
import { describe, type Parameter } from '../../parameter/parameter.js';
import { ParameterTuple } from '../../parameter/parameter-tuple.js';
import { CallableOptimizer, type Gradient } from './callable-optimizer.js';
import { type OptimizerParams, type ResolvedGroup, resolveParams } from './groups.js';
import {
  type LearningRate,
  type ResolvedLearningRate,
  resolveLearningRate,
} from './learning-rate.js';
import { checkSameStructure, copyState, replaceState } from './state-tree.js';
import { checkTarget, moveTo, type OptimizerTarget, targetBackend } from './target.js';
import { checkNonNegative, checkPositive, orDefault } from './validate.js';

/** The options every nn optimizer shares, as MindSpore's `Optimizer` base. */
export interface NnOptimizerOptions {
  /** A number, scalar tensor, 1-D tensor or list (dynamic), or a LearningRateSchedule. */
  readonly learningRate?: LearningRate;
  /** λ ≥ 0; ungrouped, it applies only to parameters named without 'beta' or 'gamma'. */
  readonly weightDecay?: number;
  /** Gradients (and λ·w) are divided by this > 0; match a FixedLossScaleManager that keeps overflowing steps. */
  readonly lossScale?: number;
  /**
   * The device backend an update with `target` 'GPU' runs on (train does not import a GPU
   * backend itself); without it, the parameters' backend when it is not a CPU one.
   */
  readonly deviceBackend?: Backend;
}

/** How a subclass's algorithm takes part in the shared chain. */
export interface AlgorithmTraits {
  /** Weight decay g ← g + λ·w before the algorithm (false: the algorithm decays itself). */
  readonly coupledDecay: boolean;
  /** Whether the algorithm takes RowSparse gradients (else they are densified first). */
  readonly sparse: boolean;
}

interface OptimizerStateDict {
  readonly globalStep: number;
  readonly groups: readonly unknown[];
}

/**
 * The base of the nn optimizers (MindSpore's `nn.Optimizer`): parameters or group dicts,
 * learning rates in every form, weight decay with MindSpore's name filter, gradient
 * centralization and loss-scale division, and one @gradkit/optim transform chain per group:
 *
 *   chain(decay g ← g + λ·w, centralize (rank-4, if asked), g ← g/lossScale, algorithm(lr))
 *
 * Instances are callable: `optimizer(grads)` with grads in `parameters` order updates the
 * parameters in place (their tensors are replaced) and returns true. The gradients stay the
 * caller's. `stateDict()`/`loadStateDict()` serve checkpoints.
 *
 * @example
 * ```ts
 * import { type GradientTransformation, type Schedule, scaleByLearningRate } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 * import { nn, Parameter } from '@gradkit/train';
 *
 * class PlainSGD extends nn.NnOptimizer {
 *   constructor(params: nn.OptimizerParams, options: nn.NnOptimizerOptions) {
 *     super('PlainSGD', params, options);
 *     this.build({ coupledDecay: true, sparse: false });
 *   }
 *   protected algorithm(_group: nn.ResolvedGroup, lr: Schedule) {
 *     return scaleByLearningRate(lr) as GradientTransformation<unknown>;
 *   }
 * }
 * new PlainSGD([new Parameter(tensor([1, 2]), 'w')], { learningRate: 0.1 })([tensor([1, 1])]);
 * ```
 */
export abstract class NnOptimizer extends CallableOptimizer implements CheckpointableOptimizer {
  /** The parameters, in the order gradients are taken (order_params when given). */
  readonly parameters: ParameterTuple;
  /** The groups with their resolved learning rate, weight decay and centralization. */
  readonly groups: readonly ResolvedGroup[];
  readonly weightDecay: number;
  readonly lossScale: number;
  /** Whether params were group dicts. */
  readonly isGroup: boolean;
  readonly #op: string;
  readonly #learningRate: ResolvedLearningRate;
  #transforms: GradientTransformation<unknown>[] = [];
  #states: unknown[] = [];
  #slots = new Map<Parameter, readonly [number, number]>();
  #globalStep = 0;
  #target: OptimizerTarget | undefined;
  readonly #deviceBackend: Backend | undefined;

  /**
   * `options` may be a number: the learning rate, as MindSpore's positional `learning_rate`.
   * `optionKeys` are the subclass's own options; any other key is refused.
   */
  protected constructor(
    op: string,
    params: OptimizerParams,
    given: NnOptimizerOptions | number,
    optionKeys: readonly string[] = [],
  ) {
    super();
    this.#op = op;
    const options: NnOptimizerOptions = typeof given === 'number' ? { learningRate: given } : given;
    if (options === null || typeof options !== 'object') {
      throw new ValueError(op, 'options', `must be an object, got ${describe(options)}`);
    }
    checkOptionKeys(op, options, [
      'learningRate',
      'weightDecay',
      'lossScale',
      'deviceBackend',
      ...optionKeys,
    ]);
    this.#deviceBackend = options.deviceBackend;
    this.#learningRate = resolveLearningRate(
      op,
      'learningRate',
      orDefault(options.learningRate, 1e-3),
    );
    this.weightDecay = checkNonNegative(op, 'weightDecay', orDefault(options.weightDecay, 0));
    this.lossScale = checkPositive(op, 'lossScale', orDefault(options.lossScale, 1));
    const resolved = resolveParams(op, params, {
      lr: this.#learningRate,
      weightDecay: this.weightDecay,
    });
    this.groups = resolved.groups;
    this.isGroup = resolved.grouped;
    this.parameters = new ParameterTuple(resolved.parameters);
  }

  /** The algorithm's transform for one group; `learningRate` gives the rate of step count. */
  protected abstract algorithm(
    group: ResolvedGroup,
    learningRate: Schedule,
  ): GradientTransformation<unknown>;

  /** Builds the chains and their state; subclasses call it after validating their options. */
  protected build(traits: AlgorithmTraits): void {
    const lossScale = this.lossScale;
    this.#transforms = this.groups.map((group) => {
      const decay =
        traits.coupledDecay && group.weightDecay > 0 && group.decayFlags.some(Boolean)
          ? masked(
              addDecayedWeights({
                weightDecay: group.weightDecay,
              }) as GradientTransformation<unknown>,
              [...group.decayFlags],
            )
          : identity();
      const centralization = group.gradCentralization
        ? masked(
            centralize(),
            group.params.map((p) => p.shape.length === 4),
          )
        : identity();
      // MindSpore multiplies by the float32 reciprocal of the scale.
      const unscale = lossScale === 1 ? identity() : scale(Math.fround(1 / lossScale));
      return chain(
        decay,
        centralization,
        unscale,
        this.algorithm(group, (step) => group.lr.at(step)),
      ) as GradientTransformation<unknown>;
    });
    this.#slots = new Map();
    this.groups.forEach((group, g) => {
      group.params.forEach((p, i) => {
        this.#slots.set(p, [g, i]);
      });
    });
    this.#states = this.#transforms.map((t, g) => {
      const state = t.init(this.groups[g]!.params.map((p) => p.value));
      replaceState(undefined, state);
      return state;
    });
    this.#traits = traits;
  }

  #traits: AlgorithmTraits = { coupledDecay: true, sparse: false };

  /**
   * Where the update runs (MindSpore's `target`): undefined (the default) where the
   * parameters live; 'CPU' on the host CPU backend, e.g. a sparse embedding update while the
   * network runs on gpu.js; 'GPU' on the device backend. Parameters stay where they live;
   * the optimizer's state moves to the target. Setting undefined goes back to the default.
   * Other values ('Ascend') are refused.
   */
  get target(): OptimizerTarget | undefined {
    return this.#target;
  }

  // The setter takes what the getter gives (TypeScript before 5.1 requires it).
  set target(value: OptimizerTarget | undefined) {
    this.#target = value === undefined ? undefined : checkTarget(this.#op, value);
  }

  /** Steps taken so far (MindSpore's `global_step`). */
  get globalStep(): number {
    return this.#globalStep;
  }

  /** The learning rate each group uses at the current step. */
  getLr(): number[] {
    return this.groups.map((group) => group.lr.at(this.#globalStep));
  }

  construct(grads: readonly Gradient[]): boolean {
    const op = this.#op;
    if (!Array.isArray(grads) || grads.length !== this.parameters.length) {
      throw new ValueError(
        op,
        'gradients',
        `must be a list of ${this.parameters.length} gradients in optimizer.parameters order, got ${Array.isArray(grads) ? grads.length : describe(grads)}`,
      );
    }
    const perGroup = this.groups.map((group) => new Array<Gradient>(group.params.length));
    this.parameters.forEach((param, k) => {
      const grad = grads[k];
      const shape =
        grad instanceof RowSparse ? grad.denseShape : (grad as Tensor | undefined)?.shape;
      if (
        shape === undefined ||
        shape.length !== param.shape.length ||
        shape.some((d, i) => d !== param.shape[i])
      ) {
        throw new ValueError(
          op,
          `gradients[${k}]`,
          `must be a tensor of shape [${param.shape.join(', ')}] for '${param.name}', got ${shape === undefined ? describe(grad) : `[${shape.join(', ')}]`}`,
        );
      }
      const [g, i] = this.#slots.get(param)!;
      perGroup[g]![i] = grad!;
    });
    const sparse = this.#traits.sparse;
    const backend =
      this.#target === undefined
        ? undefined
        : targetBackend(op, this.#target, this.parameters[0]!.value.backend, this.#deviceBackend);
    if (backend !== undefined) {
      const moved = this.#states.map((state) => moveTo(state, backend));
      replaceState(this.#states, moved);
      this.#states = moved;
    }
    const here = <T>(value: T): T => (backend === undefined ? value : moveTo(value, backend));
    const run = () =>
      scope(() =>
        this.#transforms.map((transform, g) => {
          const params = this.groups[g]!.params.map((p) => p.value);
          const local = params.map(here);
          const groupGrads = perGroup[g]!.map((grad) =>
            here(grad instanceof RowSparse && !sparse ? densify(grad) : grad),
          );
          // One pass fewer where the algorithm's last step can update and apply at once.
          const [stepped, state] = updateAndApply(
            transform,
            groupGrads as Updates,
            this.#states[g],
            local,
          );
          const values = stepped as Tensor[];
          // New values go back to where each parameter lives; the state stays on the target.
          return {
            values:
              backend === undefined ? values : values.map((v, i) => moveTo(v, params[i]!.backend)),
            state,
          };
        }),
      );
    const results = backend === undefined ? run() : withBackend(backend, run);
    results.forEach(({ values, state }, g) => {
      this.groups[g]!.params.forEach((param, i) => {
        param.assign(keep(values[i]!));
      });
      replaceState(this.#states[g], state);
      this.#states[g] = state;
    });
    this.#globalStep++;
    return true;
  }

  /** `{ globalStep, groups: [state of each group's chain] }`; the tensors are the optimizer's own. */
  stateDict(): OptimizerState {
    return { globalStep: this.#globalStep, groups: this.#states } as unknown as OptimizerState;
  }

  /**
   * Takes a state from `stateDict()` (e.g. from a checkpoint), checking its structure, shapes
   * and dtypes first: on a mismatch it throws a ValueError and changes nothing. It copies the
   * tensors it keeps; the given ones stay the caller's.
   */
  loadStateDict(state: OptimizerState): void {
    const op = `${this.#op}.loadStateDict`;
    const incoming = state as unknown as OptimizerStateDict;
    if (incoming === null || typeof incoming !== 'object' || Array.isArray(incoming)) {
      throw new ValueError(op, 'state', 'must be an object from stateDict()');
    }
    const step = incoming.globalStep;
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) {
      throw new ValueError(
        op,
        'state',
        `must hold globalStep as an integer >= 0, got ${String(step)}`,
      );
    }
    checkSameStructure(op, this.#states, incoming.groups, 'groups');
    const next = incoming.groups.map(copyState);
    replaceState(this.#states, next);
    this.#states = next;
    this.#globalStep = step;
  }
}
