import { Callback, type Printer, type RunContext } from './callback.js';

/**
 * Prints each epoch's time and the time per step, as MindSpore's `TimeMonitor`:
 * `epoch time: 12.345 ms, per step time: 1.543 ms`. `times` keeps them for programs.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Dense, Model, nn, SoftmaxCrossEntropyWithLogits, TimeMonitor } from '@gradkit/train';
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
 * await model.train(10, data, { callbacks: [new TimeMonitor()] }); // epoch and per-step times
 * ```
 */
export class TimeMonitor extends Callback {
  readonly times: { epochMs: number; perStepMs: number }[] = [];
  readonly #print: Printer;
  #start = 0;
  #steps = 0;

  constructor(options: { readonly print?: Printer } = {}) {
    super();
    this.#print = options.print ?? ((line) => console.log(line));
  }

  override onTrainEpochBegin(): void {
    this.#start = performance.now();
    this.#steps = 0;
  }

  override onTrainStepEnd(): void {
    this.#steps++;
  }

  override onTrainEpochEnd(_context: RunContext): void {
    const epochMs = performance.now() - this.#start;
    const perStepMs = epochMs / Math.max(this.#steps, 1);
    this.times.push({ epochMs, perStepMs });
    this.#print(`epoch time: ${epochMs.toFixed(3)} ms, per step time: ${perStepMs.toFixed(3)} ms`);
  }
}
