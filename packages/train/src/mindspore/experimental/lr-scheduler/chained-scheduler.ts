import { invalidValue } from '../errors.js';
import type { LRScheduler } from './lr-scheduler.js';
import { SchedulerGroup } from './scheduler-group.js';

/**
 * Steps several schedulers of one optimizer together, each applying its recursive form to
 * the lr the previous one set (PyTorch's `ChainedScheduler`).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { lrScheduler, Parameter, SGD } from '@gradkit/train/torch';
 *
 * const optimizer = new SGD([new Parameter(tensor([1, 2]), 'w')], { lr: 0.1 });
 * const scheduler = new lrScheduler.ChainedScheduler([
 *   new lrScheduler.ConstantLR(optimizer, { factor: 0.1, totalIters: 2 }),
 *   new lrScheduler.ExponentialLR(optimizer, 0.9),
 * ]);
 * ```
 */
export class ChainedScheduler extends SchedulerGroup {
  readonly schedulers: LRScheduler[];

  constructor(schedulers: readonly LRScheduler[]) {
    const first = schedulers[0];
    if (first === undefined)
      throw invalidValue('ChainedScheduler', 'schedulers', 'needs at least one scheduler');
    schedulers.forEach((scheduler, i) => {
      if (scheduler.optimizer !== first.optimizer) {
        throw invalidValue(
          'ChainedScheduler',
          'schedulers',
          `ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different`,
        );
      }
    });
    super(first.optimizer, 'ChainedScheduler');
    this.schedulers = [...schedulers];
    this.lastLr = this.currentLrs();
  }

  override step(): void {
    for (const scheduler of this.schedulers) scheduler.step();
    this.lastLr = this.currentLrs();
  }
}
