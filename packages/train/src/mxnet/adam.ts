import {
  addDecayedWeights,
  clip,
  coalesce,
  densify,
  identity,
  isRowSparse,
  namedChain,
  RowSparse,
  scale,
  scaleByAdam,
  updateAndApply,
} from '@gradkit/optim';
import { dispose, keep, scope, Tensor, ValueError, zerosLike } from '@gradkit/tensor';
import { describeValue } from '../mindspore/experimental/errors.js';
import { resolveOptions } from '../options/check-option-keys.js';
import { describe, type Parameter } from '../parameter/parameter.js';
import {
  type Gradient,
  Optimizer,
  type OptimizerOptions,
  type PlannedCounts,
} from './optimizer.js';

export type { Gradient };

export interface AdamOptions extends OptimizerOptions {
  /** Default 0.001; null falls back to the scheduler, or 0.01. */
  readonly learningRate?: number | null;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  /** With a RowSparse gradient, step only its rows (default false: dense semantics). */
  readonly lazyUpdate?: boolean;
}

/** `createState`'s result: the mean and variance, replaced in place by each update. */
export type AdamState = [mean: Tensor, variance: Tensor];

/**
 * MXNet's `mxnet.optimizer.Adam`, with t the update count of the weight's index:
 *
 *   r = clip(g·rescaleGrad, ±clipGradient) + wd·w
 *   m ← β1·m + (1−β1)·r,  v ← β2·v + (1−β2)·r²
 *   lr_t = lr·√(1−β2ᵗ)/(1−β1ᵗ),  w ← w − lr_t·m/(√v + ε)
 *
 * One composition of @gradkit/optim transforms: `scale(rescaleGrad)`, clipping,
 * `addDecayedWeights(wd)` and `scaleByAdam` with −lr folded into its fused pass. MXNet's ε sits
 * outside the bias correction, which is `scaleByAdam` with ε' = ε/√(1−β2ᵗ):
 * m̂/(√v̂ + ε') = √(1−β2ᵗ)/(1−β1ᵗ)·m/(√v + ε). With `lazyUpdate` a RowSparse gradient changes
 * only its rows (their m, v and w); without, it is the dense gradient with zero rows.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Adam, Parameter } from '@gradkit/train/mxnet';
 *
 * const weight = new Parameter(tensor([1, 2]), 'w');
 * const optimizer = new Adam({ learningRate: 0.01, wd: 1e-4 });
 * const state = optimizer.createState(0, weight);
 * optimizer.update(0, weight, tensor([0.1, -0.1]), state); // weight.value and state change in place
 * ```
 */
export class Adam extends Optimizer<AdamState> {
  beta1: number;
  beta2: number;
  epsilon: number;
  lazyUpdate: boolean;

  /** `options` may be a number: the learning rate, as MXNet's positional `learning_rate`. */
  constructor(given: AdamOptions | number = {}) {
    const options = resolveOptions(
      'Adam',
      given,
      ADAM_OPTION_DEFAULTS,
      'learningRate',
    ) as AdamOptions;
    super({ ...options, learningRate: options.learningRate ?? null }, true);
    // MXNet's names in the messages: beta1 and beta2 in [0, 1), epsilon >= 0.
    this.beta1 = unitInterval('beta1', options.beta1);
    this.beta2 = unitInterval('beta2', options.beta2);
    if (
      typeof options.epsilon !== 'number' ||
      !(options.epsilon >= 0) ||
      options.epsilon === Infinity
    ) {
      throw new ValueError(
        'Adam',
        'epsilon',
        `must be a finite number >= 0, got ${describeValue(options.epsilon)}`,
      );
    }
    this.epsilon = options.epsilon;
    if (typeof options.lazyUpdate !== 'boolean') {
      throw new ValueError(
        'Adam',
        'lazyUpdate',
        `must be a boolean, got ${describeValue(options.lazyUpdate)}`,
      );
    }
    this.lazyUpdate = options.lazyUpdate;
  }

  /** Mean and variance, zeros like the weight. */
  createState(_index: number, weight: Parameter): AdamState {
    return [keep(zerosLike(weight.value)), keep(zerosLike(weight.value))];
  }

  /**
   * One update per index, in order (MXNet's `step`). All or nothing: every new weight and
   * state is computed first, and only then are weights, states and update counts changed; a
   * refused gradient or rate leaves everything, `t` included, as it was.
   */
  step(
    indices: number[],
    weights: Parameter[],
    grads: readonly Gradient[],
    states: AdamState[],
  ): void {
    checkLists(indices, weights, grads, states);
    const planned: PlannedCounts = { counts: new Map(), numUpdate: undefined };
    const computed: (readonly [Tensor, Tensor, Tensor])[] = [];
    try {
      indices.forEach((index, i) => {
        computed.push(this.compute(index, weights[i]!, grads[i]!, states[i]!, planned));
      });
    } catch (error) {
      dispose(computed);
      throw error;
    }
    computed.forEach(([value, mean, variance], i) => {
      const state = states[i]!;
      const [oldMean, oldVariance] = state;
      weights[i]!.assign(value);
      state[0] = mean;
      state[1] = variance;
      oldMean.dispose();
      oldVariance.dispose();
    });
    this.commitCounts(planned);
  }

