import { ones } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { hasRandomState } from './random-state.js';

describe('random state of cells', () => {
  it('lets a Dropout continue the masks of another', () => {
    const a = new Dropout({ p: 0.5, seed: 3 }).setTrain(true);
    const b = new Dropout({ p: 0.5, seed: 4 }).setTrain(true);
    a(ones([16])).dispose();
    b.setRandomState(a.getRandomState());
    expect(b.getRandomState()).toEqual({ key: [0, 3], draws: 1 });
    expect(b(ones([16])).toArray()).toEqual(a(ones([16])).toArray());
  });

  it('refuses a malformed state before changing anything', () => {
    const drop = new Dropout({ seed: 1 });
    const before = drop.getRandomState();
    expect(() => drop.setRandomState({ key: [0, 2 ** 32], draws: 0 })).toThrow(
      /RandomKey: argument 'data' must be two integers in \[0, 2\^32\)/,
    );
    expect(() => drop.setRandomState({ key: [0, 1], draws: -1 })).toThrow(
      /Dropout\.setRandomState: argument 'draws' must be an integer >= 0, got -1/,
    );
    expect(drop.getRandomState()).toEqual(before);
  });

  it('tells cells with random state from the others', () => {
    expect(hasRandomState(new Dropout())).toBe(true);
    expect(hasRandomState(new Dense(2, 2))).toBe(false);
    expect(hasRandomState(null)).toBe(false);
  });
});
