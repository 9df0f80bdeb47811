import type { Tensor } from '@gradkit/tensor';
import type { Cell } from '../../cell/cell.js';
import type { OptimizerLike } from '../../optimizer/callable-optimizer.js';

/** What callbacks see of a training run, as MindSpore's `cb_params` (camelCase). */
export interface CallbackParams {
  readonly network: Cell<never[], unknown>;
  readonly trainNetwork: Cell<never[], unknown>;
  readonly optimizer: OptimizerLike | undefined;
  readonly epochNum: number;
  /** Batches per epoch (undefined when the dataset cannot tell). */
  readonly batchNum: number | undefined;
  curEpochNum: number;
  /** Steps since training began (from 1 during the first step). */
  curStepNum: number;
  /** The step within the current epoch (from 1). */
  curStepInEpoch: number;
  /** The last step's loss, as a number. */
  netOutputs: number | undefined;
  /** The mean loss of the epoch so far. */
  epochLoss: number | undefined;
  /** With loss scaling: whether the last step overflowed (and was skipped), and its scale. */
  overflow: boolean | undefined;
  lossScale: number | undefined;
  /** The metrics on `validDataset` after each epoch, when one was given. */
  evalResults: Record<string, number> | undefined;
  /** Anything a callback wants to share. */
  readonly extra: Record<string, unknown>;
}

/**
 * The context callbacks get, as MindSpore's `RunContext`: the params and `requestStop()`.
 *
 * @example
 * ```ts
 * import { Callback, type RunContext } from '@gradkit/train';
 *
 * class StopAtLoss extends Callback {
 *   override onTrainStepEnd(context: RunContext) {
 *     if ((context.originalArgs().netOutputs as number) < 0.01) context.requestStop();
 *   }
 * }
 * ```
 */
export class RunContext {
  #stop = false;

  constructor(readonly params: CallbackParams) {}

  /** MindSpore's `original_args()`. */
  originalArgs(): CallbackParams {
    return this.params;
  }

  /** Ends training after the current step (or epoch, from an epoch hook). */
  requestStop(): void {
    this.#stop = true;
  }

  get stopRequested(): boolean {
    return this.#stop;
  }
}

/**
 * The base of training callbacks, as MindSpore's `Callback`: override the hooks you need;
 * each may return a promise, which `Model.train` awaits.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Callback, Dense, Model, nn, type RunContext, SoftmaxCrossEntropyWithLogits } from '@gradkit/train';
 *
 * class PrintEpoch extends Callback {
 *   override onTrainEpochEnd(context: RunContext) {
 *     const { curEpochNum, epochLoss } = context.originalArgs();
 *     console.log(`epoch ${curEpochNum}: ${epochLoss}`);
 *   }
 * }
 * const net = new Dense(4, 3);
 * const lossFn = new SoftmaxCrossEntropyWithLogits({ sparse: true });
 * const optimizer = new nn.SGD(net.trainableParams(), { learningRate: 0.1 });
 * const data = {
 *   *[Symbol.iterator]() {
 *     yield [tensor([[1, 2, 3, 4]]), tensor([2], undefined, 'int32')] as const;
 *   },
 * };
 * await new Model(net, { lossFn, optimizer }).train(5, data, { callbacks: [new PrintEpoch()] });
 * ```
 */
export abstract class Callback {
  onTrainBegin(_context: RunContext): void | Promise<void> {}
  onTrainEpochBegin(_context: RunContext): void | Promise<void> {}
  onTrainStepBegin(_context: RunContext): void | Promise<void> {}
  onTrainStepEnd(_context: RunContext): void | Promise<void> {}
  onTrainEpochEnd(_context: RunContext): void | Promise<void> {}
  onTrainEnd(_context: RunContext): void | Promise<void> {}
}

/** Where monitors print: console.log by default, any function to capture. */
export type Printer = (line: string) => void;

export type { Tensor };
