import { mul, scope, type Tensor, ValueError } from '@gradkit/tensor';
import { Cell } from '../cell/cell.js';
import { checkCell, checkOptions, describeArgument } from '../cell/check-arguments.js';
import { type JitOption, resolveJitOption } from '../grad/jit-option.js';
import { trainingModeOf } from '../grad/training-mode.js';
import { cellValueAndGrad } from '../grad/value-and-grad.js';
import { checkPositive } from '../mindspore/nn/validate.js';
import type { Gradient, OptimizerLike } from '../optimizer/callable-optimizer.js';
import { checkOptionKeys } from '../options/check-option-keys.js';
import { membersOf } from './with-loss-cell.js';

/** Options of TrainOneStepCell. */
export interface TrainOneStepCellOptions {
  /** The gradients are those of loss·sens (MindSpore's `sens`, default 1). */
  readonly sens?: number;
  /**
   * Compile the forward and backward pass with `@gradkit/jit` (default true), with the same
   * numbers; a network that draws random numbers (Dropout) or assigns parameters (BatchNorm's
   * running statistics) while training runs eagerly instead, said once (`{ onFallback }`
   * hears it instead of `console.warn`). `false` runs eagerly.
   */
  readonly jit?: JitOption;
}

/**
 * One training step as a cell, as MindSpore's `nn.TrainOneStepCell`: computes the loss of
 * `network(...inputs)` (a network with its loss, e.g. a `WithLossCell`), its gradients with
 * respect to `optimizer.parameters` (of loss·sens), calls `optimizer(grads)` and returns the
 * loss. Every intermediate, the gradients included, is freed inside the step; only the loss is
 * the caller's. Works with any optimizer callable with grads in `parameters` order. The
 * forward and backward pass are compiled with `@gradkit/jit` from the second step on (the
 * optimizer runs eagerly after them) unless `{ jit: false }`; see the `jit` option.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Dense, nn, SoftmaxCrossEntropyWithLogits, TrainOneStepCell, WithLossCell } from '@gradkit/train';
 *
 * const net = new Dense(4, 3);
 * const lossFn = new SoftmaxCrossEntropyWithLogits({ sparse: true });
 * const optimizer = new nn.SGD(net.trainableParams(), { learningRate: 0.1 });
 * const trainNet = new TrainOneStepCell(new WithLossCell(net, lossFn), optimizer).setTrain();
 * const x = tensor([[1, 2, 3, 4]]);
 * const y = tensor([2], undefined, 'int32');
 * for (let step = 0; step < 3; step++) trainNet(x, y).dispose(); // the loss before each update
 * ```
 */
export class TrainOneStepCell<Args extends Tensor[] = [Tensor, Tensor]> extends Cell<Args, Tensor> {
  readonly network: Cell<Args, Tensor>;
  readonly optimizer: OptimizerLike;
  readonly sens: number;
  readonly #clearCompiled: () => void;
  readonly #gradFn: (...inputs: Args) => readonly [unknown, unknown];

  constructor(
    network: Cell<Args, Tensor>,
    optimizer: OptimizerLike,
    options: TrainOneStepCellOptions = {},
  ) {
    super();
    const usage = 'new TrainOneStepCell(new WithLossCell(network, lossFn), optimizer, { sens: 1 })';
    checkCell('TrainOneStepCell', 'network', network, usage);
    if (typeof optimizer !== 'function') {
      throw new ValueError(
        'TrainOneStepCell',
        'optimizer',
        `must be callable as optimizer(grads), as ${usage}, got ${describeArgument(optimizer)}`,
      );
    }
    this.network = network;
    this.optimizer = optimizer;
    checkOptionKeys('TrainOneStepCell', checkOptions('TrainOneStepCell', options, usage), [
      'sens',
      'jit',
    ]);
    this.sens = checkPositive('TrainOneStepCell', 'sens', options.sens ?? 1);
    const sens = this.sens;
    const settings = {
      weights: optimizer.parameters,
      jit: resolveJitOption('TrainOneStepCell', options.jit),
      mode: () => trainingModeOf(network as unknown as Cell<never[], unknown>),
    };
    const [gradFn, clearCompiled] =
      sens === 1
        ? cellValueAndGrad('TrainOneStepCell', (...inputs: Args) => network(...inputs), {
            ...settings,
            hasAux: false,
          })
        : cellValueAndGrad(
            'TrainOneStepCell',
            (...inputs: Args) => {
              const loss = network(...inputs);
              return [mul(loss, sens), loss] as const;
            },
            { ...settings, hasAux: true },
          );
    this.#gradFn = gradFn as never;
    this.#clearCompiled = clearCompiled;
  }

  /**
   * Frees what the compiled step holds (its constants and buffers); the next steps compile
   * it again. `Model.train` calls it when it returns.
   *
   * @example
   * ```ts
   * import { Dense, MSELoss, nn, TrainOneStepCell, WithLossCell } from '@gradkit/train';
   *
   * const net = new Dense(2, 1);
   * const optimizer = new nn.SGD(net.trainableParams(), { learningRate: 0.1 });
   * const step = new TrainOneStepCell(new WithLossCell(net, new MSELoss()), optimizer);
   * step.clearCompiled();
   * ```
   */
  clearCompiled(): void {
    this.#clearCompiled();
  }

  protected override namedMembers(): Iterable<readonly [string, unknown]> {
    return membersOf(this.network);
  }

  construct(...inputs: Args): Tensor {
    return scope(() => {
      const [value, grads] = this.#gradFn(...inputs);
      const loss = this.sens === 1 ? (value as Tensor) : (value as readonly Tensor[])[1]!;
      this.optimizer(grads as Gradient[]);
      return loss;
    });
  }
}
