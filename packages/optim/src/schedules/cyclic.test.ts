import { describe, expect, it } from 'vitest';
import { cyclicSchedule } from './cyclic.js';

describe('cyclicSchedule', () => {
  it('climbs linearly to the maximum over stepSizeUp and falls back over stepSizeDown', () => {
    const schedule = cyclicSchedule(1, 3, { stepSizeUp: 4, stepSizeDown: 2 });
    // Rising: 1 + 2·t/4; falling: 3 − 2·(t − 4)/2; then the next cycle starts at the base.
    const expected = [1, 1.5, 2, 2.5, 3, 2, 1, 1.5];
    expected.forEach((value, t) => {
      expect(schedule(t)).toBeCloseTo(value, 12);
    });
  });

  it('halves the amplitude every cycle in triangular2', () => {
    const schedule = cyclicSchedule(0, 8, { stepSizeUp: 2, mode: 'triangular2' });
    // Peaks at t = 2, 6, 10: 8, 4, 2.
    expect([schedule(2), schedule(6), schedule(10)]).toEqual([8, 4, 2]);
  });

  it('scales the amplitude by γ^step in expRange', () => {
    const gamma = 0.9;
    const schedule = cyclicSchedule(1, 2, { stepSizeUp: 5, mode: 'expRange', gamma });
    expect(schedule(5)).toBeCloseTo(1 + gamma ** 5, 12);
    expect(schedule(15)).toBeCloseTo(1 + gamma ** 15, 12);
  });

  it('gives the mirror image when the maximum is below the base (momentum cycling)', () => {
    const rate = cyclicSchedule(0.1, 0.5, { stepSizeUp: 3, mode: 'triangular2' });
    const momentum = cyclicSchedule(0.9, 0.8, { stepSizeUp: 3, mode: 'triangular2' });
    for (let t = 0; t < 20; t++) {
      // Both move by the same fraction of their span, in opposite directions.
      expect((rate(t) - 0.1) / 0.4).toBeCloseTo((0.9 - momentum(t)) / 0.1, 10);
    }
  });

  it('takes a custom scaling of the cycle number or of the step', () => {
    const byCycle = cyclicSchedule(0, 1, { stepSizeUp: 1, scaleFn: (x) => 1 / x });
    expect([byCycle(1), byCycle(3), byCycle(5)]).toEqual([1, 1 / 2, 1 / 3]);
    const byStep = cyclicSchedule(0, 1, {
      stepSizeUp: 1,
      scaleFn: (x) => 1 / x,
      scaleMode: 'iterations',
    });
    expect([byStep(1), byStep(3)]).toEqual([1, 1 / 3]);
  });

  it('refuses bad arguments, naming them', () => {
    expect(() => cyclicSchedule(0, 1, { stepSizeUp: 0 })).toThrow(/stepSizeUp/);
    expect(() => cyclicSchedule(Number.NaN, 1)).toThrow(/baseValue/);
    expect(() => cyclicSchedule(0, 1, { mode: 'exp_range' as never })).toThrow(/mode/);
    expect(() => cyclicSchedule(0, 1, { scaleMode: 'epoch' as never })).toThrow(/scaleMode/);
  });
});
