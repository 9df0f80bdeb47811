import { ValueError } from '@gradkit/tensor';
import type { CheckpointableOptimizer } from '../../checkpoint/optimizer-state.js';
import { Callback, type RunContext } from './callback.js';

/** Options of ModelCheckpoint (MindSpore's `ModelCheckpoint` with its `CheckpointConfig`). */
export interface ModelCheckpointOptions {
  /** File name prefix; default 'CKP'. Files are `${prefix}-${epoch}_${step}.safetensors`. */
  readonly prefix?: string;
  /** Default the current directory. */
  readonly directory?: string;
  /** Save every this many steps (default: none; epochs are used). */
  readonly saveCheckpointSteps?: number;
  /** Save every this many epochs; default 1. */
  readonly saveCheckpointEpochs?: number;
  /** Keep at most this many files, deleting the oldest; default 5. */
  readonly keepCheckpointMax?: number;
  /** Also save the optimizer's state when it has `stateDict` (default true). */
  readonly saveOptimizer?: boolean;
}

type Save = typeof import('../../checkpoint/checkpoint.js').saveCheckpoint;

/**
 * Saves the network (and the optimizer's state) during training, as MindSpore's
 * `ModelCheckpoint`, with train's safetensors checkpoints (written atomically). Node only: the
 * checkpoint module is loaded when training begins, so browser code that never uses this
 * callback never loads node:fs. `saved` lists the files written; load one with
 * `loadCheckpoint` from `@gradkit/train/checkpoint`.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Dense, Model, ModelCheckpoint, nn, SoftmaxCrossEntropyWithLogits } from '@gradkit/train';
 *
 * const net = new Dense(4, 3);
 * const lossFn = new SoftmaxCrossEntropyWithLogits({ sparse: true });
 * const optimizer = new nn.SGD(net.trainableParams(), { learningRate: 0.1 });
 * const data = {
 *   *[Symbol.iterator]() {
 *     yield [tensor([[1, 2, 3, 4]]), tensor([2], undefined, 'int32')] as const;
 *   },
 * };
 * const model = new Model(net, { lossFn, optimizer });
 * await model.train(2, data, { callbacks: [new ModelCheckpoint({ directory: 'ckpt', prefix: 'net' })] });
 * ```
 */
export class ModelCheckpoint extends Callback {
  readonly prefix: string;
  readonly directory: string;
  readonly saved: string[] = [];
  readonly #options: ModelCheckpointOptions;
  #save: Save | undefined;
  #remove: ((path: string) => void) | undefined;
  #join: ((...parts: string[]) => string) | undefined;

  constructor(options: ModelCheckpointOptions = {}) {
    super();
    const op = 'ModelCheckpoint';
    this.prefix = options.prefix ?? 'CKP';
    this.directory = options.directory ?? '.';
    for (const key of [
      'saveCheckpointSteps',
      'saveCheckpointEpochs',
      'keepCheckpointMax',
    ] as const) {
      const value = options[key];
      if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
        throw new ValueError(op, key, `must be an integer >= 1, got ${value}`);
      }
    }
    this.#options = options;
  }

  /** The last file written. */
  get latestCheckpoint(): string | undefined {
    return this.saved.at(-1);
  }

  override async onTrainBegin(): Promise<void> {
    const [{ saveCheckpoint }, fs, path] = await Promise.all([
      import('../../checkpoint/checkpoint.js'),
      import('node:fs'),
      import('node:path'),
    ]);
    fs.mkdirSync(this.directory, { recursive: true });
    this.#save = saveCheckpoint;
    this.#remove = (file) => fs.rmSync(file, { force: true });
    this.#join = path.join;
  }

  override onTrainStepEnd(context: RunContext): void {
    const every = this.#options.saveCheckpointSteps;
    if (every !== undefined && context.params.curStepNum % every === 0) this.#write(context);
  }

  override onTrainEpochEnd(context: RunContext): void {
    if (this.#options.saveCheckpointSteps !== undefined) return;
    const every = this.#options.saveCheckpointEpochs ?? 1;
    if (context.params.curEpochNum % every === 0) this.#write(context);
  }

  #write(context: RunContext): void {
    const p = context.params;
    if (this.#save === undefined || this.#join === undefined) return;
    const file = this.#join(
      this.directory,
      `${this.prefix}-${p.curEpochNum}_${p.curStepInEpoch}.safetensors`,
    );
    const optimizer = p.optimizer as Partial<CheckpointableOptimizer> | undefined;
    const withOptimizer =
      (this.#options.saveOptimizer ?? true) &&
      typeof optimizer?.stateDict === 'function' &&
      typeof optimizer.loadStateDict === 'function';
    this.#save(p.network, file, {
      ...(withOptimizer ? { optimizer: optimizer as CheckpointableOptimizer } : {}),
      metadata: { epoch: String(p.curEpochNum), step: String(p.curStepNum) },
    });
    this.saved.push(file);
    const keep = this.#options.keepCheckpointMax ?? 5;
    while (this.saved.length > keep) this.#remove?.(this.saved.shift()!);
  }
}
