import { Callback, type Printer, type RunContext } from './callback.js';

/** Formats a number for a summary line: 4 significant digits, as Keras's logs. */
function formatValue(value: number): string {
  return Number.isFinite(value) ? Number(value.toPrecision(4)).toString() : String(value);
}

/**
 * The line `Model.train` prints after each epoch unless `verbose: false`, as Keras's
 * `verbose` logs and MindSpore's LossMonitor/TimeMonitor together:
 * `epoch 2/10: loss 0.4312, eval_accuracy 0.9133 (1.52 s)` (the `eval_` metrics are those of
 * `validDataset`, when given, named as EarlyStopping monitors them).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Dense, EpochSummary, Model, nn, SoftmaxCrossEntropyWithLogits } from '@gradkit/train';
 *
 * const net = new Dense(4, 3);
 * const lossFn = new SoftmaxCrossEntropyWithLogits({ sparse: true });
 * const optimizer = new nn.SGD(net.trainableParams(), { learningRate: 0.1 });
 * const data = [[tensor([[1, 2, 3, 4]]), tensor([2], undefined, 'int32')]] as const;
 * const lines: string[] = [];
 * const summary = new EpochSummary({ print: (line) => lines.push(line) });
 * await new Model(net, { lossFn, optimizer }).train(2, data, { verbose: false, callbacks: [summary] });
 * lines; // ['epoch 1/2: loss …', 'epoch 2/2: loss …']
 * ```
 */
export class EpochSummary extends Callback {
  readonly #print: Printer;
  #start = 0;

  constructor(options: { readonly print?: Printer } = {}) {
    super();
    this.#print = options.print ?? ((line) => console.log(line));
  }

  override onTrainEpochBegin(): void {
    this.#start = performance.now();
  }

  override onTrainEpochEnd(context: RunContext): void {
    const p = context.params;
    const seconds = (performance.now() - this.#start) / 1000;
    const parts: string[] = [];
    if (p.epochLoss !== undefined) parts.push(`loss ${formatValue(p.epochLoss)}`);
    for (const [name, value] of Object.entries(p.evalResults ?? {}))
      parts.push(`eval_${name} ${formatValue(value)}`);
    this.#print(
      `epoch ${p.curEpochNum}/${p.epochNum}: ${parts.join(', ')} (${seconds.toFixed(2)} s)`,
    );
  }
}
