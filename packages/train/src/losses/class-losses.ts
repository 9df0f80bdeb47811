import {
  add,
  arange,
  div,
  equal,
  gather,
  logSoftmax,
  mean,
  mul,
  neg,
  reshape,
  scope,
  sum,
  type Tensor,
  transpose,
  ValueError,
  where,
} from '@gradkit/tensor';
import { checkOptions } from '../cell/check-arguments.js';
import { LossBase, type Reduction } from './loss-base.js';

/** Moves the class axis (1) last and flattens the rest: [N, C, d...] -> [N·d..., C]. */
function classesLast(x: Tensor): Tensor {
  if (x.rank <= 2) return x;
  const perm = [0, ...x.shape.slice(2).map((_, i) => i + 2), 1];
  return reshape(transpose(x, perm), [-1, x.shape[1]!]);
}

/** Options shared by NLLLoss and CrossEntropyLoss, as PyTorch and MindSpore. */
export interface WeightedClassOptions {
  /** A weight per class (shape [C]). */
  readonly weight?: Tensor;
  /** Targets equal to this are skipped (default -100). */
  readonly ignoreIndex?: number;
  /** Default 'mean': the weighted mean over the targets that are not ignored. */
  readonly reduction?: Reduction;
}

/**
 * The weighted negative log-likelihood of integer targets, and the smoothed term, both [M]
 * per element (M = N·d...), with the per-element weight w[y] (0 where ignored).
 */
function indexTerms(
  op: string,
  logProbs: Tensor,
  target: Tensor,
  weight: Tensor | undefined,
  ignoreIndex: number,
): { nll: Tensor; smooth: Tensor; elementWeight: Tensor } {
  if (target.dtype !== 'int32')
    throw new ValueError(op, 'labels', `must be int32 class indices, got ${target.dtype}`);
  const classes = logProbs.shape[1]!;
  const flatTarget = reshape(target, [-1]);
  if (flatTarget.size !== logProbs.shape[0]) {
    throw new ValueError(
      op,
      'labels',
      `holds ${flatTarget.size} targets for ${logProbs.shape[0]} predictions`,
    );
  }
  const ignored = equal(flatTarget, ignoreIndex);
  const safeTarget = where(ignored, 0, flatTarget);
  checkClassRange(op, safeTarget, classes);
  // Select each row's entry instead of multiplying by a one-hot row: 0 · log(0) would be
  // 0 · -Infinity = NaN wherever another class has probability 0.
  const picked = pickPerRow(logProbs, safeTarget);
  const classWeight = weight ?? undefined;
  const targetWeight = classWeight === undefined ? undefined : gather(classWeight, safeTarget, 0);
  const elementWeight = where(ignored, 0, targetWeight ?? 1);
  const nll = where(
    ignored,
    0,
    neg(targetWeight === undefined ? picked : mul(picked, targetWeight)),
  );
  const perClass = classWeight === undefined ? logProbs : mul(logProbs, classWeight);
  const smooth = where(ignored, 0, neg(sum(perClass, -1)));
  return { nll, smooth, elementWeight };
}

/** logProbs[i, target[i]] for each row i of [M, C], by a gather from the flat [M·C]. */
function pickPerRow(logProbs: Tensor, target: Tensor): Tensor {
  const [rows, classes] = logProbs.shape as [number, number];
  const flatIndex = add(mul(arange(0, rows, 1, 'int32'), classes), target);
  return gather(reshape(logProbs, [-1]), flatIndex, 0);
}

/** Class indices must lie in [0, C); checked on the host where the backend reads back. */
function checkClassRange(op: string, target: Tensor, classes: number): void {
  if (target.backend.readsSynchronously === false) return;
  // Read through the backend, not dataSync: a check the result does not depend on, which a
  // step being compiled (@gradkit/jit) may then make while it is traced.
  const values = target.backend.readSync(target.buffer.dataId, target.dtype, target.size);
  for (let i = 0; i < values.length; i++) {
    const label = values[i]!;
    if (label < 0 || label >= classes) {
      throw new ValueError(
        op,
        'labels',
        `holds the class index ${label} at ${i}, outside [0, ${classes}) for ${classes} classes`,
      );
    }
  }
}

