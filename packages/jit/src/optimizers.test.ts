// Compiled and eager optimizer steps agree for every alias of @gradkit/optim.

import type { GradientTransformation, Params } from '@gradkit/optim';
import * as optim from '@gradkit/optim';
import { dispose, scope, type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { jit } from './jit.js';
import { expectTreesClose } from './testing/close.js';
import { TraceError } from './trace-error.js';

// biome-ignore lint/suspicious/noExplicitAny: any transform.
type AnyTransform = GradientTransformation<any>;

// Every alias, with options that reach its less common branches.
const ALIASES: Record<string, () => AnyTransform> = {
  adadelta: () => optim.adadelta(0.1),
  adafactor: () => optim.adafactor(0.1, { momentum: 0.9, weightDecayRate: 0.1 }),
  adagrad: () => optim.adagrad(0.1),
  adam: () => optim.adam(0.1),
  adamw: () => optim.adamw(0.1),
  amsgrad: () => optim.amsgrad(0.1),
  nadam: () => optim.nadam(0.1),
  nadamw: () => optim.nadamw(0.1),
  adamax: () => optim.adamax(0.1),
  adamaxw: () => optim.adamaxw(0.1),
  adabelief: () => optim.adabelief(0.1),
  lamb: () => optim.lamb(0.1),
  lion: () => optim.lion(0.1),
  novograd: () => optim.novograd(0.1, { weightDecay: 0.1 }),
  radam: () => optim.radam(0.1),
  yogi: () => optim.yogi(0.1),
  fromage: () => optim.fromage(0.1),
  lars: () => optim.lars(0.1),
  rprop: () => optim.rprop(0.1),
  adan: () => optim.adan(0.1),
  optimisticAdam: () => optim.optimisticAdam(0.1),
  optimisticGradientDescent: () => optim.optimisticGradientDescent(0.1),
  polyakSgd: () => optim.polyakSgd({ scaling: 0.5 }),
  signum: () => optim.signum(0.1),
  sm3: () => optim.sm3(0.1),
  rmsprop: () => optim.rmsprop(0.1, { centered: true, momentum: 0.9 }),
  noisySgd: () => optim.noisySgd(0.1),
  sgd: () => optim.sgd(0.1, { momentum: 0.9, nesterov: true }),
  signSgd: () => optim.signSgd(0.1),
};

const initial = (): Params => ({
  dense: {
    weight: tensor([
      [1, -2, 0.5],
      [3, 0.5, -1],
    ]),
    bias: tensor([0.1, -0.1, 0.2]),
  },
  scale: tensor([1.5]),
});

const gradientAt = (step: number): Params => ({
  dense: {
    weight: tensor([
      [0.5, -1, 0.25 * step],
      [0.25, 2, -0.5],
    ]),
    bias: tensor([1, -1, 0.1 * step]),
  },
  scale: tensor([0.3 - 0.2 * step]),
});

function run(make: () => AnyTransform, compiled: boolean): Params {
  const optimizer = make();
  const step = (params: Params, state: unknown, grads: Params) => {
    const [updates, next] = optimizer.update(grads, state, params, { value: tensor(2) });
    return [optim.applyUpdates(params, updates), next] as const;
  };
  const stepper = compiled ? jit(step, { onRetrace: () => {} }) : step;
  let params = initial();
  let state: unknown = optimizer.init(params);
  for (let i = 0; i < 4; i++) {
    const replaced = [params, state];
    [params, state] = scope(() => stepper(params, state, gradientAt(i)));
    dispose(replaced);
  }
  dispose(state);
  return params;
}

describe('every optimizer alias: compiled steps agree with eager ones', () => {
  it('the table lists every alias', () => {
    for (const name of Object.keys(ALIASES)) {
      expect(typeof (optim as Record<string, unknown>)[name]).toBe('function');
    }
  });

  // polyakSgd reads its step size (from the loss and the gradient norm) on the host.
  const readsOnHost = new Set(['polyakSgd']);

  it.each(Object.keys(ALIASES).filter((name) => !readsOnHost.has(name)))('%s', (name) => {
    const make = ALIASES[name]!;
    expectTreesClose(run(make, true), run(make, false), 2e-5);
  });

  it('an alias that reads values on the host is refused with a TraceError naming the read', () => {
    expect(() => run(ALIASES.polyakSgd!, true)).toThrow(TraceError);
    expect(() => run(ALIASES.polyakSgd!, true)).toThrow(/^item: cannot read the values/);
  });

  it('a step without a host-side count compiles once and replays', () => {
    const optimizer = optim.sgd(0.1, { momentum: 0.9 });
    let traces = 0;
    const step = jit(
      (params: Params, state: unknown, grads: Params) => {
        const [updates, next] = optimizer.update(grads, state as never, params);
        return [optim.applyUpdates(params, updates), next] as const;
      },
      { onRetrace: () => traces++ },
    );
    let params = initial();
    let state: unknown = optimizer.init(params);
    for (let i = 0; i < 5; i++) [params, state] = step(params, state, gradientAt(i));
    expect(step.traces).toBe(1);
    expect(traces).toBe(0);
    expect((params as { scale: Tensor }).scale.shape).toEqual([1]);
  });
});
