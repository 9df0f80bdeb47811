import { ValueError } from '@gradkit/tensor';
import type { Schedule } from '../types.js';
import { finite } from '../validate.js';
import { boundariesAndScalesOf } from './options.js';

export type InterpolateType = 'linear' | 'cosine';

/**
 * Interpolates between the running products of the scales (Optax's
 * `piecewise_interpolate_schedule`). With boundaries b₀ = 0 < b₁ < … and values
 * v₀ = I, vᵢ = vᵢ₋₁·scaleᵢ, on [bᵢ₋₁, bᵢ) with pct = (t − bᵢ₋₁)/max(bᵢ − bᵢ₋₁, 1):
 *
 *   linear: vᵢ₋₁ + (vᵢ − vᵢ₋₁)·pct
 *   cosine: vᵢ + (vᵢ₋₁ − vᵢ)/2 · (cos(π·pct) + 1)
 *
 * and the last value from the last boundary on. Steps before 0 give 0, as in Optax.
 *
 * @example
 * ```ts
 * import { piecewiseInterpolateSchedule } from '@gradkit/optim';
 *
 * const schedule = piecewiseInterpolateSchedule('linear', 1, { 100: 0.5 });
 * schedule(50); // 0.75
 * ```
 */
export function piecewiseInterpolateSchedule(
  interpolateType: InterpolateType,
  initValue: number,
  boundariesAndScales?: Readonly<Record<number, number>>,
): Schedule {
  return piecewiseInterpolate(
    'piecewiseInterpolateSchedule',
    interpolateType,
    initValue,
    boundariesAndScales,
  );
}

/** @internal `piecewiseInterpolateSchedule` with errors naming `name`. */
export function piecewiseInterpolate(
  name: string,
  interpolateType: InterpolateType,
  initValue: number,
  boundariesAndScales: Readonly<Record<number, number>> | undefined,
): Schedule {
  if (interpolateType !== 'linear' && interpolateType !== 'cosine') {
    throw new ValueError(
      name,
      'interpolateType',
      `must be 'linear' or 'cosine', got ${String(interpolateType)}`,
    );
  }
  finite(name, 'initValue', initValue);
  const pairs = boundariesAndScalesOf(name, boundariesAndScales);
  const bounds = [0, ...pairs.map(([boundary]) => boundary)];
  const values = [initValue];
  for (const [, scale] of pairs) values.push(values[values.length - 1]! * scale);
  const interpolate =
    interpolateType === 'linear'
      ? (start: number, end: number, pct: number) => (end - start) * pct + start
      : (start: number, end: number, pct: number) =>
          end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
  return (count) => {
    // Optax sums the interval indicators, so overlapping (repeated) bounds add up; keep that.
    let value = 0;
    for (let i = 1; i < bounds.length; i++) {
      const start = bounds[i - 1]!;
      const end = bounds[i]!;
      if (start <= count && count < end) {
        const pct = (count - start) / Math.max(end - start, 1);
        value += interpolate(values[i - 1]!, values[i]!, pct);
      }
    }
    if (bounds[bounds.length - 1]! <= count) value += values[values.length - 1]!;
    return value;
  };
}
