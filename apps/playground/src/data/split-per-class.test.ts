import { describe, expect, it } from 'vitest';
import { PIXELS } from './digit-codec.js';
import { splitPerClass } from './split-per-class.js';

/** Class c's image k has every pixel equal to c + k/100. */
function classes(n: number, per: number): number[][] {
  return Array.from({ length: n }, (_, c) =>
    Array.from({ length: per * PIXELS }, (_, p) => c + Math.floor(p / PIXELS) / 100),
  );
}

describe('splitPerClass', () => {
  it('takes the first images of each class for training and the next for testing, interleaved', () => {
    const { train, test } = splitPerClass(classes(3, 5), 2, 1);
    expect(train.count).toBe(6);
    expect(Array.from(train.labels)).toEqual([0, 1, 2, 0, 1, 2]);
    expect([0, 1, 2, 3, 4, 5].map((i) => train.pixels[i * PIXELS + 17])).toEqual(
      [0, 1, 2, 0.01, 1.01, 2.01].map(Math.fround),
    );
    expect(Array.from(test.labels)).toEqual([0, 1, 2]);
    expect([0, 1, 2].map((i) => test.pixels[i * PIXELS])).toEqual(
      [0.02, 1.02, 2.02].map(Math.fround),
    );
  });

  it('refuses to take more images than a class has', () => {
    expect(() => splitPerClass(classes(2, 3), 3, 1)).toThrow('class 0 has 3 images, 4 wanted');
  });
});
