import { type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { chain } from '../base.js';
import { scale } from './scale.js';
import { scaleByAdam } from './scale-by-adam.js';

const w = (u: unknown) => Array.from((u as { w: Tensor }).w.dataSync());

describe('scaleByAdam scale', () => {
  it('multiplies the update in the same pass: the same as a scale after it', () => {
    const folded = scaleByAdam({ scale: -0.1 });
    const separate = chain(scaleByAdam(), scale(-0.1));
    const params = { w: tensor([1, 2, 3]) };
    let [a, b] = [folded.init(params), separate.init(params)];
    for (const g of [
      [0.5, -2, 1],
      [1, 0.25, -3],
    ]) {
      const [ua, sa] = folded.update({ w: tensor(g) }, a);
      const [ub, sb] = separate.update({ w: tensor(g) }, b);
      for (const [i, value] of w(ua).entries()) expect(value).toBeCloseTo(w(ub)[i]!, 6);
      [a, b] = [sa, sb];
    }
  });

  it('refuses a non-finite scale', () => {
    expect(() => scaleByAdam({ scale: Number.NaN })).toThrow(/scaleByAdam: argument 'scale'/);
  });
});

describe('scaleByAdam amsgrad', () => {
  it('is scaleByAmsgrad: the maximum over v-hat (documented) or raw v (PyTorch code)', async () => {
    const { scaleByAmsgrad } = await import('./scale-by-amsgrad.js');
    for (const [amsgrad, variant] of [
      ['vHat', 'documented'],
      ['rawV', 'pytorch'],
    ] as const) {
      const option = scaleByAdam({ amsgrad });
      const direct = scaleByAmsgrad({ variant });
      const params = { w: tensor([1, 2]) };
      let [a, b] = [option.init(params), direct.init(params)];
      for (const g of [
        [3, -1],
        [0.1, 0.2],
        [-0.5, 0.05],
      ]) {
        const [ua, sa] = option.update({ w: tensor(g) }, a);
        const [ub, sb] = direct.update({ w: tensor(g) }, b);
        expect(w(ua)).toEqual(w(ub));
        [a, b] = [sa, sb];
      }
      expect(Object.keys(a)).toEqual(['count', 'mu', 'nu', 'nuMax']);
    }
  });

  it('the two variants differ once v falls below its maximum', () => {
    const run = (amsgrad: 'vHat' | 'rawV') => {
      const t = scaleByAdam({ amsgrad });
      let state = t.init({ w: tensor([0]) });
      let last: number[] = [];
      for (const g of [[3], [0.1], [0.1]]) {
        const [u, s] = t.update({ w: tensor(g) }, state);
        last = w(u);
        state = s;
      }
      return last[0]!;
    };
    expect(run('vHat')).not.toBeCloseTo(run('rawV'), 3);
  });

  it('refuses an unknown variant and amsgrad with nesterov', () => {
    expect(() => scaleByAdam({ amsgrad: 'max' as never })).toThrow(/'vHat' or 'rawV'/);
    expect(() => scaleByAdam({ amsgrad: 'vHat', nesterov: true })).toThrow(TypeError);
  });
});

describe('scaleByAdam decoupledWeightDecay', () => {
  const paramsAt = () => ({ w: tensor([1, -2, 3, 0.5]) });
  const gradients = [
    [0.5, -2, 1, 0],
    [1, 0.25, -3, 2],
    [-0.1, 0.3, 0.2, -1],
  ];

  it("is Adam followed by addDecayedWeights, the same bits, in updateAndApply's one pass too", async () => {
    const { addDecayedWeights } = await import('./add-decayed-weights.js');
    const { updateAndApply } = await import('../update-and-apply.js');
    const folded = scaleByAdam({ decoupledWeightDecay: 0.01, scale: -0.1 });
    const separate = chain(scaleByAdam(), addDecayedWeights({ weightDecay: 0.01, scale: -0.1 }));
    let [p, q] = [paramsAt(), paramsAt()];
    let [a, b] = [folded.init(p), separate.init(q)];
    for (const g of gradients) {
      const [ua] = folded.update({ w: tensor(g) }, a, p);
      const [ub] = separate.update({ w: tensor(g) }, b, q);
      expect(w(ua)).toEqual(w(ub));
      const [pa, sa] = updateAndApply(folded, { w: tensor(g) }, a, p);
      const [pb, sb] = updateAndApply(separate, { w: tensor(g) }, b, q);
      expect(w(pa)).toEqual(w(pb));
      [p, q, a, b] = [pa, pb, sa, sb];
    }
  });

  it('needs params and refuses a negative decay or one with amsgrad', () => {
    const t = scaleByAdam({ decoupledWeightDecay: 0.1 });
    expect(() => t.update({ w: tensor([1]) }, t.init({ w: tensor([1]) }))).toThrow(
      /scaleByAdam: argument 'params' must be passed/,
    );
    expect(() => scaleByAdam({ decoupledWeightDecay: -1 })).toThrow(
      /scaleByAdam: argument 'decoupledWeightDecay'/,
    );
    expect(() => scaleByAdam({ amsgrad: 'vHat', decoupledWeightDecay: 0.1 })).toThrow(TypeError);
  });
});
