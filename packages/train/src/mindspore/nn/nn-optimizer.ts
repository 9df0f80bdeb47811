import {
  centralize,
  chain,
  densify,
  type GradientTransformation,
  identity,
  isRowSparse,
  masked,
  type Schedule,
  scale,
} from '@gradkit/optim';
import { type Backend, ValueError } from '@gradkit/tensor';
import type { CheckpointableOptimizer, OptimizerState } from '../../checkpoint/optimizer-state.js';
import { type Gradient, gradientShape, sameShape } from '../../optimizer/gradient.js';
import { moveTo } from '../../optimizer/move-to.js';
import { replaceState, stateMismatch } from '../../optimizer/state-tree.js';
import { type SlotWork, StatefulOptimizer } from '../../optimizer/stateful-optimizer.js';
import { checkOptionKeys } from '../../options/check-option-keys.js';
import { describe } from '../../parameter/parameter.js';
import { ParameterTuple } from '../../parameter/parameter-tuple.js';
import { groupDecay, type OptimizerParams, type ResolvedGroup, resolveParams } from './groups.js';
import {
  type LearningRate,
  type ResolvedLearningRate,
  resolveLearningRate,
} from './learning-rate.js';
import { checkTarget, type OptimizerTarget, targetBackend } from './target.js';
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
export abstract class NnOptimizer
  extends StatefulOptimizer<Gradient, boolean, ResolvedGroup, unknown>
  implements CheckpointableOptimizer
{
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
          ? groupDecay(group)
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
    this.#transforms.forEach((transform, g) => {
      const group = this.groups[g]!;
      const state = transform.init(group.params.map((p) => p.value));
      replaceState(this.slots.get(group), state);
      this.slots.set(group, state);
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
    const byParam = new Map<unknown, Gradient>();
    this.parameters.forEach((param, k) => {
      const grad = grads[k];
      const shape = gradientShape(grad);
      if (shape === undefined || !sameShape(shape, param.shape)) {
        throw new ValueError(
          op,
          `gradients[${k}]`,
          `must be a tensor of shape [${param.shape.join(', ')}] for '${param.name}', got ${shape === undefined ? describe(grad) : `[${shape.join(', ')}]`}`,
        );
      }
      byParam.set(param, grad!);
    });
    const backend =
      this.#target === undefined
        ? undefined
        : targetBackend(op, this.#target, this.parameters[0]!.value.backend, this.#deviceBackend);
    if (backend !== undefined) {
      for (const [group, state] of this.slots) {
        const moved = moveTo(state, backend);
        replaceState(state, moved);
        this.slots.set(group, moved);
      }
    }
    const sparse = this.#traits.sparse;
    const work: SlotWork<ResolvedGroup>[] = this.groups.map((group, g) => ({
      key: group,
      transform: this.#transforms[g]!,
      params: group.params,
      grads: group.params.map((param) => byParam.get(param)!),
      state: this.slots.get(group),
      asList: true,
      prepare: sparse ? undefined : densifyRows,
    }));
    // New values go back to where each parameter lives; the state stays on the target.
    this.applyUpdates(work, (_work, state) => state, backend);
    this.#globalStep++;
    return true;
  }

  /** `{ globalStep, groups: [state of each group's chain] }`; the tensors are the optimizer's own. */
  stateDict(): OptimizerState {
    const groups = this.groups.map((group) => this.slots.get(group));
    return { globalStep: this.#globalStep, groups } as unknown as OptimizerState;
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
    const current = this.groups.map((group) => this.slots.get(group));
    const mismatch = stateMismatch(incoming.groups, current, 'groups');
    if (mismatch !== undefined) throw new ValueError(op, 'state', `at ${mismatch}`);
    this.replaceSlots(this.groups.map((group, g) => [group, incoming.groups[g]] as const));
    this.#globalStep = step;
  }
}

/** A RowSparse gradient as the dense one with zero rows, for algorithms without sparse updates. */
function densifyRows(grad: Gradient): Gradient {
  return isRowSparse(grad) ? densify(grad) : grad;
}
