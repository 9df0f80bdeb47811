/**
 * Samples per second and milliseconds per step over a sliding window of recent steps, so the
 * figure follows changes of batch size or backend within a few seconds.
 */
export class ThroughputMeter {
  private readonly steps: { at: number; samples: number; ms: number }[] = [];

  constructor(private readonly windowMs = 2000) {}

  /** Records a step of `samples` samples that ended at `at` (ms) and took `ms`. */
  record(at: number, samples: number, ms: number): void {
    this.steps.push({ at, samples, ms });
    while (this.steps.length > 2 && this.steps[0]!.at < at - this.windowMs) this.steps.shift();
  }

  /** Samples per second of the steps in the window (their own time, pauses excluded). */
  samplesPerSecond(): number {
    let samples = 0;
    let ms = 0;
    for (const s of this.steps) {
      samples += s.samples;
      ms += s.ms;
    }
    return ms > 0 ? (samples * 1000) / ms : 0;
  }

  /** Mean milliseconds per step in the window. */
  msPerStep(): number {
    if (this.steps.length === 0) return 0;
    return this.steps.reduce((s, step) => s + step.ms, 0) / this.steps.length;
  }

  reset(): void {
    this.steps.length = 0;
  }
}

/** An exponential moving average, debiased like Adam's moments so early values are not dragged to 0. */
export class MovingAverage {
  private value = 0;
  private count = 0;

  constructor(private readonly decay = 0.9) {}

  add(x: number): number {
    this.count++;
    this.value = this.decay * this.value + (1 - this.decay) * x;
    return this.current();
  }

  current(): number {
    return this.count === 0 ? Number.NaN : this.value / (1 - this.decay ** this.count);
  }

  reset(): void {
    this.value = 0;
    this.count = 0;
  }
}
