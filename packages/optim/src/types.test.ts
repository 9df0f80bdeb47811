// Type-level checks (run by `tsc` in typecheck, and as no-ops by vitest): the parameter tree
// keeps its type through a training step, and injectHyperparams keeps scheduled keys.
import { type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { adam, sgd } from './aliases/index.js';
import { applyUpdates } from './base.js';
import { injectHyperparams, setHyperparams } from './combinators/index.js';
import { cosineDecaySchedule } from './schedules/index.js';

describe('types of a training step', () => {
  it('applyUpdates returns typeof params, so a loop needs no cast', () => {
    let params = { dense: { weight: tensor([[1, 2]]), bias: tensor([0]) }, scale: [tensor([1])] };
    const optimizer = adam(0.1);
    const state = optimizer.init(params);
    const grads = {
      dense: { weight: tensor([[0.1, 0.2]]), bias: tensor([1]) },
      scale: [tensor([1])],
    };
    const [updates] = optimizer.update(grads, state, params);
    expectTypeOf(updates).toEqualTypeOf<typeof grads>();
    params = applyUpdates(params, updates);
    expectTypeOf(params.dense.weight).toEqualTypeOf<Tensor>();
    expectTypeOf(params.scale).toEqualTypeOf<Tensor[]>();
    expect(params.dense.bias.dataSync()[0]).toBeCloseTo(-0.1, 6);
  });

  it('the aliases built on chain return updates typed like the gradients', () => {
    const params = { w: tensor([1, 2]) };
    const grads = { w: tensor([0.5, 0.5]) };
    const momentum = sgd(0.1, { momentum: 0.9 });
    const [fromSgd] = momentum.update(grads, momentum.init(params), params);
    expectTypeOf(fromSgd.w).toEqualTypeOf<Tensor>();
    const withAdam = adam(0.1);
    const [fromAdam] = withAdam.update(grads, withAdam.init(params), params);
    expectTypeOf(fromAdam.w).toEqualTypeOf<Tensor>();
    expect(fromSgd.w.shape).toEqual([2]);
    expect(fromAdam.w.shape).toEqual([2]);
  });

  it('injectHyperparams keeps a scheduled key in hyperparams, as a number', () => {
    const schedule = cosineDecaySchedule(0.1, 100);
    const optimizer = injectHyperparams((h) => adam(h.learningRate), { learningRate: schedule });
    const params = { w: tensor([1]) };
    const [, state] = optimizer.update({ w: tensor([1]) }, optimizer.init(params), params);
    expectTypeOf(state.hyperparams.learningRate).toEqualTypeOf<number>();
    expect(state.hyperparams.learningRate).toBe(schedule(0));

    const annotated = injectHyperparams(
      ({ learningRate, momentum }: { learningRate: number; momentum: number }) =>
        sgd(learningRate, { momentum }),
      { learningRate: schedule, momentum: 0.9 },
    );
    const annotatedState = annotated.init(params);
    expectTypeOf(annotatedState.hyperparams).toEqualTypeOf<
      Readonly<{ learningRate: number; momentum: number }>
    >();
    const changed = setHyperparams(annotatedState, { momentum: 0.5 });
    expect(changed.hyperparams.momentum).toBe(0.5);
    // @ts-expect-error: not a hyperparameter of this optimizer
    expect(() => setHyperparams(annotatedState, { beta: 1 })).toThrow(/not a numeric/);
  });
});
