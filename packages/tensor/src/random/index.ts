import { bernoulli } from './bernoulli.js';
import { normal } from './normal.js';
import { permutation } from './permutation.js';
import { randint } from './randint.js';
import { foldIn, key, split } from './random-key.js';
import { truncatedNormal } from './truncated-normal.js';
import { uniform } from './uniform.js';

/**
 * Seeded random sampling with explicit keys, as in JAX: every sampler takes a RandomKey and
 * is a pure function of it, so results are reproducible and independent of call order.
 *
 * @example
 * ```ts
 * import { random } from '@gradkit/tensor';
 *
 * const [initKey, dropoutKey] = random.split(random.key(42));
 * const w = random.normal(initKey, [3, 3], { std: 0.02 });
 * ```
 */
export const random = Object.freeze({
  key,
  split,
  foldIn,
  uniform,
  normal,
  bernoulli,
  permutation,
  randint,
  truncatedNormal,
});

export type { NormalOptions } from './normal.js';
export { RandomKey } from './random-key.js';
export type { TruncatedNormalOptions } from './truncated-normal.js';
export type { UniformOptions } from './uniform.js';
export type { FloatDType } from './validation.js';
