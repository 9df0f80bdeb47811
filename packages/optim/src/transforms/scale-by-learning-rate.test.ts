import { type Tensor, tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import type { GradientTransformation, Updates } from '../types.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import type { ScaleByScheduleState } from './scale-by-schedule.js';

const scheduled = (schedule: (count: number) => number) =>
  scaleByLearningRate(schedule) as GradientTransformation<ScaleByScheduleState>;
const w = (updates: Updates) => Array.from((updates as unknown as { w: Tensor }).w.dataSync());

describe('scaleByLearningRate', () => {
  it('descends by the scheduled rate', () => {
    const t = scheduled((count) => 0.5 / (count + 1));
    const [u1, s1] = t.update({ w: tensor([2, -4]) }, t.init({ w: tensor([0, 0]) }));
    expect(w(u1)).toEqual([-1, 2]);
    const [u2] = t.update({ w: tensor([2, -4]) }, s1);
    expect(w(u2)).toEqual([-0.5, 1]);
  });

  it.each([Number.NaN, -0.1, Number.POSITIVE_INFINITY])(
    'refuses a schedule value of %s where it is used, leaving the state as it was',
    (bad) => {
      const t = scheduled((count) => (count === 0 ? 0.1 : bad));
      const state = t.init({ w: tensor([0]) });
      const [, s1] = t.update({ w: tensor([1]) }, state);
      expect(() => t.update({ w: tensor([1]) }, s1)).toThrow(ValueError);
      expect(() => t.update({ w: tensor([1]) }, s1)).toThrow(
        `scaleByLearningRate: argument 'learningRate' is a schedule that gave ${bad} at step 1; expected a finite number >= 0`,
      );
      expect(s1).toEqual({ count: 1 });
    },
  );
});