  /**
   * MXNet's `fused_step`. The composed transforms already run Adam's moments through
   * tensor's fused `adamStep` kernel where the backend has one, so this is the same path as
   * `step` and gives identical numbers.
   */
  fusedStep(
    indices: number[],
    weights: Parameter[],
    grads: readonly Gradient[],
    states: AdamState[],
  ): void {
    this.step(indices, weights, grads, states);
  }

  /** The new weight, mean and variance of one index (kept), changing nothing. */
  private compute(
    index: number,
    weight: Parameter,
    grad: Gradient,
    state: AdamState,
    planned: PlannedCounts,
  ): readonly [Tensor, Tensor, Tensor] {
    const { count: t, numUpdate } = this.planCount(index, planned);
    const lr = this.lrOf(index, numUpdate);
    const wd = this.wdOf(index);
    const lazy = this.lazyUpdate && isRowSparse(grad);
    const transform = namedChain({
      rescale: scale(this.rescaleGrad),
      clip: clipping(this.clipGradient),
      wd: addDecayedWeights({ weightDecay: wd }),
      adam: scaleByAdam({
        b1: this.beta1,
        b2: this.beta2,
        eps: this.epsilon / Math.sqrt(1 - this.beta2 ** t),
        lazy,
        // −lr folded into Adam's fused pass: one kernel per weight fewer.
        scale: -lr,
      }),
      lr: identity(),
    });
    const [mean, variance] = state;
    const inner = {
      rescale: {},
      clip: {},
      wd: {},
      adam: { count: t - 1, mu: mean, nu: variance },
      lr: {},
    };
    const [value, nextMean, nextVariance] = scope(() => {
      // Dense semantics: a RowSparse gradient is the dense one with zero rows. Lazy: MXNet's
      // row_sparse arrays hold each row once, so repeated rows are summed before clipping
      // and decay (which would otherwise add wd·w once per repeat).
      const g = !isRowSparse(grad) ? grad : lazy ? unique(grad) : densify(grad);
      // Adam's pass also adds the update to the weight where it can (dense gradients).
      const [value, s] = updateAndApply(transform, g, inner as never, weight.value);
      const adam = (s as unknown as { adam: { mu: Tensor; nu: Tensor } }).adam;
      return [value as Tensor, adam.mu, adam.nu] as const;
    });
    return [keep(value), keep(nextMean), keep(nextVariance)] as const;
  }
}

const ADAM_OPTION_DEFAULTS = {
  rescaleGrad: undefined,
  paramIdx2name: undefined,
  wd: undefined,
  clipGradient: undefined,
  learningRate: 0.001,
  lrScheduler: undefined,
  beginNumUpdate: undefined,
  multiPrecision: undefined,
  useFusedStep: undefined,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  lazyUpdate: false,
};

function unitInterval(argument: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new ValueError(
      'Adam',
      argument,
      `must be a number in [0, 1), got ${describeValue(value)}`,
    );
  }
  return value;
}

/** MXNet's kernels clip only when clip_gradient ≥ 0: null or negative leaves the gradient. */
function clipping(clipGradient: number | null) {
  return clipGradient === null || clipGradient < 0 ? identity() : clip(clipGradient);
}

function unique(grad: RowSparse): RowSparse {
  const rows = coalesce(grad);
  return rows.indices === grad.indices
    ? grad
    : new RowSparse(rows.indices, rows.values, grad.denseShape);
}

function checkLists(indices: unknown, weights: unknown, grads: unknown, states: unknown): void {
  const lists = { indices, weights, grads, states };
  for (const [name, list] of Object.entries(lists)) {
    if (!Array.isArray(list)) {
      throw new ValueError('Adam.step', name, `must be a list, got ${describe(list)}`);
    }
  }
  const n = (indices as unknown[]).length;
  for (const [name, list] of Object.entries(lists)) {
    if ((list as unknown[]).length !== n) {
      throw new ValueError(
        'Adam.step',
        name,
        `has ${(list as unknown[]).length} entries, indices ${n}`,
      );
    }
  }
  (grads as unknown[]).forEach((g, i) => {
    if (!(g instanceof Tensor) && !isRowSparse(g)) {
      throw new ValueError(
        'Adam.step',
        `grads[${i}]`,
        `must be a Tensor or a RowSparse, got ${describe(g)}`,
      );
    }
    const weight = (weights as Parameter[])[i]!;
    const shape = isRowSparse(g) ? g.denseShape : g.shape;
    if (shape.join() !== weight.shape.join()) {
      throw new ValueError(
        'Adam.step',
        `grads[${i}]`,
        `has shape [${shape.join(', ')}] but the weight '${weight.name}' has shape [${weight.shape.join(', ')}]`,
      );
    }
  });
}
