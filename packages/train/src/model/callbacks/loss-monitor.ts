import { ValueError } from '@gradkit/tensor';
import { Callback, type Printer, type RunContext } from './callback.js';

/** Options of LossMonitor. */
export interface LossMonitorOptions {
  /** Where lines go; default console.log. */
  readonly print?: Printer;
}

/**
 * Prints the loss every `perPrint` steps, as MindSpore's `LossMonitor`:
 * `epoch: 1 step: 5, loss is 0.6931`. A NaN or infinite loss stops training with a
 * ValueError, as MindSpore does.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Dense, LossMonitor, Model, nn, SoftmaxCrossEntropyWithLogits } from '@gradkit/train';
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
 * await model.train(10, data, { callbacks: [new LossMonitor(5)] }); // prints every 5 steps
 * ```
 */
export class LossMonitor extends Callback {
  readonly perPrint: number;
  readonly #print: Printer;

  constructor(perPrint = 1, options: LossMonitorOptions = {}) {
    super();
    if (!Number.isInteger(perPrint) || perPrint < 1) {
      throw new ValueError('LossMonitor', 'perPrint', `must be an integer >= 1, got ${perPrint}`);
    }
    this.perPrint = perPrint;
    this.#print = options.print ?? ((line) => console.log(line));
  }

  override onTrainStepEnd(context: RunContext): void {
    const p = context.params;
    const loss = p.netOutputs;
    if (loss === undefined) return;
    if (!Number.isFinite(loss)) {
      throw new ValueError(
        'LossMonitor',
        undefined,
        `epoch: ${p.curEpochNum} step: ${p.curStepInEpoch}. Invalid loss ${loss}, terminating training.`,
      );
    }
    if (p.curStepNum % this.perPrint === 0) {
      this.#print(`epoch: ${p.curEpochNum} step: ${p.curStepInEpoch}, loss is ${loss}`);
    }
  }
}
