/** One finished epoch, as the curve, the report and the checkpoint record it. */
export interface EpochRecord {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly testAccuracy: number;
  readonly seconds: number;
}

export function formatEpoch(r: EpochRecord): string {
  return `epoch ${r.epoch}: train loss ${r.trainLoss.toFixed(4)}, test accuracy ${(r.testAccuracy * 100).toFixed(2)}% (${r.seconds.toFixed(1)} s)`;
}