function reduceIndexed(
  loss: Tensor,
  elementWeight: Tensor,
  reduction: Reduction,
  shape: readonly number[],
): Tensor {
  if (reduction === 'none') return reshape(loss, shape);
  if (reduction === 'sum') return sum(loss);
  return div(sum(loss), sum(elementWeight));
}

/**
 * Negative log-likelihood of log-probabilities [N, C, d...] and int32 targets [N, d...], as
 * MindSpore's `nn.NLLLoss(weight=None, ignore_index=-100, reduction='mean')`.
 *
 * @example
 * ```ts
 * import { logSoftmax, tensor } from '@gradkit/tensor';
 * import { NLLLoss } from '@gradkit/train';
 *
 * const logits = tensor([[2, 0, 0], [0, 0, 2]]);
 * const labels = tensor([0, 2], undefined, 'int32');
 * new NLLLoss()(logSoftmax(logits, 1), labels); // the mean of -log p[label], ≈ 0.2395
 * ```
 */
export class NLLLoss extends LossBase {
  readonly weight: Tensor | undefined;
  readonly ignoreIndex: number;

  constructor(options: WeightedClassOptions = {}) {
    super(
      checkOptions('NLLLoss', options, "new NLLLoss({ reduction: 'sum' })").reduction ?? 'mean',
      'NLLLoss',
    );
    this.weight = options.weight;
    this.ignoreIndex = options.ignoreIndex ?? -100;
  }

  construct(logits: Tensor, labels: Tensor): Tensor {
    return scope(() => {
      const terms = indexTerms(
        'NLLLoss',
        classesLast(logits),
        labels,
        this.weight,
        this.ignoreIndex,
      );
      return reduceIndexed(terms.nll, terms.elementWeight, this.reduction, labels.shape);
    });
  }
}

/** Options of CrossEntropyLoss. */
export interface CrossEntropyLossOptions extends WeightedClassOptions {
  /** Mixes the target with the uniform distribution by this amount (default 0). */
  readonly labelSmoothing?: number;
}

/**
 * Softmax cross-entropy of logits [N, C, d...] against int32 class indices [N, d...] or class
 * probabilities (the logits' shape), as MindSpore's `nn.CrossEntropyLoss(weight=None,
 * ignore_index=-100, reduction='mean', label_smoothing=0.0)` (PyTorch's numbers).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { CrossEntropyLoss } from '@gradkit/train';
 *
 * const logits = tensor([[2, 0, 0], [0, 0, 2]]);
 * const labels = tensor([0, 2], undefined, 'int32');
 * const lossFn = new CrossEntropyLoss({ labelSmoothing: 0.1 });
 * const loss = lossFn(logits, labels);
 * ```
 */
export class CrossEntropyLoss extends LossBase {
  readonly weight: Tensor | undefined;
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;

  constructor(options: CrossEntropyLossOptions = {}) {
    super(
      checkOptions('CrossEntropyLoss', options, "new CrossEntropyLoss({ reduction: 'sum' })")
        .reduction ?? 'mean',
      'CrossEntropyLoss',
    );
    this.weight = options.weight;
    this.ignoreIndex = options.ignoreIndex ?? -100;
    this.labelSmoothing = options.labelSmoothing ?? 0;
    if (!(this.labelSmoothing >= 0 && this.labelSmoothing <= 1)) {
      throw new ValueError(
        'CrossEntropyLoss',
        'labelSmoothing',
        `must be in [0, 1], got ${this.labelSmoothing}`,
      );
    }
  }

