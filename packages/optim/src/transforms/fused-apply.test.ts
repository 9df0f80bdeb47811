// updateAndApply through a transformation's own one-pass step gives, bit for bit, what
// update followed by applyUpdates gives: on the CPU backend's fused kernels and on a
// backend without `fusedElementwise` (composed ops), through chains ending in identities.
import { type Backend, createCpuBackend, random, type Tensor, withBackend } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { applyUpdates, chain, identity, namedChain } from '../base.js';
import { RowSparse } from '../row-sparse.js';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { updateAndApply } from '../update-and-apply.js';
import { addDecayedWeights } from './add-decayed-weights.js';
import { fusedApplyOf } from './fused-apply.js';
import { scale } from './scale.js';
import { scaleByAdam } from './scale-by-adam.js';
import { scaleByAdamFoldedBiasCorrection } from './scale-by-adam-float32.js';
import { scaleByAdamax } from './scale-by-adamax.js';
import { scaleBySchedule } from './scale-by-schedule.js';

const STEPS = 4;
const ADAM_FLOAT32 = { b1: 0.9, b2: 0.999, eps: 1e-8 };

const backends: [string, () => Backend][] = [
  ['fused CPU kernels', () => createCpuBackend()],
  ['composed ops', () => ({ ...createCpuBackend(), capabilities: {} })],
];

// biome-ignore lint/suspicious/noExplicitAny: any transform.
type AnyTransform = GradientTransformation<any>;

const values = (params: Params) =>
  Object.values(params as Record<string, Tensor>).map((t) => Array.from(t.dataSync()));

/** Parameters after STEPS steps, by update + applyUpdates or by updateAndApply. */
function trajectory(t: AnyTransform, fused: boolean, sparse = false): number[][] {
  const keys = random.split(random.key(5), STEPS + 1);
  let params: Params = {
    a: random.normal(keys[0]!, [4, 3]),
    b: random.normal(random.key(6), [5]),
  };
  let state = t.init(params);
  for (const key of keys.slice(1)) {
    const grads: Updates = {
      a: sparse
        ? new RowSparse([3, 1], random.normal(key, [2, 3]), [4, 3])
        : random.normal(key, [4, 3]),
      b: random.normal(random.split(key, 2)[1]!, [5]),
    };
    if (fused) {
      [params, state] = updateAndApply(t, grads, state, params);
    } else {
      const [updates, next] = t.update(grads, state, params);
      params = applyUpdates(params, updates);
      state = next;
    }
  }
  return values(params);
}

const transforms: [string, () => AnyTransform][] = [
  ['scale', () => scale(-0.01)],
  ['scaleBySchedule', () => scaleBySchedule((count) => -0.01 / (count + 1))],
  ['addDecayedWeights with scale', () => addDecayedWeights({ weightDecay: 0.05, scale: -0.01 })],
  ['scaleByAdamax with scale', () => scaleByAdamax({ scale: -0.01 })],
  ['scaleByAdam with scale (one pass over θ and the moments)', () => scaleByAdam({ scale: -0.01 })],
  [
    'scaleByAdamFoldedBiasCorrection',
    () => scaleByAdamFoldedBiasCorrection((count) => 0.01 / (count + 1), ADAM_FLOAT32),
  ],
  [
    'scaleByAdamFoldedBiasCorrection with nesterov',
    () => scaleByAdamFoldedBiasCorrection(() => 0.01, { ...ADAM_FLOAT32, nesterov: true }),
  ],
  [
    'chain ending in identities',
    () => chain(scaleByAdam(), addDecayedWeights({ weightDecay: 0.1, scale: -0.01 }), identity()),
  ],
  [
    'namedChain ending in an identity',
    () => namedChain({ adamax: scaleByAdamax({ scale: -0.02 }), lr: identity() }),
  ],
];

describe.each(backends)('updateAndApply on %s', (_name, makeBackend) => {
  it.each(transforms)('%s equals update then applyUpdates', (_t, make) => {
    withBackend(makeBackend(), () => {
      const t = make();
      expect(fusedApplyOf(t)).toBeDefined();
      const expected = trajectory(t, false);
      expect(trajectory(t, true)).toEqual(expected);
      // The update is really applied.
      expect(expected).not.toEqual(trajectory(identity(), false));
    });
  });

  it('takes the two steps for RowSparse gradients', () => {
    withBackend(makeBackend(), () => {
      const t = chain(scaleByAdam(), addDecayedWeights({ weightDecay: 0.1, scale: -0.01 }));
      expect(trajectory(t, true, true)).toEqual(trajectory(t, false, true));
    });
  });
});

describe('fused steps of chains', () => {
  it('a chain whose last step has none has none', () => {
    expect(fusedApplyOf(chain(scaleByAdamax(), addDecayedWeights({ mask: () => true })))).toBe(
      undefined,
    );
    expect(fusedApplyOf(chain(identity(), identity()))).toBe(undefined);
  });
});
