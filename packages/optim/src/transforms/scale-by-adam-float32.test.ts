// MindSpore nn.Adam's transforms run the shared input checks: float gradients only, and the
// state that init returned.
import { DTypeError, tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import {
  scaleByAdamFoldedBiasCorrection,
  scaleByAdamWithoutBiasCorrection,
} from './scale-by-adam-float32.js';

const makers = {
  scaleByAdamFoldedBiasCorrection: () =>
    scaleByAdamFoldedBiasCorrection(() => 0.01, { b1: 0.9, b2: 0.999, eps: 1e-8 }),
  scaleByAdamWithoutBiasCorrection: () =>
    scaleByAdamWithoutBiasCorrection({ b1: 0.9, b2: 0.999, eps: 1e-8 }),
};

describe.each(Object.entries(makers))('%s input checks', (name, make) => {
  it('refuses an int32 gradient, naming its path', () => {
    const transform = make();
    const params = { w: tensor([1, 2]), b: tensor([0]) };
    const state = transform.init(params);
    const grads = { w: tensor([1, 2], undefined, 'int32'), b: tensor([0.5]) };
    expect(() => transform.update(grads, state as never, params)).toThrow(DTypeError);
    expect(() => transform.update(grads, state as never, params)).toThrow(
      `${name}: argument 'updates' holds a gradient of dtype int32 at w`,
    );
  });

  it('refuses a missing state', () => {
    const transform = make();
    expect(() => transform.update({ w: tensor([0.1]) }, undefined as never)).toThrow(ValueError);
  });
});
