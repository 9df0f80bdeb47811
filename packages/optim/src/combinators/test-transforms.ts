// Tiny transforms for the combinator tests, independent of the package's real transforms.
import { add, mul, type Tensor, tree, zerosLike } from '@gradkit/tensor';
import { mapDense, stateless } from '../base.js';
import type { GradientTransformation, Params, Updates } from '../types.js';

/** updates · factor, no state. */
export const scaleBy = (factor: number) =>
  stateless((updates) => mapDense('scaleBy', updates, (u) => mul(u, factor)));

/** Counts its calls; passes updates through. */
export function countCalls(): GradientTransformation<{ readonly calls: number }> {
  return {
    init: () => Object.freeze({ calls: 0 }),
    update: (updates, state) => [updates, Object.freeze({ calls: state.calls + 1 })],
  };
}

/** Momentum: m ← decay·m + g, returns m. State holds a tensor per parameter. */
export function momentum(decay: number): GradientTransformation<{ readonly m: Params }> {
  return {
    init: (params) => Object.freeze({ m: tree.map(zerosLike, params) as Params }),
    update: (updates, state) => {
      const leaves = tree.leaves(state.m) as Tensor[];
      let i = 0;
      const m = mapDense('momentum', updates, (g) => add(mul(leaves[i++]!, decay), g));
      return [m, Object.freeze({ m: m as Params })];
    },
  };
}

export const values = (t: unknown): number[] => Array.from((t as Tensor).dataSync());

/** Every tensor of a tree as plain arrays, to compare trees by value. */
export const snapshot = (value: unknown): unknown =>
  tree.map(
    (leaf: unknown) => (leaf instanceof Object && 'dataSync' in leaf ? values(leaf) : leaf),
    value,
  );

export type { Updates };
