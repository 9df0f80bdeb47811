// nn.Adam's transform runs @gradkit/optim's shared input checks: float gradients only, and
// the state init returned.
import { DTypeError, tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { nnAdamUpdate } from './nn-adam-update.js';

const make = () => nnAdamUpdate(() => 0.01, { beta1: 0.9, beta2: 0.999, eps: 1e-8 });

describe('nnAdamUpdate input checks', () => {
  it('refuses an int32 gradient, naming its path', () => {
    const transform = make();
    const params = { w: tensor([1, 2]), b: tensor([0]) };
    const state = transform.init(params);
    const grads = { w: tensor([1, 2], undefined, 'int32'), b: tensor([0.5]) };
    expect(() => transform.update(grads, state, params)).toThrow(DTypeError);
    expect(() => transform.update(grads, state, params)).toThrow(
      "nnAdamUpdate: argument 'updates' holds a gradient of dtype int32 at w",
    );
  });

  it('refuses a missing state', () => {
    const transform = make();
    expect(() => transform.update({ w: tensor([0.1]) }, undefined as never)).toThrow(ValueError);
  });
});
