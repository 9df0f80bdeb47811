/**
 * A small seeded generator of host-side numbers uniform in [0, 1) (mulberry32): the same seed
 * gives the same sequence in every process and on every platform, with no tensors and no
 * backend involved. Meant for reproducible test inputs, data orders and benchmark data, not
 * for statistics that need a long period (use `random` and a `RandomKey` for tensors).
 *
 * @example
 * ```ts
 * import { seededUniform } from '@gradkit/tensor';
 *
 * const next = seededUniform(42);
 * const draws = [next(), next(), next()]; // the same three numbers on every run
 * ```
 */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
