import { ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { checkOptionKeys, resolveOptions, toCamelCase } from './check-option-keys.js';

describe('checkOptionKeys', () => {
  const known = ['lr', 'weightDecay', 'lossFn', 'lazyUpdate', 'learningRate'];

  it.each([
    ['weight_decay', 'weightDecay'],
    ['learning_rate', 'learningRate'],
    ['lazy_update', 'lazyUpdate'],
    ['loss_fn', 'lossFn'],
    ['lrr', 'lr'],
    ['WeightDecay', 'weightDecay'],
  ])('refuses %s, naming %s', (key, meant) => {
    let caught: unknown;
    try {
      checkOptionKeys('Adam', { [key]: 0.1 }, known);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValueError);
    expect((caught as ValueError).argument).toBe(key);
    expect((caught as Error).message).toBe(
      `Adam: argument '${key}' is not a known option; did you mean '${meant}'?`,
    );
  });

  it('lists the known keys when nothing is close, and accepts known ones', () => {
    expect(() => checkOptionKeys('Adam', { momentum: 1 }, ['lr', 'eps'])).toThrow(
      "Adam: argument 'momentum' is not a known option; expected one of 'lr', 'eps'",
    );
    expect(() => checkOptionKeys('Adam', { lr: 1, eps: undefined }, ['lr', 'eps'])).not.toThrow();
  });

  it('converts snake_case to camelCase', () => {
    expect(toCamelCase('max_exp_avg_sq')).toBe('maxExpAvgSq');
    expect(toCamelCase('lr')).toBe('lr');
  });
});

describe('resolveOptions', () => {
  const defaults = { lr: 1e-3, eps: 1e-8 };

  it('takes a number as the learning rate, an object over the defaults', () => {
    expect(resolveOptions('Adam', 0.1, defaults)).toEqual({ lr: 0.1, eps: 1e-8 });
    expect(resolveOptions('Adam', undefined, defaults)).toEqual(defaults);
    expect(resolveOptions('Adam', { eps: 1e-6 }, defaults)).toEqual({ lr: 1e-3, eps: 1e-6 });
    expect(resolveOptions('mx.Adam', 0.5, { learningRate: 1e-3 }, 'learningRate')).toEqual({
      learningRate: 0.5,
    });
  });

  it('refuses other types and unknown keys', () => {
    expect(() => resolveOptions('Adam', 'fast', defaults)).toThrow(TypeError);
    expect(() => resolveOptions('Adam', [0.1], defaults)).toThrow(/an array/);
    expect(() => resolveOptions('Adam', { epsilon: 1 }, defaults)).toThrow(
      /argument 'epsilon' is not a known option; did you mean 'eps'/,
    );
  });
});
