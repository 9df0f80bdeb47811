// A `scale` folded into a transform's own pass gives, bit for bit, what the same transform
// followed by a separate `scale` gives: on the CPU backend's fused kernels and on a backend
// without `fusedElementwise` (composed ops).
import { type Backend, createCpuBackend, random, type Tensor, withBackend } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { chain } from '../base.js';
import { RowSparse } from '../row-sparse.js';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { addDecayedWeights } from './add-decayed-weights.js';
import { scale } from './scale.js';
import { scaleByAdamax } from './scale-by-adamax.js';

const STEPS = 4;
const FACTOR = -3e-3;

const backends: [string, () => Backend][] = [
  ['fused CPU kernels', () => createCpuBackend()],
  ['composed ops', () => ({ ...createCpuBackend(), capabilities: {} })],
];

function leafOf(updates: Updates): Tensor | RowSparse {
  return (updates as unknown as { w: Tensor | RowSparse }).w;
}

function valuesOf(leaf: Tensor | RowSparse): number[] {
  return Array.from((leaf instanceof RowSparse ? leaf.values : leaf).dataSync());
}

/** The updates of `t` over a random gradient sequence (parameters fixed). */
// biome-ignore lint/suspicious/noExplicitAny: any transform.
function updatesOf(t: GradientTransformation<any>, sparse: boolean): number[][] {
  const keys = random.split(random.key(11), STEPS + 1);
  const params: Params = { w: random.normal(keys[0]!, [4, 3]) };
  let state = t.init(params);
  return keys.slice(1).map((key) => {
    const dense = random.normal(key, [4, 3]);
    const g = sparse ? new RowSparse([2, 0, 2], random.normal(key, [3, 3]), [4, 3]) : dense;
    const [u, s] = t.update({ w: g }, state, params);
    state = s;
    return valuesOf(leafOf(u));
  });
}

describe.each(backends)('a folded scale on %s', (_name, makeBackend) => {
  it.each([
    ['scaleByAdamax', false, () => scaleByAdamax({ scale: FACTOR }), () => scaleByAdamax()],
    [
      'addDecayedWeights',
      false,
      () => addDecayedWeights({ weightDecay: 0.05, scale: FACTOR }),
      () => addDecayedWeights({ weightDecay: 0.05 }),
    ],
    [
      'addDecayedWeights, RowSparse',
      true,
      () => addDecayedWeights({ weightDecay: 0.05, scale: FACTOR }),
      () => addDecayedWeights({ weightDecay: 0.05 }),
    ],
    [
      'addDecayedWeights without decay',
      false,
      () => addDecayedWeights({ scale: FACTOR }),
      () => addDecayedWeights(),
    ],
  ] as const)('%s equals the transform then scale()', (_t, sparse, folded, plain) => {
    withBackend(makeBackend(), () => {
      const expected = updatesOf(chain(plain(), scale(FACTOR)), sparse);
      const actual = updatesOf(folded(), sparse);
      expect(actual).toEqual(expected);
      // The factor is really applied: the unscaled updates differ.
      expect(updatesOf(plain(), sparse)).not.toEqual(expected);
    });
  });
});

describe('folded scale arguments', () => {
  it('refuses a scale that is not finite', () => {
    expect(() => scaleByAdamax({ scale: Number.NaN })).toThrow(
      "scaleByAdamax: argument 'scale' must be a finite number, got NaN",
    );
    expect(() => addDecayedWeights({ weightDecay: 0.1, scale: Number.POSITIVE_INFINITY })).toThrow(
      "addDecayedWeights: argument 'scale' must be a finite number, got Infinity",
    );
  });

  it('refuses scale together with mask', () => {
    expect(() => addDecayedWeights({ weightDecay: 0.1, scale: -0.1, mask: () => true })).toThrow(
      "addDecayedWeights: 'scale' does not combine with 'mask'",
    );
  });
});
