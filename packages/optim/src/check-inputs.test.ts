// Bad inputs to transforms fail with clear errors (op, argument, path) before any state
// exists, not with JavaScript internals or silently.
import { DTypeError, tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import * as aliases from './aliases/index.js';
import { chain, namedChain } from './base.js';
import { applyIfFinite, multiSteps, multiTransform } from './combinators/index.js';
import { RowSparse } from './row-sparse.js';
import {
  addDecayedWeights,
  lookahead,
  masked,
  scaleByAdamax,
  scaleByAmsgrad,
  scaleByLearningRate,
} from './transforms/index.js';
import type { GradientTransformation } from './types.js';

const params = () => ({ layer: { weight: tensor([[1, 2]]), bias: tensor([0.5]) } });
const floatGrads = () => ({ layer: { weight: tensor([[0.1, -0.2]]), bias: tensor([0.3]) } });
const intGrads = () => ({
  layer: { weight: tensor([[1, -2]], undefined, 'int32'), bias: tensor([0.3]) },
});

// biome-ignore lint/suspicious/noExplicitAny: any transform.
const every: [string, () => GradientTransformation<any>][] = [
  ['sgd', () => aliases.sgd(0.1, { momentum: 0.9 })],
  ['signSgd', () => aliases.signSgd(0.1)],
  ['noisySgd', () => aliases.noisySgd(0.1)],
  ['adam', () => aliases.adam(0.1)],
  ['adamw', () => aliases.adamw(0.1)],
  ['adamax', () => aliases.adamax(0.1)],
  ['adamaxw', () => aliases.adamaxw(0.1)],
  ['amsgrad', () => aliases.amsgrad(0.1)],
  [
    'AdamW with AMSGrad',
    () =>
      chain(scaleByAmsgrad(), addDecayedWeights({ weightDecay: 0.01 }), scaleByLearningRate(0.1)),
  ],
  ['nadam', () => aliases.nadam(0.1)],
  ['radam', () => aliases.radam(0.1)],
  ['adabelief', () => aliases.adabelief(0.1)],
  ['yogi', () => aliases.yogi(0.1)],
  ['novograd', () => aliases.novograd(0.1)],
  ['lion', () => aliases.lion(0.1)],
  ['lamb', () => aliases.lamb(0.1)],
  ['lars', () => aliases.lars(0.1)],
  ['adagrad', () => aliases.adagrad(0.1)],
  ['adadelta', () => aliases.adadelta(0.1)],
  ['rmsprop', () => aliases.rmsprop(0.1, { centered: true })],
  ['adafactor', () => aliases.adafactor(0.1)],
  ['fromage', () => aliases.fromage(0.1)],
  ['rprop', () => aliases.rprop(0.1)],
];

describe('integer gradients', () => {
  it.each(every)('%s refuses an int32 gradient, naming its path', (_name, make) => {
    const transform = make();
    const p = params();
    const state = transform.init(p);
    let caught: unknown;
    try {
      transform.update(intGrads(), state, p);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DTypeError);
    expect((caught as Error).message).toContain(
      "argument 'updates' holds a gradient of dtype int32 at layer.weight",
    );
    expect((caught as Error).message).toContain('float32 or float64');
    // Float gradients still work with the same state.
    const [updates] = transform.update(floatGrads(), state, p);
    expect((updates as ReturnType<typeof floatGrads>).layer.weight.dtype).toBe('float32');
  });

  it('adamax names its own transform, and checks RowSparse values too', () => {
    const transform = scaleByAdamax();
    const table = {
      table: tensor([
        [1, 2],
        [3, 4],
      ]),
    };
    const state = transform.init(table);
    const sparse = new RowSparse([1], tensor([[1, 1]], undefined, 'int32'), [2, 2]);
    expect(() => transform.update({ table: sparse }, state, table)).toThrow(
      "scaleByAdamax: argument 'updates' holds a gradient of dtype int32 at table",
    );
    expect(() =>
      transform.update(
        {
          table: tensor([
            [true, false],
            [true, true],
          ]),
        },
        state,
      ),
    ).toThrow(/gradient of dtype bool at table/);
  });
});

describe('missing or wrong state', () => {
  it.each(every)('%s: update with undefined state names the state argument', (_name, make) => {
    const transform = make();
    expect(() => transform.update(floatGrads(), undefined, params())).toThrow(ValueError);
    expect(() => transform.update(floatGrads(), undefined, params())).toThrow(/argument 'state'/);
  });

  it('chain says how many states it expects', () => {
    const transform = chain(aliases.sgd(0.1), scaleByLearningRate(1));
    expect(() => transform.update(floatGrads(), [] as never)).toThrow(
      "chain: argument 'state' must be the array of 2 states that init returned, got an array of 0",
    );
    expect(() =>
      namedChain({ a: aliases.sgd(0.1) }).update(floatGrads(), undefined as never),
    ).toThrow("namedChain: argument 'state' must be the state");
  });
});

describe('arguments that are not transforms', () => {
  it('chain names the index of the bad argument', () => {
    expect(() => chain(aliases.sgd(0.1), 42 as never)).toThrow(
      "chain: argument 'transforms[1]' must be a GradientTransformation (an object with init and update functions), got 42",
    );
    expect(() => chain(undefined as never)).toThrow("argument 'transforms[0]'");
    expect(() => chain({ init: () => ({}) } as never)).toThrow("argument 'transforms[0]'");
  });

  it('namedChain, multiTransform and the wrapping combinators name theirs', () => {
    expect(() => namedChain({ lr: 0.1 } as never)).toThrow("namedChain: argument 'transforms.lr'");
    expect(() => multiTransform({ a: aliases.sgd(0.1), b: 'x' } as never, () => 'a')).toThrow(
      "multiTransform: argument 'transforms.b'",
    );
    expect(() => masked(null as never, { w: true })).toThrow("masked: argument 'inner'");
    expect(() => multiSteps(42 as never, 2)).toThrow("multiSteps: argument 'inner'");
    expect(() => applyIfFinite({} as never, 2)).toThrow("applyIfFinite: argument 'inner'");
    expect(() => lookahead(7 as never, 2, 0.5)).toThrow("lookahead: argument 'fastOptimizer'");
  });
});
