import { describe, expect, it } from 'vitest';
import { withPrimitiveObserver, withPrimitiveTracer } from '../observer.js';
import { random } from './index.js';

const draws = (key = random.key(1)) => {
  random.uniform(key, [2]);
  random.normal(key, [2]);
  random.bernoulli(key, 0.5, [2]);
  random.randint(key, [2], 0, 4);
  random.truncatedNormal(key, [2]);
  random.permutation(key, 3);
};

describe('random draws tell the recorder', () => {
  it('a tracer hears every sampler, also under an observer that has no onRandom', () => {
    const heard: string[] = [];
    withPrimitiveTracer({ onPrimitive: () => {}, onRandom: (op) => heard.push(op) }, () =>
      withPrimitiveObserver({ onPrimitive: () => {} }, () => draws()),
    );
    expect(heard).toEqual([
      'random.uniform',
      'random.normal',
      'random.bernoulli',
      'random.randint',
      'random.truncatedNormal',
      'random.permutation',
    ]);
  });

  it('deriving keys is no draw, and nothing is heard with no recorder', () => {
    const heard: string[] = [];
    withPrimitiveObserver({ onPrimitive: () => {}, onRandom: (op) => heard.push(op) }, () => {
      random.split(random.foldIn(random.key(0), 3));
    });
    expect(heard).toEqual([]);
    expect(() => draws()).not.toThrow();
  });
});
