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
