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
} from '@gradkit/optim';
import { type Tensor, ValueError } from '@gradkit/tensor';
import { describeValue } from '../mindspore/experimental/errors.js';
import type { StateLayout } from '../optimizer/state-layout.js';
import { resolveOptions } from '../options/check-option-keys.js';
import type { Gradient, OptimizerOptions } from './optimizer.js';
import { type IndexUpdate, TransformOptimizer } from './transform-optimizer.js';

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
 * `addDecayedWeights(wd)` and `scaleByAdam` with −lr folded into its fused pass; the mean and
 * variance are that transform's own moments. MXNet's ε sits outside the bias correction,
 * which is `scaleByAdam` with ε' = ε/√(1−β2ᵗ): m̂/(√v̂ + ε') = √(1−β2ᵗ)/(1−β1ᵗ)·m/(√v + ε).
 * With `lazyUpdate` a RowSparse gradient changes only its rows (their m, v and w); without,
 * it is the dense gradient with zero rows.
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
export class Adam extends TransformOptimizer<AdamState> {
  beta1: number;
  beta2: number;
  epsilon: number;
  lazyUpdate: boolean;
  protected readonly layout: StateLayout = ADAM_LAYOUT;

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

  protected transformFor({ t, lr, wd, grad }: IndexUpdate) {
    return namedChain({
      rescale: scale(this.rescaleGrad),
      clip: clipping(this.clipGradient),
      wd: addDecayedWeights({ weightDecay: wd }),
      adam: scaleByAdam({
        b1: this.beta1,
        b2: this.beta2,
        eps: this.epsilon / Math.sqrt(1 - this.beta2 ** t),
        lazy: this.lazyUpdate && isRowSparse(grad),
        // −lr folded into Adam's fused pass: one kernel per weight fewer.
        scale: -lr,
      }),
      lr: identity(),
    });
  }

  /**
   * Dense semantics: a RowSparse gradient is the dense one with zero rows. Lazy: MXNet's
   * row_sparse arrays hold each row once, so repeated rows are summed before clipping and
   * decay (which would otherwise add wd·w once per repeat).
   */
  protected override prepareGradient(grad: Gradient): Gradient {
    if (!isRowSparse(grad)) return grad;
    return this.lazyUpdate ? unique(grad) : densify(grad);
  }
}

/** Where MXNet's mean and variance live in the transform's state (its `scaleByAdam` moments). */
const ADAM_LAYOUT: StateLayout = {
  tensors: { mean: 'adam.mu', variance: 'adam.nu' },
  counts: { 'adam.count': null },
};

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
