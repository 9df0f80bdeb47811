// Schedules against Optax's documented formulas and examples, written out independently here.
import { describe, expect, it } from 'vitest';
import {
  constantSchedule,
  cosineDecaySchedule,
  cosineOnecycleSchedule,
  exponentialDecay,
  joinSchedules,
  linearOnecycleSchedule,
  linearSchedule,
  piecewiseConstantSchedule,
  piecewiseInterpolateSchedule,
  polynomialSchedule,
  sgdrSchedule,
  warmupCosineDecaySchedule,
  warmupExponentialDecaySchedule,
} from './index.js';

const steps = (n: number) => Array.from({ length: n }, (_, i) => i);
const close = (actual: number, expected: number, digits = 12) =>
  expect(actual).toBeCloseTo(expected, digits);

describe('schedules follow Optax', () => {
  it('constantSchedule', () => {
    const s = constantSchedule(5);
    expect([s(0), s(100)]).toEqual([5, 5]);
  });

  it('polynomialSchedule: Optax docstring example', () => {
    const s = polynomialSchedule(1, 0.01, 2, 100, { transitionBegin: 5 });
    const got = [0, 5, 6, 104, 105, 110].map((t) => s(t).toFixed(4));
    expect(got).toEqual(['1.0000', '1.0000', '0.9803', '0.0101', '0.0100', '0.0100']);
  });

  it('polynomialSchedule: (I − E)(1 − clip(t − B, 0, T)/T)^p + E; constant for T <= 0', () => {
    const [I, E, p, T, B] = [0.5, 0.1, 3, 7, 2];
    const s = polynomialSchedule(I, E, p, T, { transitionBegin: B });
    for (const t of steps(15)) {
      close(s(t), (I - E) * (1 - Math.min(Math.max(t - B, 0), T) / T) ** p + E);
    }
    expect(polynomialSchedule(I, E, p, 0)(10)).toBe(I);
  });

  it('linearSchedule is polynomial with power 1', () => {
    const s = linearSchedule(1, 0.01, 100);
    close(s(0), 1);
    close(s(50), 0.505);
    close(s(100), 0.01);
    close(s(200), 0.01);
  });

  it('exponentialDecay: continuous, staircase, transitionBegin, endValue both ways', () => {
    const s = exponentialDecay(2, 4, 0.5, { transitionBegin: 3 });
    for (const t of steps(20)) close(s(t), t - 3 <= 0 ? 2 : 2 * 0.5 ** ((t - 3) / 4));
    const stair = exponentialDecay(2, 4, 0.5, { staircase: true });
    for (const t of steps(20)) close(stair(t), t <= 0 ? 2 : 2 * 0.5 ** Math.floor(t / 4));
    const floor = exponentialDecay(1, 1, 0.5, { endValue: 0.2 });
    expect(steps(6).map(floor)).toEqual([1, 0.5, 0.25, 0.2, 0.2, 0.2]);
    const ceiling = exponentialDecay(1, 1, 2, { endValue: 5 });
    expect(steps(5).map(ceiling)).toEqual([1, 2, 4, 5, 5]);
    expect(exponentialDecay(1, 1, 0)(5)).toBe(1);
    expect(exponentialDecay(1, 0, 0.5)(5)).toBe(1);
  });

  it('cosineDecaySchedule: I((1 − α)(½(1 + cos(π min(t,T)/T)))^p + α)', () => {
    const [I, T, alpha, p] = [0.3, 10, 0.1, 2];
    const s = cosineDecaySchedule(I, T, { alpha, exponent: p });
    for (const t of steps(15)) {
      const c = 0.5 * (1 + Math.cos((Math.PI * Math.min(t, T)) / T));
      close(s(t), I * ((1 - alpha) * c ** p + alpha));
    }
    close(s(100), I * alpha);
  });

  it('warmupCosineDecaySchedule: linear warmup then cosine to endValue at decaySteps', () => {
    const [I, P, W, D, E] = [0, 1, 5, 15, 0.1];
    const s = warmupCosineDecaySchedule(I, P, W, D, { endValue: E });
    for (const t of steps(20)) {
      const expected =
        t < W
          ? I + ((P - I) * t) / W
          : P *
            ((1 - E / P) * 0.5 * (1 + Math.cos((Math.PI * Math.min(t - W, D - W)) / (D - W))) +
              E / P);
      close(s(t), expected);
    }
    close(s(W), P);
    close(s(D), E);
  });

  it('warmupExponentialDecaySchedule: linear warmup then exponentialDecay counted from W', () => {
    const s = warmupExponentialDecaySchedule(0, 1, 4, 2, 0.5, { endValue: 0.1 });
    expect(steps(4).map(s)).toEqual([0, 0.25, 0.5, 0.75]);
    for (const t of steps(20).slice(4)) close(s(t), Math.max(0.5 ** ((t - 4) / 2), 0.1));
  });

  it('piecewiseConstantSchedule: Optax docstring example; scales apply at t >= boundary', () => {
    const s = piecewiseConstantSchedule(1, { 100: 0.1, 200: 0.01 });
    close(s(50), 1);
    close(s(99), 1);
    close(s(100), 0.1);
    close(s(150), 0.1);
    close(s(250), 0.001);
    expect(piecewiseConstantSchedule(3)(1000)).toBe(3);
  });

  it('piecewiseInterpolateSchedule: Optax docstring example (linear) and cosine', () => {
    const s = piecewiseInterpolateSchedule('linear', 1, { 4: 0.1, 8: 0.01 });
    const got = [0, 2, 4, 6, 8, 10].map((t) => s(t).toFixed(6));
    expect(got).toEqual(['1.000000', '0.550000', '0.100000', '0.050500', '0.001000', '0.001000']);
    const c = piecewiseInterpolateSchedule('cosine', 1, { 4: 0.1 });
    for (const t of steps(4))
      close(c(t), 0.1 + ((1 - 0.1) / 2) * (Math.cos((Math.PI * t) / 4) + 1));
    close(c(4), 0.1);
    close(c(9), 0.1);
  });

  it('joinSchedules: later schedules get the steps since their boundary', () => {
    const s = joinSchedules([constantSchedule(1), (t) => 10 + t, (t) => 100 + t], [3, 5]);
    expect(steps(8).map(s)).toEqual([1, 1, 1, 10, 11, 100, 101, 102]);
  });

  it('cosineOnecycleSchedule: up to peak at ⌊pctStart·T⌋, down to peak/(div·finalDiv) at T', () => {
    const s = cosineOnecycleSchedule(100, 1, {
      pctStart: 0.25,
      divFactor: 10,
      finalDivFactor: 100,
    });
    close(s(0), 0.1);
    close(s(25), 1);
    close(s(100), 1 / 1000);
    for (const t of [5, 20]) close(s(t), 1 + ((0.1 - 1) / 2) * (Math.cos((Math.PI * t) / 25) + 1));
    for (const t of [30, 99]) {
      close(s(t), 0.001 + ((1 - 0.001) / 2) * (Math.cos((Math.PI * (t - 25)) / 75) + 1));
    }
  });

  it('linearOnecycleSchedule: three linear phases with Optax defaults', () => {
    const s = linearOnecycleSchedule(100, 1);
    close(s(0), 1 / 25);
    close(s(15), 1 / 25 + (1 - 1 / 25) * 0.5);
    close(s(30), 1);
    close(s(85), 1 / 25);
    close(s(100), 1 / 25 / 1e4);
    close(s(150), 1 / 25 / 1e4);
  });

  it('sgdrSchedule: warmup-cosine cycles joined end to end', () => {
    const cycle = { initValue: 0, peakValue: 1, warmupSteps: 2, decaySteps: 6 };
    const s = sgdrSchedule([cycle, { ...cycle, peakValue: 0.5 }]);
    const one = warmupCosineDecaySchedule(0, 1, 2, 6);
    const two = warmupCosineDecaySchedule(0, 0.5, 2, 6);
    for (const t of steps(6)) close(s(t), one(t));
    for (const t of steps(10).slice(6)) close(s(t), two(t - 6));
  });
});

