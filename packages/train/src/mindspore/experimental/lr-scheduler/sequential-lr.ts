import { invalidValue } from '../errors.js';
import type { LRScheduler, SchedulableOptimizer } from './lr-scheduler.js';
import { SchedulerGroup } from './scheduler-group.js';

/** bisect_right: how many of the sorted `values` are ≤ x. */
function bisectRight(values: readonly number[], x: number): number {
  let count = 0;
  while (count < values.length && values[count]! <= x) count++;
  return count;
}

/**
 * Runs `schedulers` one after another, switching at the `milestones` epochs (PyTorch's
 * `SequentialLR`): the lr is reset to the initial lr, the first scheduler starts, and at each
 * milestone the next one starts from its epoch 0 (`step(0)`, its closed form).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { lrScheduler, Parameter, SGD } from '@gradkit/train/torch';
 *
 * const optimizer = new SGD([new Parameter(tensor([1, 2]), 'w')], { lr: 0.1 });
 * const warmup = new lrScheduler.LinearLR(optimizer, { startFactor: 0.1, totalIters: 5 });
 * const decay = new lrScheduler.CosineAnnealingLR(optimizer, 95);
 * const scheduler = new lrScheduler.SequentialLR(optimizer, [warmup, decay], [5]);
 * ```
 */
export class SequentialLR extends SchedulerGroup {
  readonly schedulers: LRScheduler[];
  readonly milestones: number[];

  constructor(
    optimizer: SchedulableOptimizer,
    schedulers: readonly LRScheduler[],
    milestones: readonly number[],
  ) {
    const name = 'SequentialLR';
    schedulers.forEach((scheduler, i) => {
      if (scheduler.optimizer !== optimizer) {
        throw invalidValue(
          name,
          'schedulers',
          `Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index ${i} to be different than the optimizer passed in.`,
        );
      }
    });
    if (milestones.length !== schedulers.length - 1) {
      throw invalidValue(
        name,
        'milestones',
        `Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${milestones.length}`,
      );
    }
    super(optimizer, name);
    this.schedulers = [...schedulers];
    this.milestones = [...milestones];
    this.lastEpoch = 0;
    for (const group of optimizer.paramGroups) group.lr = group.initialLr as number;
    // Undo the step each scheduler took when it was made, then start the first one.
    for (const scheduler of this.schedulers) scheduler.lastEpoch -= 1;
    this.schedulers[0]!.initialStep();
    this.lastLr = this.schedulers[0]!.getLastLr();
  }

  override step(): void {
    this.lastEpoch++;
    const index = bisectRight(this.milestones, this.lastEpoch);
    const scheduler = this.schedulers[index]!;
    if (index > 0 && this.milestones[index - 1] === this.lastEpoch) scheduler.step(0);
    else scheduler.step();
    this.lastLr = scheduler.getLastLr();
  }
}
