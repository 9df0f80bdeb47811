import { Callback, type RunContext } from './callback.js';

/** Options of ProgressBar. */
export interface ProgressBarOptions {
  /** Draw even when the stream is not a terminal (default false: only on a TTY). */
  readonly force?: boolean;
  /** Where to draw; default Node's process.stderr (cli-progress's default). */
  readonly stream?: ProgressBarStream;
}

/**
 * What the bar draws on: the part of a Node terminal stream (`process.stderr`) that
 * cli-progress uses, typed structurally so that the declarations need no `@types/node`.
 */
export interface ProgressBarStream {
  write(chunk: string): unknown;
  /** The bar draws only on a terminal unless `force` is set. */
  readonly isTTY?: boolean;
  /** The terminal width, when known. */
  readonly columns?: number;
}

interface Bar {
  start(total: number, value: number, payload?: object): void;
  update(value: number, payload?: object): void;
  stop(): void;
}

/**
 * A terminal progress bar per epoch with the running loss, drawn by `cli-progress`. It draws
 * only when the stream is a terminal (or with `force`), so logs and CI stay clean; the library
 * is loaded on the first run, so nothing of it reaches code that never trains with a bar.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Dense, Model, nn, ProgressBar, SoftmaxCrossEntropyWithLogits } from '@gradkit/train';
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
 * await model.train(10, data, { callbacks: [new ProgressBar()] });
 * ```
 */
export class ProgressBar extends Callback {
  readonly #options: ProgressBarOptions;
  #bar: Bar | undefined;
  #enabled = false;

  constructor(options: ProgressBarOptions = {}) {
    super();
    this.#options = options;
  }

  override async onTrainBegin(): Promise<void> {
    const stream = this.#options.stream ?? process.stderr;
    this.#enabled = this.#options.force === true || stream.isTTY === true;
    if (!this.#enabled) return;
    const { default: progress } = await import('cli-progress');
    this.#bar = new progress.SingleBar(
      {
        // cli-progress types its stream as Node's, but only writes and reads isTTY/columns.
        stream: stream as NodeJS.WritableStream,
        format: 'epoch {epoch} [{bar}] {value}/{total} | loss {loss}',
        noTTYOutput: this.#options.force === true,
        hideCursor: true,
      },
      progress.Presets.shades_classic,
    );
  }

  override onTrainEpochBegin(context: RunContext): void {
    this.#bar?.start(context.params.batchNum ?? 0, 0, {
      epoch: context.params.curEpochNum,
      loss: '-',
    });
  }

  override onTrainStepEnd(context: RunContext): void {
    this.#bar?.update(context.params.curStepInEpoch, {
      loss: context.params.netOutputs?.toFixed(4) ?? '-',
    });
  }

  override onTrainEpochEnd(): void {
    this.#bar?.stop();
  }

  /** Whether the last run drew a bar. */
  get enabled(): boolean {
    return this.#enabled;
  }
}
