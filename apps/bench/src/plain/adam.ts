import { ADAM } from '../cases.js';

/** Adam's moments for one parameter array. */
export interface AdamSlot {
  readonly m: Float32Array;
  readonly v: Float32Array;
}

export const adamSlot = (size: number): AdamSlot => ({
  m: new Float32Array(size),
  v: new Float32Array(size),
});

/** One Adam step (Optax's formula, epsRoot 0) in place, one pass over the four arrays. */
export function adamInPlace(params: Float32Array, grads: Float32Array, s: AdamSlot, t: number) {
  const { learningRate, b1, b2, eps } = ADAM;
  const c1 = 1 - b1 ** t;
  const c2 = 1 - b2 ** t;
  const { m, v } = s;
  for (let i = 0; i < params.length; i++) {
    const g = grads[i]!;
    const mi = b1 * m[i]! + (1 - b1) * g;
    const vi = b2 * v[i]! + (1 - b2) * g * g;
    m[i] = mi;
    v[i] = vi;
    params[i] = params[i]! - (learningRate * (mi / c1)) / (Math.sqrt(vi / c2) + eps);
  }
}
