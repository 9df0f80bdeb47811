import { mul, scalar, scope, type Tensor } from '@gradkit/tensor';
import { Cell } from '../cell/cell.js';
import { checkOptions } from '../cell/check-arguments.js';
import { type JitOption, resolveJitOption } from '../grad/jit-option.js';
import { trainingModeOf } from '../grad/training-mode.js';
import { cellValueAndGrad } from '../grad/value-and-grad.js';
import type { Gradient, OptimizerLike } from '../optimizer/callable-optimizer.js';
import { checkOptionKeys } from '../options/check-option-keys.js';
import { FixedLossScaleUpdateCell, LossScaleUpdateCell } from './update-cells.js';
import { membersOf } from './with-loss-cell.js';

/** What a TrainOneStepWithLossScaleCell step returns, as MindSpore's `(loss, cond, scaling_sens)`. */
export interface LossScaleStepResult {
  /** The (unscaled) loss; the caller's to dispose. */
  readonly loss: Tensor;
  /** Whether a gradient was NaN or infinite (the update was skipped). */
  readonly overflow: boolean;
  /** The scale this step used. */
  readonly lossScale: number;
}

/** Options of TrainOneStepWithLossScaleCell. */
export interface TrainOneStepWithLossScaleCellOptions {
  /**
   * Compile the forward and backward pass with `@gradkit/jit` (default true), as
   * TrainOneStepCell's `jit` option; `false` runs eagerly.
   */
  readonly jit?: JitOption;
}

/**
 * A training step with loss scaling, as MindSpore's `nn.TrainOneStepWithLossScaleCell`:
 * differentiates loss·scale, unscales the gradients, and calls the optimizer only when they
 * are all finite. `scaleSense` is an update cell (`DynamicLossScaleUpdateCell`: overflow
 * shrinks the scale, a window of good steps grows it) or a number (a fixed scale, changed with
 * `setSenseScale`). The unscaling and the overflow test are @gradkit/optim's pure loss-scale
 * transforms. The forward and backward pass are compiled as TrainOneStepCell's (the scale is
 * an input of the compiled step, so a changing scale does not trace again).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Dense, DynamicLossScaleUpdateCell, MSELoss, nn, TrainOneStepWithLossScaleCell, WithLossCell } from '@gradkit/train';
 *
 * const net = new Dense(2, 1);
 * const netWithLoss = new WithLossCell(net, new MSELoss());
 * const optimizer = new nn.SGD(net.trainableParams(), { learningRate: 0.1 });
 * const step = new TrainOneStepWithLossScaleCell(netWithLoss, optimizer, new DynamicLossScaleUpdateCell(2 ** 12, 2, 1000));
 * const { loss, overflow, lossScale } = step(tensor([[1, 2]]), tensor([[1]]));
 * ```
 */
export class TrainOneStepWithLossScaleCell<Args extends Tensor[] = [Tensor, Tensor]> extends Cell<
  Args,
  LossScaleStepResult
> {
  readonly network: Cell<Args, Tensor>;
  readonly optimizer: OptimizerLike;
  #scaleSense: LossScaleUpdateCell;
  readonly #clearCompiled: () => void;
  readonly #gradFn: (
    scale: Tensor,
    ...inputs: Args
  ) => readonly [readonly [Tensor, Tensor], Gradient[]];

  constructor(
    network: Cell<Args, Tensor>,
    optimizer: OptimizerLike,
    scaleSense: LossScaleUpdateCell | number,
    options: TrainOneStepWithLossScaleCellOptions = {},
  ) {
    super();
    const usage =
      'new TrainOneStepWithLossScaleCell(netWithLoss, optimizer, scaleSense, { jit: true })';
    checkOptionKeys(
      'TrainOneStepWithLossScaleCell',
      checkOptions('TrainOneStepWithLossScaleCell', options, usage),
      ['jit'],
    );
    const jit = resolveJitOption('TrainOneStepWithLossScaleCell', options.jit);
    this.network = network;
    this.optimizer = optimizer;
    this.#scaleSense =
      scaleSense instanceof LossScaleUpdateCell
        ? scaleSense
        : new FixedLossScaleUpdateCell(scaleSense);
    // The scale is an argument, not a captured number: a compiled step would freeze it.
    const [gradFn, clearCompiled] = cellValueAndGrad(
      'TrainOneStepWithLossScaleCell',
      (scale: Tensor, ...inputs: Args) => {
        const loss = network(...inputs);
        return [mul(loss, scale), loss] as const;
      },
      {
        weights: optimizer.parameters,
        hasAux: true,
        jit,
        mode: () => trainingModeOf(network as unknown as Cell<never[], unknown>),
      },
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
   * import { Dense, MSELoss, nn, TrainOneStepWithLossScaleCell, WithLossCell } from '@gradkit/train';
   *
   * const net = new Dense(2, 1);
   * const optimizer = new nn.SGD(net.trainableParams(), { learningRate: 0.1 });
   * const step = new TrainOneStepWithLossScaleCell(new WithLossCell(net, new MSELoss()), optimizer, 1024);
   * step.clearCompiled();
   * ```
   */
  clearCompiled(): void {
    this.#clearCompiled();
  }

  protected override namedMembers(): Iterable<readonly [string, unknown]> {
    return membersOf(this.network);
  }

  /** The loss-scale update cell in use. */
  get scaleSense(): LossScaleUpdateCell {
    return this.#scaleSense;
  }

  /** Replaces the scale by a fixed one (MindSpore's `set_sense_scale`). */
  setSenseScale(sens: number): void {
    this.#scaleSense = new FixedLossScaleUpdateCell(sens);
  }

  construct(...inputs: Args): LossScaleStepResult {
    const lossScale = this.#scaleSense.getLossScale();
    const [loss, overflow] = scope(() => {
      const [[, unscaledLoss], grads] = this.#gradFn(scalar(lossScale), ...inputs);
      const { grads: unscaled, overflow: overflowed } = this.#scaleSense.unscale(grads);
      if (!overflowed) this.optimizer(unscaled as Gradient[]);
      return [unscaledLoss, overflowed] as const;
    });
    return { loss, overflow, lossScale };
  }
}
