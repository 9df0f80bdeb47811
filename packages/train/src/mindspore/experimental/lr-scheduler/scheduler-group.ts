import { LRScheduler } from './lr-scheduler.js';

/**
 * A scheduler made of other schedulers of one optimizer (ChainedScheduler, SequentialLR): its
 * lr is whatever they last set, and its state dict holds theirs under `schedulers`.
 */
export abstract class SchedulerGroup extends LRScheduler {
  abstract readonly schedulers: LRScheduler[];

  protected getLr(): number[] {
    return this.currentLrs();
  }

  override stateDict(): Record<string, unknown> {
    const { schedulers: _schedulers, ...own } = super.stateDict();
    return { ...own, schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  override loadStateDict(state: Readonly<Record<string, unknown>>): void {
    const { schedulers, ...own } = state;
    super.loadStateDict(own);
    (schedulers as Record<string, unknown>[]).forEach((s, i) => {
      this.schedulers[i]!.loadStateDict(s);
    });
  }
}
