import { ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { polynomialSchedule } from './polynomial.js';
import { inverseTimeDecaySchedule, naturalExpDecaySchedule } from './time-decay.js';

describe('time decay schedules', () => {
  it('naturalExpDecaySchedule: init·exp(−rate·p), floored p with staircase', () => {
    const smooth = naturalExpDecaySchedule(0.1, 10, 0.5);
    const stairs = naturalExpDecaySchedule(0.1, 10, 0.5, { staircase: true });
    for (const count of [0, 5, 10, 25]) {
      expect(smooth(count)).toBeCloseTo(0.1 * Math.exp(-0.5 * (count / 10)), 15);
      expect(stairs(count)).toBeCloseTo(0.1 * Math.exp(-0.5 * Math.floor(count / 10)), 15);
    }
  });

  it('inverseTimeDecaySchedule: init/(1 + rate·p)', () => {
    const smooth = inverseTimeDecaySchedule(0.1, 10, 0.5);
    expect(smooth(20)).toBeCloseTo(0.05, 15);
    expect(inverseTimeDecaySchedule(0.1, 10, 0.5, { staircase: true })(19)).toBeCloseTo(
      0.1 / 1.5,
      15,
    );
  });

  it('polynomialSchedule cycle restarts past the end over a stretched span', () => {
    const held = polynomialSchedule(1, 0, 1, 10);
    const cycling = polynomialSchedule(1, 0, 1, 10, { cycle: true });
    expect(held(15)).toBe(0);
    expect(cycling(10)).toBe(0);
    expect(cycling(15)).toBeCloseTo(1 - 15 / 20, 15); // span 20 = 10·ceil(15/10)
    expect(cycling(0)).toBe(1);
  });

  it('refuses bad arguments', () => {
    expect(() => naturalExpDecaySchedule(0.1, 0, 0.5)).toThrow(ValueError);
    expect(() => inverseTimeDecaySchedule(0.1, 10, 0.5, { staircase: 1 as never })).toThrow(
      /staircase/,
    );
    expect(() => polynomialSchedule(1, 0, 1, 10, { cycle: 'yes' as never })).toThrow(/cycle/);
  });
});