describe('schedule validation names the schedule and the argument', () => {
  it.each([
    [() => constantSchedule(Number.NaN), /constantSchedule: argument 'value'/],
    [
      () => linearSchedule(1, 0, 10, { transitionBegin: -1 }),
      /linearSchedule: argument 'transitionBegin'/,
    ],
    [
      () => polynomialSchedule(1, 0, Number.POSITIVE_INFINITY, 3),
      /polynomialSchedule: argument 'power'/,
    ],
    [() => exponentialDecay(1, 10, Number.NaN), /exponentialDecay: argument 'decayRate'/],
    [() => cosineDecaySchedule(1, 0), /cosineDecaySchedule: argument 'decaySteps'/],
    [
      () => warmupCosineDecaySchedule(0, 1, 10, 10),
      /warmupCosineDecaySchedule: argument 'decaySteps'/,
    ],
    [
      () => piecewiseConstantSchedule(1, { 10: -1 }),
      /piecewiseConstantSchedule: argument 'boundariesAndScales'/,
    ],
    [
      // biome-ignore lint/suspicious/noExplicitAny: an invalid value on purpose.
      () => piecewiseInterpolateSchedule('cubic' as any, 1, {}),
      /piecewiseInterpolateSchedule: argument 'interpolateType'/,
    ],
    [() => joinSchedules([constantSchedule(1)], [3]), /joinSchedules: argument 'boundaries'/],
    [() => cosineOnecycleSchedule(0, 1), /cosineOnecycleSchedule: argument 'transitionSteps'/],
    [
      () => linearOnecycleSchedule(10, 1, { divFactor: 0 }),
      /linearOnecycleSchedule: argument 'divFactor'/,
    ],
    [() => sgdrSchedule([]), /sgdrSchedule: argument 'cosineKwargs'/],
  ])('%#', (build, message) => {
    expect(build).toThrow(message);
  });
});
