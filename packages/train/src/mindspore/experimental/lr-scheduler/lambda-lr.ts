import { invalidValue } from '../errors.js';
import { LRScheduler, perGroup, type SchedulableOptimizer } from './lr-scheduler.js';

/** A factor as a function of the epoch. */
export type LrLambda = (epoch: number) => number;

export function lambdasFor(
  name: string,
  optimizer: SchedulableOptimizer,
  lrLambda: LrLambda | readonly LrLambda[],
): LrLambda[] {
  if (Array.isArray(lrLambda) && lrLambda.length !== optimizer.paramGroups.length) {
    throw invalidValue(
      name,
      'lrLambda',
      `Expected ${optimizer.paramGroups.length} lr_lambdas, but got ${lrLambda.length}`,
    );
  }
  return perGroup(name, 'lr_lambda', optimizer, lrLambda as LrLambda | readonly LrLambda[]);
}

/** A scheduler driven by one lr function per group (LambdaLR, MultiplicativeLR). */
export abstract class LambdaScheduler extends LRScheduler {
  readonly lrLambdas: LrLambda[];

  protected constructor(
    name: string,
    optimizer: SchedulableOptimizer,
    lrLambda: LrLambda | readonly LrLambda[],
  ) {
    super(optimizer, name);
    this.lrLambdas = lambdasFor(name, optimizer, lrLambda);
    this.initialStep();
  }
}

/**
 * lr = initialLr · lrLambda(epoch), one function for all groups or one per group (PyTorch's
 * `LambdaLR`).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { lrScheduler, Parameter, SGD } from '@gradkit/train/torch';
 *
 * const optimizer = new SGD([new Parameter(tensor([1, 2]), 'w')], { lr: 0.1 });
 * const scheduler = new lrScheduler.LambdaLR(optimizer, (epoch) => 0.95 ** epoch);
 * ```
 */
export class LambdaLR extends LambdaScheduler {
  constructor(optimizer: SchedulableOptimizer, lrLambda: LrLambda | readonly LrLambda[]) {
    super('LambdaLR', optimizer, lrLambda);
  }

  protected getLr(): number[] {
    return this.baseLrs.map((base, i) => base * this.lrLambdas[i]!(this.lastEpoch));
  }
}
