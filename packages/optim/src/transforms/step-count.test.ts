import { dispose, scalar, type Tensor, tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import type { GradientTransformation } from '../types.js';
import { updateAndApply } from '../update-and-apply.js';
import { scaleByAdam } from './scale-by-adam.js';
import { scaleByAdamax } from './scale-by-adamax.js';
import { scaleByAmsgrad } from './scale-by-amsgrad.js';
import { advanceCount, initialCount } from './step-count.js';

const valueOf = (t: Tensor) => Number(t.dataSync()[0]);
const values = (u: unknown) => Array.from((u as { w: Tensor }).w.dataSync());

/** Relative error of a float32 result against the float64 value, in float32 ulps (2^-23). */
const ulps = (got: number, exact: number) => Math.abs(got - exact) / Math.abs(exact) / 2 ** -23;

describe('advanceCount', () => {
  it('counts 1, 2, 3 on the device and keeps every integer exact far into a run', () => {
    let count: Tensor = initialCount();
    expect(count.dtype).toBe('float32');
    expect(count.shape).toEqual([]);
    for (let t = 1; t <= 3; t++) {
      count = advanceCount('test', count, [], true).next() as Tensor;
      expect(valueOf(count)).toBe(t);
    }
    const far = advanceCount('test', scalar(2 ** 24 - 1, 'float32'), [], false).next() as Tensor;
    expect(valueOf(far)).toBe(2 ** 24);
    dispose([count, far]);
  });

  it('1 − bᵗ (its root, and at t + 1) within a few float32 ulps of the float64 value', () => {
    const bases = [0.9, 0.99, 0.999, 0.9999];
    for (const previous of [0, 1, 9, 99, 999, 9999, 99_999, 999_999]) {
      const count = scalar(previous, 'float32');
      const specs = bases.flatMap((base) => [{ base }, { base, offset: 1 }, { base, root: true }]);
      const made = advanceCount('test', count, specs, false).corrections(tensor([0]));
      const t = previous + 1;
      specs.forEach((spec, k) => {
        const power = 1 - spec.base ** (t + (spec.offset ?? 0));
        const exact = spec.root === true ? Math.sqrt(power) : power;
        expect(ulps(valueOf(made[k]!), exact)).toBeLessThan(4);
      });
      dispose([count, ...made]);
    }
  });

  it('gives float64 leaves float64 corrections', () => {
    const count = scalar(4, 'float32');
    const [c] = advanceCount('test', count, [{ base: 0.999 }], false).corrections(
      tensor([0], [1], 'float64'),
    );
    expect(c!.dtype).toBe('float64');
    expect(Math.abs(valueOf(c!) - (1 - 0.999 ** 5)) / (1 - 0.999 ** 5)).toBeLessThan(1e-14);
    dispose([count, c!]);
  });

  it('reads a number (a state saved before counts were tensors) and keeps it a number', () => {
    const advanced = advanceCount('test', 41, [{ base: 0.9 }], false);
    expect(advanced.next()).toBe(42);
    expect(valueOf(advanced.corrections(tensor([0]))[0]!)).toBeCloseTo(1 - 0.9 ** 42, 6);
  });

  it('refuses a count that is neither a float32 scalar tensor nor a finite number', () => {
    for (const bad of [Number.NaN, tensor([1, 2]), scalar(1, 'int32'), '3', undefined]) {
      expect(() => advanceCount('scaleByAdam', bad as never, [], false)).toThrow(ValueError);
    }
    expect(() => advanceCount('scaleByAdam', tensor([1, 2]), [], false)).toThrow(
      /scaleByAdam: argument 'state.count' must be a float32 scalar tensor.*shape \[2\]/,
    );
  });
});

describe('the Adam family with a tensor count', () => {
  type Counted = GradientTransformation<{ readonly count: Tensor }>;
  const transforms: Record<string, () => Counted> = {
    scaleByAdam: () => scaleByAdam() as unknown as Counted,
    nesterov: () => scaleByAdam({ nesterov: true }) as unknown as Counted,
    scaleByAdamax: () => scaleByAdamax() as unknown as Counted,
    scaleByAmsgrad: () => scaleByAmsgrad({ variant: 'pytorch' }) as unknown as Counted,
  };

  for (const [name, make] of Object.entries(transforms)) {
    it(`${name}: a state with a numeric count steps as the same state with a tensor count`, () => {
      const transform = make();
      const params = { w: tensor([1, -2, 3]) };
      let state = transform.init(params);
      for (const g of [
        [0.5, -1, 2],
        [1, 0.25, -3],
      ]) {
        [, state] = transform.update({ w: tensor(g) }, state, params);
      }
      const numeric = { ...state, count: valueOf(state.count) as unknown as Tensor };
      const grads = { w: tensor([0.3, 0.2, -0.1]) };
      const [fromTensor, nextFromTensor] = transform.update(grads, state, params);
      const [fromNumber, nextFromNumber] = transform.update(grads, numeric, params);
      expect(values(fromNumber)).toEqual(values(fromTensor));
      expect(valueOf(nextFromTensor.count)).toBe(3);
      expect(nextFromNumber.count as unknown).toBe(3);
    });
  }

  it('a refused count leaves donated moments as they were', () => {
    const transform = scaleByAdam();
    const params = { w: tensor([1, 2]) };
    const state = transform.init(params);
    const broken = { ...state, count: tensor([1, 2]) };
    expect(() =>
      updateAndApply(transform, { w: tensor([0.1, 0.2]) }, broken, params, { donate: true }),
    ).toThrow(/state.count/);
    expect((state.mu as { w: Tensor }).w.isDisposed).toBe(false);
    expect(params.w.isDisposed).toBe(false);
  });
});

describe('combinators over a tensor count', () => {
  it('multiSteps(adam) counts real updates only: its inner count is that of adam on the means', async () => {
    const { adam } = await import('../aliases/adam.js');
    const { multiSteps } = await import('../combinators/multi-steps.js');
    const params = { w: tensor([1, -1]) };
    const accumulated = multiSteps(adam(0.1), 2);
    const plain = adam(0.1);
    let a = accumulated.init(params);
    let b = plain.init(params);
    const pairs = [
      [
        [0.5, 1],
        [1.5, -1],
      ],
      [
        [-2, 0.25],
        [0, 0.75],
      ],
    ];
    for (const [g1, g2] of pairs) {
      [, a] = accumulated.update({ w: tensor(g1!) }, a, params);
      const [u, next] = accumulated.update({ w: tensor(g2!) }, a, params);
      a = next;
      const mean = g1!.map((x, i) => (x + g2![i]!) / 2);
      const [expected, nextPlain] = plain.update({ w: tensor(mean) }, b, params);
      b = nextPlain;
      for (const [i, value] of values(u).entries())
        expect(value).toBeCloseTo(values(expected)[i]!, 6);
    }
    const inner = a.innerState as unknown as readonly [{ count: Tensor }];
    expect(valueOf(inner[0].count)).toBe(2);
  });

  it('injectHyperparams(adam) steps as adam, its inner count a tensor', async () => {
    const { adam } = await import('../aliases/adam.js');
    const { injectHyperparams } = await import('../combinators/inject-hyperparams.js');
    const params = { w: tensor([1, -1]) };
    const injected = injectHyperparams((h) => adam(h.learningRate), { learningRate: 0.05 });
    const plain = adam(0.05);
    let a = injected.init(params);
    let b = plain.init(params);
    for (const g of [
      [0.5, 1],
      [-1, 2],
      [0.1, -0.3],
    ]) {
      const [ua, na] = injected.update({ w: tensor(g) }, a, params);
      const [ub, nb] = plain.update({ w: tensor(g) }, b, params);
      expect(values(ua)).toEqual(values(ub));
      [a, b] = [na, nb];
    }
    const inner = a.innerState as unknown as readonly [{ count: Tensor }];
    expect(valueOf(inner[0].count)).toBe(3);
  });
});
