import { type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { applyIfFinite, injectHyperparams } from '../combinators/index.js';
import { values } from '../combinators/test-transforms.js';
import { type ReduceOnPlateauState, reduceOnPlateau } from './index.js';

function run(t: ReturnType<typeof reduceOnPlateau>, losses: number[]) {
  let state = t.init({});
  const scales: number[] = [];
  const updates: number[] = [];
  const states: ReduceOnPlateauState[] = [];
  for (const value of losses) {
    const [u, s] = t.update({ w: tensor([2]) }, state, undefined, { value });
    state = s;
    scales.push(s.scale);
    updates.push(values((u as { w: Tensor }).w)[0]!);
    states.push(s);
  }
  return { scales, updates, states };
}

describe('reduceOnPlateau (Optax contrib)', () => {
  it('drops the scale after `patience` evaluations without improvement, then cools down', () => {
    const t = reduceOnPlateau({ factor: 0.5, patience: 2, rtol: 0, atol: 0.01, cooldown: 1 });
    const { scales, updates, states } = run(t, [10, 9, 9, 9, 9, 9, 9, 8]);
    expect(scales).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25]);
    expect(updates).toEqual(scales.map((s) => 2 * s));
    expect(states.map((s) => s.plateauCount)).toEqual([0, 0, 1, 0, 0, 1, 0, 0]);
    expect(states.map((s) => s.cooldownCount)).toEqual([0, 0, 0, 1, 0, 0, 1, 0]);
    expect(states.map((s) => s.bestValue)).toEqual([10, 9, 9, 9, 9, 9, 9, 8]);
  });

  it('uses rtol: improvement must beat (1 − rtol)·best − atol', () => {
    const t = reduceOnPlateau({ factor: 0.5, patience: 1, rtol: 0.1, atol: 0 });
    // 95 is not below 0.9·100 = 90: a plateau; 80 is an improvement.
    expect(run(t, [100, 95, 80]).scales).toEqual([1, 0.5, 0.5]);
  });

  it('averages `accumulationSize` losses per evaluation and stops at minScale', () => {
    const t = reduceOnPlateau({ accumulationSize: 2 });
    const { states } = run(t, [4, 2]);
    expect(states[0]).toMatchObject({ count: 1, avgValue: 4, bestValue: Number.POSITIVE_INFINITY });
    expect(states[1]).toMatchObject({ count: 0, avgValue: 0, bestValue: 3 });
    const floor = reduceOnPlateau({ factor: 0.5, patience: 1, minScale: 0.3 });
    expect(run(floor, [5, 5, 5, 5]).scales).toEqual([1, 0.5, 0.3, 0.3]);
  });

  it('needs the loss and validates its options', () => {
    const t = reduceOnPlateau();
    expect(() => t.update({ w: tensor([1]) }, t.init({}))).toThrow(
      /reduceOnPlateau: argument 'value'/,
    );
    expect(() => reduceOnPlateau({ factor: 1 })).toThrow(/argument 'factor'/);
    expect(() => reduceOnPlateau({ rtol: 0, atol: 0 })).toThrow(/argument 'rtol'/);
    expect(() => reduceOnPlateau({ rtol: 2 })).toThrow(/argument 'rtol'/);
    expect(() => reduceOnPlateau({ accumulationSize: 0 })).toThrow(/argument 'accumulationSize'/);
    expect(() => reduceOnPlateau({ atol: -1 })).toThrow(/argument 'atol'/);
  });

  it('gets the loss through the combinators that wrap it', () => {
    const t = applyIfFinite(
      injectHyperparams(
        ({ factor }: { factor: number }) => reduceOnPlateau({ factor, patience: 0 }),
        { factor: 0.5 },
      ),
      0,
    );
    const [, s] = t.update({ w: tensor([1]) }, t.init({}), undefined, { value: 7 });
    expect((s.innerState.innerState as ReduceOnPlateauState).bestValue).toBe(7);
  });

  it('accepts the loss as a scalar tensor', () => {
    const t = reduceOnPlateau();
    const [, s] = t.update({ w: tensor([1]) }, t.init({}), undefined, { value: tensor(3) });
    expect(s.bestValue).toBe(3);
  });
});
