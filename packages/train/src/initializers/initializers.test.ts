import { random } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Dense } from '../layers/dense.js';
import { One, Zero } from './constant.js';
import { calculateGain, fans } from './fans.js';
import { HeNormal, HeUniform } from './he.js';
import { Normal } from './normal.js';
import { initialize } from './resolve.js';
import { setSeed } from './seed.js';
import { Uniform } from './uniform.js';
import { XavierUniform } from './xavier-uniform.js';

function stats(values: ArrayLike<number>) {
  const list = Array.from(values);
  const mean = list.reduce((a, b) => a + b, 0) / list.length;
  const variance = list.reduce((a, b) => a + (b - mean) ** 2, 0) / list.length;
  const min = list.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
  const max = list.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  return { mean, std: Math.sqrt(variance), min, max };
}

describe('initializers (MindSpore formulas)', () => {
  const shape = [200, 100, 3, 3]; // fan_in 900, fan_out 1800, 180,000 values

  it('fans and gains', () => {
    expect(fans('t', shape)).toEqual({ fanIn: 900, fanOut: 1800 });
    expect(fans('t', [7])).toEqual({ fanIn: 7, fanOut: 7 });
    expect(calculateGain('leaky_relu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 12);
    expect(calculateGain('relu')).toBe(Math.SQRT2);
    expect(calculateGain('tanh')).toBeCloseTo(5 / 3, 12);
  });

  it('Normal(sigma, mean)', () => {
    const s = stats(new Normal(0.02, 0.5, { seed: 1 }).init(shape).dataSync());
    expect(s.mean).toBeCloseTo(0.5, 3);
    expect(s.std).toBeCloseTo(0.02, 3);
  });

  it('Uniform(scale): U(-scale, scale)', () => {
    const s = stats(new Uniform(0.07, { seed: 2 }).init(shape).dataSync());
    expect(s.min).toBeGreaterThanOrEqual(-0.07);
    expect(s.max).toBeLessThan(0.07);
    expect(s.std).toBeCloseTo(0.07 / Math.sqrt(3), 3);
  });

  it('HeUniform: bound gain·√(3/fan_in); fan_out mode', () => {
    const bound = Math.sqrt(2) * Math.sqrt(3 / 900);
    const s = stats(new HeUniform(0, { seed: 3 }).init(shape).dataSync());
    expect(s.max).toBeLessThan(bound);
    expect(s.max).toBeGreaterThan(bound * 0.999);
    expect(s.std).toBeCloseTo(bound / Math.sqrt(3), 4);
    const out = stats(new HeUniform(0, { mode: 'fan_out', seed: 3 }).init(shape).dataSync());
    expect(out.std).toBeCloseTo(Math.sqrt(2 / 1800), 4);
  });

  it('HeNormal: std gain/√fan_in', () => {
    const s = stats(new HeNormal(0, { nonlinearity: 'relu', seed: 4 }).init(shape).dataSync());
    expect(s.mean).toBeCloseTo(0, 3);
    expect(s.std / Math.sqrt(2 / 900)).toBeCloseTo(1, 2);
  });

  it('XavierUniform: bound gain·√(6/(fan_in+fan_out))', () => {
    const bound = 2 * Math.sqrt(6 / 2700);
    const s = stats(new XavierUniform(2, { seed: 5 }).init(shape).dataSync());
    expect(s.max).toBeLessThan(bound);
    expect(s.std / (bound / Math.sqrt(3))).toBeCloseTo(1, 2);
  });

  it('Zero, One, names and tensors', () => {
    expect(new Zero().init([2]).toArray()).toEqual([0, 0]);
    expect(new One().init([2]).toArray()).toEqual([1, 1]);
    expect(initialize('ones', [1]).toArray()).toEqual([1]);
    expect(initialize('he_uniform', [3, 4]).shape).toEqual([3, 4]);
    expect(() => initialize('glorot' as never, [2])).toThrow(/must be an Initializer/);
    expect(() => initialize(new One().init([3]), [2])).toThrow(/expected \[2\]/);
  });

  it('are reproducible from a seed, a key or setSeed', () => {
    const a = new Normal(1, 0, { seed: 9 }).init([5]).toArray();
    expect(new Normal(1, 0, { seed: 9 }).init([5]).toArray()).toEqual(a);
    expect(new Normal(1, 0, { seed: random.key(9) }).init([5]).toArray()).toEqual(a);
    setSeed(3);
    const first = new Dense(4, 2).weight.value.toArray();
    setSeed(3);
    expect(new Dense(4, 2).weight.value.toArray()).toEqual(first);
    expect(new Dense(4, 2).weight.value.toArray()).not.toEqual(first);
  });

  it("Dense's defaults are PyTorch's: HeUniform(√5) weight, Uniform(1/√in) bias", () => {
    const dense = new Dense(900, 400);
    const w = stats(dense.weight.value.dataSync());
    expect(w.max).toBeLessThan(1 / 30);
    expect(w.std).toBeCloseTo(1 / 30 / Math.sqrt(3), 3);
    expect(stats(dense.bias!.value.dataSync()).max).toBeLessThan(1 / 30);
  });
});
