import type { FloatDType, RandomKey, Tensor } from '@gradkit/tensor';

/** Options every random initializer takes. */
export interface SeedOptions {
  /** A seed or key for reproducible values; without one the global stream (`setSeed`) is used. */
  readonly seed?: number | RandomKey;
}

/**
 * Makes a parameter's first value, as MindSpore's `Initializer`. Layers take one as
 * `weightInit` / `biasInit` (or its name: 'normal', 'heUniform', 'zeros', ...).
 *
 * @example
 * ```ts
 * import { HeUniform } from '@gradkit/train';
 *
 * const w = new HeUniform(Math.sqrt(5), { seed: 0 }).init([16, 8]);
 * ```
 */
export abstract class Initializer {
  /** A new tensor of `shape` and `dtype` (default float32). */
  abstract init(shape: readonly number[], dtype?: FloatDType): Tensor;
}
