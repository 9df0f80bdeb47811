import { RandomKey, random } from '@gradkit/tensor';

let globalSeed = 0;
let draws = 0;

/**
 * Sets the seed that initializers and Dropout use when they are given none, as MindSpore's
 * `set_seed`: after `setSeed(n)`, building the same network gives the same weights.
 *
 * @example
 * ```ts
 * import { Dense, setSeed } from '@gradkit/train';
 *
 * setSeed(1);
 * const a = new Dense(3, 2);
 * setSeed(1);
 * const b = new Dense(3, 2); // same weights as a
 * ```
 */
export function setSeed(seed: number): void {
  random.key(seed); // validates
  globalSeed = seed;
  draws = 0;
}

/**
 * The seed set by `setSeed` (0 until then).
 *
 * @example
 * ```ts
 * import { getSeed, setSeed } from '@gradkit/train';
 *
 * setSeed(42);
 * getSeed(); // 42
 * ```
 */
export function getSeed(): number {
  return globalSeed;
}

/** A key from `seed`, or the next key of the global stream when it is undefined. */
export function nextKey(seed: number | RandomKey | undefined): RandomKey {
  if (seed instanceof RandomKey) return seed;
  if (seed !== undefined) return random.key(seed);
  return random.foldIn(random.key(globalSeed), draws++);
}
