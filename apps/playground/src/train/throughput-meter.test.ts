import { describe, expect, it } from 'vitest';
import { MovingAverage, ThroughputMeter } from './throughput-meter.js';

describe('ThroughputMeter', () => {
  it('divides the samples of the window by the time its steps took', () => {
    const meter = new ThroughputMeter(1000);
    expect(meter.samplesPerSecond()).toBe(0);
    meter.record(100, 64, 20);
    meter.record(200, 64, 30);
    expect(meter.samplesPerSecond()).toBeCloseTo(128 / 0.05, 6);
    expect(meter.msPerStep()).toBe(25);
  });

  it('forgets steps older than the window', () => {
    const meter = new ThroughputMeter(1000);
    meter.record(0, 10, 100);
    meter.record(500, 10, 100);
    meter.record(2000, 64, 10);
    meter.record(2100, 64, 10);
    expect(meter.samplesPerSecond()).toBeCloseTo(6400, 6);
    meter.reset();
    expect(meter.msPerStep()).toBe(0);
  });
});

describe('MovingAverage', () => {
  it('is debiased: the first value is returned as is, a constant stays constant', () => {
    const average = new MovingAverage(0.9);
    expect(average.current()).toBeNaN();
    expect(average.add(2)).toBeCloseTo(2, 12);
    expect(average.add(2)).toBeCloseTo(2, 12);
  });

  it('weights recent values by 1 − decay', () => {
    const average = new MovingAverage(0.5);
    average.add(0);
    // (0.5·0.5·0 + 0.5·4) / (1 − 0.25) = 2 / 0.75
    expect(average.add(4)).toBeCloseTo(8 / 3, 12);
  });
});
