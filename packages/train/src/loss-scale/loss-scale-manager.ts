import { ValueError } from '@gradkit/tensor';
import { checkBoolean, checkInteger, checkNumber } from '../mindspore/nn/validate.js';
import {
  DynamicLossScaleUpdateCell,
  FixedLossScaleUpdateCell,
  type LossScaleUpdateCell,
} from './update-cells.js';

/** What `Model` needs from a loss-scale manager. */
export interface LossScaleManager {
  getLossScale(): number;
  getDropOverflowUpdate(): boolean;
  /** The cell that TrainOneStepWithLossScaleCell uses; undefined: plain TrainOneStepCell with sens. */
  getUpdateCell(): LossScaleUpdateCell | undefined;
}

/**
 * A fixed loss scale, as MindSpore's `FixedLossScaleManager(loss_scale=128.0,
 * drop_overflow_update=True)`. With `dropOverflowUpdate` (the default) `Model` trains with a
 * TrainOneStepWithLossScaleCell that unscales the gradients and skips overflowing steps;
 * without it, with a TrainOneStepCell whose `sens` is the scale, and the optimizer must divide
 * it back: give it the same `lossScale`.
 *
 * @example
 * ```ts
 * import { Dense, FixedLossScaleManager, Model, nn, SoftmaxCrossEntropyWithLogits } from '@gradkit/train';
 *
 * const net = new Dense(4, 3);
 * const lossFn = new SoftmaxCrossEntropyWithLogits({ sparse: true });
 * const manager = new FixedLossScaleManager(1024, false);
 * const optimizer = new nn.Adam(net.trainableParams(), { lossScale: 1024 });
 * const model = new Model(net, { lossFn, optimizer, lossScaleManager: manager });
 * ```
 */
export class FixedLossScaleManager implements LossScaleManager {
  readonly lossScale: number;
  readonly dropOverflowUpdate: boolean;

  constructor(lossScale = 128, dropOverflowUpdate = true) {
    const op = 'FixedLossScaleManager';
    this.lossScale = checkNumber(op, 'lossScale', lossScale);
    if (!(this.lossScale >= 1))
      throw new ValueError(op, 'lossScale', `must be >= 1, got ${lossScale}`);
    this.dropOverflowUpdate = checkBoolean(op, 'dropOverflowUpdate', dropOverflowUpdate);
  }

  getLossScale(): number {
    return this.lossScale;
  }

  getDropOverflowUpdate(): boolean {
    return this.dropOverflowUpdate;
  }

  getUpdateCell(): FixedLossScaleUpdateCell | undefined {
    return this.dropOverflowUpdate ? new FixedLossScaleUpdateCell(this.lossScale) : undefined;
  }
}

/**
 * A loss scale that adapts, as MindSpore's `DynamicLossScaleManager(init_loss_scale=2**24,
 * scale_factor=2, scale_window=2000)`: an overflowing step is skipped and the scale divided by
 * `scaleFactor` (not below 1); after `scaleWindow` good steps in a row it is multiplied by it.
 * Built on @gradkit/optim's `dynamicLossScale` transform.
 *
 * @example
 * ```ts
 * import { Dense, DynamicLossScaleManager, Model, nn, SoftmaxCrossEntropyWithLogits } from '@gradkit/train';
 *
 * const net = new Dense(4, 3);
 * const lossFn = new SoftmaxCrossEntropyWithLogits({ sparse: true });
 * const optimizer = new nn.Adam(net.trainableParams());
 * const model = new Model(net, { lossFn, optimizer, lossScaleManager: new DynamicLossScaleManager() });
 * ```
 */
export class DynamicLossScaleManager implements LossScaleManager {
  readonly initLossScale: number;
  readonly scaleFactor: number;
  readonly scaleWindow: number;
  #updateCell: DynamicLossScaleUpdateCell | undefined;

  constructor(initLossScale = 2 ** 24, scaleFactor = 2, scaleWindow = 2000) {
    const op = 'DynamicLossScaleManager';
    this.initLossScale = checkNumber(op, 'initLossScale', initLossScale);
    if (!(this.initLossScale >= 1)) {
      throw new ValueError(op, 'initLossScale', `must be >= 1, got ${initLossScale}`);
    }
    this.scaleFactor = checkNumber(op, 'scaleFactor', scaleFactor);
    if (!(this.scaleFactor > 1))
      throw new ValueError(op, 'scaleFactor', `must be > 1, got ${scaleFactor}`);
    this.scaleWindow = checkInteger(op, 'scaleWindow', scaleWindow, 1);
  }

  /** The current scale (of the update cell in use, once there is one). */
  getLossScale(): number {
    return this.#updateCell?.getLossScale() ?? this.initLossScale;
  }

  getDropOverflowUpdate(): boolean {
    return true;
  }

  /** A new update cell starting at `initLossScale`; the manager then reports its scale. */
  getUpdateCell(): DynamicLossScaleUpdateCell {
    this.#updateCell = new DynamicLossScaleUpdateCell(
      this.initLossScale,
      this.scaleFactor,
      this.scaleWindow,
    );
    return this.#updateCell;
  }
}
