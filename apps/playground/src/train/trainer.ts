import { valueAndGrad } from '@gradkit/autograd';
import { applyUpdates, type GradientTransformation, type Params } from '@gradkit/optim';
import { dispose, scope, softmax, Tensor, tensor } from '@gradkit/tensor';
import { BatchSampler, normalizeInto } from '../data/batch-sampler.js';
import { type Digits, PIXELS } from '../data/digit-codec.js';
import { CLASSES, crossEntropy, initMlp, type MlpParams, mlpLogits } from '../model/mlp.js';

export interface StepResult {
  readonly step: number;
  readonly loss: number;
  /** Accuracy on this step's batch. */
  readonly accuracy: number;
  readonly samples: number;
  readonly ms: number;
}

function tensorsIn(value: unknown, out = new Set<Tensor>()): Set<Tensor> {
  if (value instanceof Tensor) out.add(value);
  else if (Array.isArray(value)) for (const item of value) tensorsIn(item, out);
  else if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
    for (const item of Object.values(value)) tensorsIn(item, out);
  }
  return out;
}

/** Frees the tensors of `previous` that `next` does not hold (a transform may pass some on). */
function disposeReplaced(previous: unknown, next: unknown): void {
  const kept = tensorsIn(next);
  for (const t of tensorsIn(previous)) if (!kept.has(t)) t.dispose();
}

/** The index of the largest of `values[offset .. offset + n)`, relative to `offset`. */
function argmaxAt(values: ArrayLike<number>, offset: number, n: number): number {
  let best = 0;
  for (let c = 1; c < n; c++) if (values[offset + c]! > values[offset + best]!) best = c;
  return best;
}

const lossAndGrad = valueAndGrad(
  (params: MlpParams, x: Tensor, y: Tensor) => {
    const logits = mlpLogits(params, x);
    return [crossEntropy(logits, y), logits] as const;
  },
  { hasAux: true },
);

/**
 * An MLP, its optimizer and its data on the current backend. Every step runs in a memory
 * scope; the previous parameters and optimizer state are freed once replaced, so device
 * memory stays flat however long it trains.
 */
export class Trainer {
  private params: MlpParams;
  private transform: GradientTransformation<unknown>;
  private state: unknown;
  private readonly sampler: BatchSampler;
  private readonly test: { inputs: Float32Array; labels: Uint8Array };
  step = 0;

  constructor(
    train: Digits,
    test: Digits,
    transform: GradientTransformation<unknown>,
    options: { hidden: number; seed: number },
  ) {
    this.sampler = new BatchSampler(train, options.seed);
    this.params = initMlp(options.seed, options.hidden);
    this.transform = transform;
    this.state = transform.init(this.params as unknown as Params);
    const inputs = new Float32Array(test.count * PIXELS);
    normalizeInto(test.pixels, inputs);
    this.test = { inputs, labels: test.labels };
  }

  get epoch(): number {
    return this.sampler.epoch;
  }

  /** Replaces the optimizer; its state starts afresh from the current parameters. */
  setOptimizer(transform: GradientTransformation<unknown>): void {
    dispose(this.state);
    this.transform = transform;
    this.state = transform.init(this.params as unknown as Params);
  }

  /** One optimizer step on a fresh batch. Reads back the loss and the logits (asynchronously). */
  async trainStep(batchSize: number): Promise<StepResult> {
    const started = performance.now();
    const batch = this.sampler.next(batchSize);
    const previous = { params: this.params, state: this.state };
    const out = scope(() => {
      const x = tensor(batch.inputs, [batchSize, PIXELS]);
      const y = tensor(batch.targets, [batchSize, CLASSES]);
      const [[loss, logits], grads] = lossAndGrad(this.params, x, y);
      const [updates, state] = this.transform.update(
        grads as unknown as Params,
        this.state,
        this.params as unknown as Params,
      );
      const params = applyUpdates(
        this.params as unknown as Params,
        updates,
      ) as unknown as MlpParams;
      return { loss, logits, params, state };
    });
    this.params = out.params;
    this.state = out.state;
    disposeReplaced(previous, { params: out.params, state: out.state });
    const [loss, logits] = await Promise.all([out.loss.data(), out.logits.data()]);
    dispose([out.loss, out.logits]);
    let correct = 0;
    for (let k = 0; k < batchSize; k++) {
      if (argmaxAt(logits, k * CLASSES, CLASSES) === batch.labels[k]) correct++;
    }
    this.step++;
    return {
      step: this.step,
      loss: loss[0]!,
      accuracy: correct / batchSize,
      samples: batchSize,
      ms: performance.now() - started,
    };
  }

  /** Accuracy on the held-out digits. */
  async testAccuracy(): Promise<number> {
    const n = this.test.labels.length;
    const logits = scope(() => mlpLogits(this.params, tensor(this.test.inputs, [n, PIXELS])));
    const values = await logits.data();
    logits.dispose();
    let correct = 0;
    for (let k = 0; k < n; k++)
      if (argmaxAt(values, k * CLASSES, CLASSES) === this.test.labels[k]) correct++;
    return correct / n;
  }

  /** Class probabilities of one 28×28 image (values in [0, 1]). */
  async predict(pixels: Float32Array): Promise<Float32Array> {
    const input = new Float32Array(PIXELS);
    normalizeInto(pixels, input);
    const probabilities = scope(() =>
      softmax(mlpLogits(this.params, tensor(input, [1, PIXELS])), -1),
    );
    const values = Float32Array.from(await probabilities.data());
    probabilities.dispose();
    return values;
  }

  dispose(): void {
    dispose([this.params, this.state]);
  }
}
