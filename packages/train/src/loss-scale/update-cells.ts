import {
  dynamicLossScale,
  type GradientTransformation,
  type LossScaleState,
  staticLossScale,
  type Updates,
} from '@gradkit/optim';
import { ValueError } from '@gradkit/tensor';
import { checkInteger, checkNumber } from '../mindspore/nn/validate.js';
import type { Gradient } from '../optimizer/callable-optimizer.js';

/**
 * A loss scale that updates itself after each step, as MindSpore's loss-scale update cells.
 * It holds a pure @gradkit/optim loss-scale transform and its state (plain numbers):
 * `unscale(grads)` divides the gradients of the scaled loss by the scale, reports whether any
 * was NaN or infinite (then the gradients are zeros and the step must be skipped), and moves
 * the state on (the dynamic scale shrinks on overflow and grows after a window of good steps).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { DynamicLossScaleUpdateCell } from '@gradkit/train';
 *
 * const cell = new DynamicLossScaleUpdateCell(2 ** 12, 2, 1000);
 * const { grads: unscaled, overflow } = cell.unscale([tensor([Number.POSITIVE_INFINITY])]);
 * overflow; // true: the step should be skipped
 * cell.getLossScale(); // 2048 after an overflow
 * ```
 */
export abstract class LossScaleUpdateCell {
  #state: LossScaleState;
  readonly #transform: GradientTransformation<LossScaleState>;

  protected constructor(transform: GradientTransformation<LossScaleState>) {
    this.#transform = transform;
    this.#state = transform.init({});
  }

  /** The scale the next step multiplies its loss by. */
  getLossScale(): number {
    return this.#state.scale;
  }

  /** The loss-scale state: `{ scale, goodSteps, lastFinite }`. */
  get state(): LossScaleState {
    return this.#state;
  }

  set state(next: LossScaleState) {
    this.#state = Object.freeze({ ...next });
  }

  /** The unscaled gradients (zeros on overflow) and whether this step overflowed. */
  unscale(grads: readonly Gradient[]): { grads: Updates; overflow: boolean } {
    const [unscaled, next] = this.#transform.update(grads as Updates, this.#state);
    this.#state = next;
    return { grads: unscaled, overflow: !next.lastFinite };
  }
}

/**
 * A fixed loss scale (MindSpore's `FixedLossScaleUpdateCell`): overflowing steps are skipped.
 *
 * @example
 * ```ts
 * import { Dense, FixedLossScaleUpdateCell, MSELoss, nn, TrainOneStepWithLossScaleCell, WithLossCell } from '@gradkit/train';
 *
 * const net = new Dense(2, 1);
 * const netWithLoss = new WithLossCell(net, new MSELoss());
 * const optimizer = new nn.SGD(net.trainableParams(), { learningRate: 0.1 });
 * const step = new TrainOneStepWithLossScaleCell(netWithLoss, optimizer, new FixedLossScaleUpdateCell(1024));
 * ```
 */
export class FixedLossScaleUpdateCell extends LossScaleUpdateCell {
  constructor(lossScaleValue: number) {
    const op = 'FixedLossScaleUpdateCell';
    const value = checkNumber(op, 'lossScaleValue', lossScaleValue);
    if (!(value > 0)) throw new ValueError(op, 'lossScaleValue', `must be > 0, got ${value}`);
    super(staticLossScale(value));
  }
}

/**
 * MindSpore's `DynamicLossScaleUpdateCell`: on overflow scale ← max(scale/scaleFactor, 1) and
 * the step is skipped; after `scaleWindow` finite steps in a row scale ← scale·scaleFactor.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Dense, DynamicLossScaleUpdateCell, MSELoss, nn, TrainOneStepWithLossScaleCell, WithLossCell } from '@gradkit/train';
 *
 * const net = new Dense(2, 1);
 * const netWithLoss = new WithLossCell(net, new MSELoss());
 * const optimizer = new nn.SGD(net.trainableParams(), { learningRate: 0.1 });
 * const step = new TrainOneStepWithLossScaleCell(netWithLoss, optimizer, new DynamicLossScaleUpdateCell(2 ** 16, 2, 1000));
 * const { loss, overflow, lossScale } = step(tensor([[1, 2]]), tensor([[1]]));
 * ```
 */
export class DynamicLossScaleUpdateCell extends LossScaleUpdateCell {
  readonly scaleFactor: number;
  readonly scaleWindow: number;

  constructor(lossScaleValue: number, scaleFactor: number, scaleWindow: number) {
    const op = 'DynamicLossScaleUpdateCell';
    const value = checkNumber(op, 'lossScaleValue', lossScaleValue);
    if (!(value >= 1)) throw new ValueError(op, 'lossScaleValue', `must be >= 1, got ${value}`);
    const factor = checkNumber(op, 'scaleFactor', scaleFactor);
    if (!(factor > 1)) throw new ValueError(op, 'scaleFactor', `must be > 1, got ${factor}`);
    const window = checkInteger(op, 'scaleWindow', scaleWindow, 1);
    super(dynamicLossScale({ initialScale: value, factor, window, minScale: 1 }));
    this.scaleFactor = factor;
    this.scaleWindow = window;
  }
}