  construct(logits: Tensor, labels: Tensor): Tensor {
    if (logits.rank < 2)
      throw new ValueError(
        'CrossEntropyLoss',
        'logits',
        `must be [N, C, ...], got shape [${logits.shape.join(', ')}]`,
      );
    return scope(() => {
      const logProbs = classesLast(logSoftmax(logits, 1));
      const classes = logits.shape[1]!;
      const eps = this.labelSmoothing;
      if (labels.dtype !== 'int32')
        return this.probabilityLoss(logProbs, classesLast(labels), classes, [
          logits.shape[0]!,
          ...logits.shape.slice(2),
        ]);
      const terms = indexTerms('CrossEntropyLoss', logProbs, labels, this.weight, this.ignoreIndex);
      const loss =
        eps === 0 ? terms.nll : add(mul(terms.nll, 1 - eps), mul(terms.smooth, eps / classes));
      return reduceIndexed(loss, terms.elementWeight, this.reduction, labels.shape);
    });
  }

  private probabilityLoss(
    logProbs: Tensor,
    target: Tensor,
    classes: number,
    shape: readonly number[],
  ): Tensor {
    if (target.shape[0] !== logProbs.shape[0] || target.shape[1] !== classes) {
      throw new ValueError(
        'CrossEntropyLoss',
        'labels',
        'as probabilities must have the shape of logits',
      );
    }
    const eps = this.labelSmoothing;
    const smoothed = eps === 0 ? target : add(mul(target, 1 - eps), eps / classes);
    const weighted = this.weight === undefined ? logProbs : mul(logProbs, this.weight);
    const loss = neg(sum(mul(smoothed, weighted), -1));
    if (this.reduction === 'none') return reshape(loss, shape);
    return this.reduction === 'sum' ? sum(loss) : mean(loss);
  }
}

/**
 * Softmax cross-entropy per sample, as MindSpore's
 * `nn.SoftmaxCrossEntropyWithLogits(sparse=False, reduction='none')`: logits [N, C] against
 * one-hot / probability labels [N, C], or with `sparse` int32 class indices [N].
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { SoftmaxCrossEntropyWithLogits } from '@gradkit/train';
 *
 * const logits = tensor([[2, 0, 0], [0, 0, 2]]);
 * const labels = tensor([0, 2], undefined, 'int32');
 * const lossFn = new SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' });
 * const loss = lossFn(logits, labels);
 * ```
 */
export class SoftmaxCrossEntropyWithLogits extends LossBase {
  readonly sparse: boolean;

  constructor(options: { sparse?: boolean; reduction?: Reduction } = {}) {
    super(
      checkOptions(
        'SoftmaxCrossEntropyWithLogits',
        options,
        "new SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' })",
      ).reduction ?? 'none',
      'SoftmaxCrossEntropyWithLogits',
    );
    this.sparse = options.sparse ?? false;
  }

  construct(logits: Tensor, labels: Tensor): Tensor {
    const op = 'SoftmaxCrossEntropyWithLogits';
    if (logits.rank !== 2)
      throw new ValueError(op, 'logits', `must be [N, C], got shape [${logits.shape.join(', ')}]`);
    return scope(() => {
      const classes = logits.shape[1]!;
      const target = labels;
      if (this.sparse) {
        if (labels.dtype !== 'int32' || labels.rank !== 1 || labels.shape[0] !== logits.shape[0]) {
          throw new ValueError(
            op,
            'labels',
            `must be int32 of shape [${logits.shape[0]}] when sparse, got ${labels.dtype} [${labels.shape.join(', ')}]`,
          );
        }
        checkClassRange(op, labels, classes);
        return this.getLoss(neg(pickPerRow(logSoftmax(logits, -1), labels)));
      } else if (
        labels.rank !== 2 ||
        labels.shape[0] !== logits.shape[0] ||
        labels.shape[1] !== classes
      ) {
        throw new ValueError(
          op,
          'labels',
          `must have the shape of logits [${logits.shape.join(', ')}], got [${labels.shape.join(', ')}]`,
        );
      }
      return this.getLoss(neg(sum(mul(target, logSoftmax(logits, -1)), -1)));
    });
  }
}
