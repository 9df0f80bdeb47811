// The checks Adam, AdamW, Adamax, NAdam and RAdam share: PyTorch's order (lr, eps, betas,
// weight decay), so the first bad option is the one named, and the values returned as numbers.
import { tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { checkAdamFamily } from './adam-family.js';

const good = { lr: 0.01, betas: [0.8, 0.99], eps: 1e-6, weightDecay: 0.1 };

describe('checkAdamFamily', () => {
  it('returns the four hyperparameters, a tensor learning rate as a number', () => {
    expect(checkAdamFamily('Adam', good)).toEqual({
      lr: 0.01,
      betas: [0.8, 0.99],
      eps: 1e-6,
      weightDecay: 0.1,
    });
    expect(checkAdamFamily('Adam', { ...good, lr: tensor([0.5]) }).lr).toBe(0.5);
  });

  it('keeps only its own four keys', () => {
    const checked = checkAdamFamily('Adam', { ...good, amsgrad: true, params: [] });
    expect(Object.keys(checked).sort()).toEqual(['betas', 'eps', 'lr', 'weightDecay']);
  });

  it("names the first bad option in PyTorch's order, with the class's name", () => {
    const allBad = { lr: -1, eps: -1, betas: [1, 1], weightDecay: -1 };
    const messages: string[] = [];
    for (const fixed of [
      {},
      { lr: 0.1 },
      { lr: 0.1, eps: 0 },
      { lr: 0.1, eps: 0, betas: [0, 0] },
    ]) {
      try {
        checkAdamFamily('NAdam', { ...allBad, ...fixed });
      } catch (error) {
        expect(error).toBeInstanceOf(ValueError);
        messages.push((error as ValueError).message);
      }
    }
    expect(messages).toEqual([
      'NAdam: Invalid learning rate: -1.0',
      'NAdam: Invalid epsilon value: -1.0',
      'NAdam: Invalid beta parameter at index 0: 1.0',
      'NAdam: Invalid weight_decay value: -1.0',
    ]);
  });

  it('refuses a missing option', () => {
    expect(() => checkAdamFamily('Adam', { ...good, betas: undefined })).toThrow(
      "Adam: argument 'betas' must be a pair of numbers, got undefined",
    );
    expect(() => checkAdamFamily('Adam', { ...good, eps: undefined })).toThrow(TypeError);
  });
});
