import { THREAD_INDEX } from './kernel-source.js';

/**
 * A number as kernel source. Whole numbers get a decimal point so gpu.js types them as
 * floats (its GL backends treat `3` as an integer); non-finite values get spelled out. NaN
 * is computed at run time from the thread index: WGSL rejects a constant expression whose
 * value is NaN (`0.0 / 0.0` fails to compile on webgpu).
 */
export function literal(value: number): string {
  if (Number.isNaN(value)) return `(0.0 / (${THREAD_INDEX} * 0.0))`;
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '(-Infinity)';
  const text = Number.isInteger(value) && Math.abs(value) < 1e21 ? value.toFixed(1) : String(value);
  return value < 0 || Object.is(value, -0) ? `(${Object.is(value, -0) ? '-0.0' : text})` : text;
}
