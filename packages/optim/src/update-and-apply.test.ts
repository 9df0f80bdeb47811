import { DisposedError, memory, scope, type Tensor, tensor } from '@gradkit/tensor';
import { assertTensorClose } from '@gradkit/tensor/testing';
import { describe, expect, it } from 'vitest';
import { adam } from './aliases/adam.js';
import { sgd } from './aliases/sgd.js';
import { applyUpdates } from './base.js';
import { RowSparse } from './row-sparse.js';
import type { GradientTransformation, Params } from './types.js';
import { updateAndApply } from './update-and-apply.js';

const initial = () => ({
  w: tensor([
    [0.5, -1],
    [2, 0.25],
  ]),
  b: tensor([0.1, -0.2]),
});
const gradients = (step: number) => ({
  w: tensor([
    [0.1 * step, -0.3],
    [0.02, 0],
  ]),
  b: tensor([-0.5, 0.05 * step]),
});

const read = (params: Params) => {
  const p = params as { w: Tensor; b: Tensor };
  return [Array.from(p.w.dataSync()), Array.from(p.b.dataSync())];
};

/** Steps with `update` then `applyUpdates`, undonated: the reference trajectory. */
function twoSteps<S>(optimizer: GradientTransformation<S>, steps: number) {
  let params: Params = initial();
  let state = optimizer.init(params);
  for (let step = 1; step <= steps; step++) {
    const grads = gradients(step);
    [params, state] = scope(() => {
      const [updates, next] = optimizer.update(grads, state, params);
      return [applyUpdates(params, updates), next] as const;
    });
  }
  return read(params);
}

describe('updateAndApply', () => {
  for (const [name, make] of [
    ['adam (one fused pass)', () => adam(0.01)],
    ['adam with a schedule (two steps)', () => adam((count: number) => 0.01 / (1 + count))],
    ['sgd with momentum (two steps)', () => sgd(0.1, { momentum: 0.9 })],
  ] as const) {
    it(`${name}: the trajectory of update + applyUpdates, donated or not`, () => {
      for (const donate of [false, true]) {
        const optimizer = make() as GradientTransformation<unknown>;
        let params: Params = initial();
        let state = optimizer.init(params);
        for (let step = 1; step <= 3; step++) {
          const before = { params, state };
          [params, state] = updateAndApply(optimizer, gradients(step), state, params, { donate });
          const old = (before.params as { w: Tensor }).w;
          expect(old.isDisposed).toBe(donate);
        }
        const expected = twoSteps(make() as GradientTransformation<unknown>, 3);
        const actual = read(params);
        assertTensorClose(tensor(actual[0]!), expected[0]!);
        assertTensorClose(tensor(actual[1]!), expected[1]!);
      }
    });
  }

  it('adam in place allocates nothing per step and names the donation in errors', () => {
    const optimizer = adam(0.01);
    let params = initial();
    let state = optimizer.init(params);
    const grads = gradients(1);
    [params, state] = updateAndApply(optimizer, grads, state, params, { donate: true });
    const buffers = memory().buffers;
    const old = params.w;
    [params, state] = updateAndApply(optimizer, grads, state, params, { donate: true });
    expect(memory().buffers).toBe(buffers);
    expect(() => old.dataSync()).toThrow(DisposedError);
    expect(() => old.dataSync()).toThrow('was donated to fusedElementwiseOutputs() and disposed');
  });

  it('without donation leaves params and state as they were', () => {
    const optimizer = adam(0.01);
    const params = initial();
    const state = optimizer.init(params);
    const [next] = updateAndApply(optimizer, gradients(1), state, params);
    expect(read(params)).toEqual(read(initial()));
    expect(Array.from((state[0].mu as { w: Tensor }).w.dataSync())).toEqual([0, 0, 0, 0]);
    expect(read(next)).not.toEqual(read(params));
  });

  it('takes the two steps for a RowSparse gradient, with the same values', () => {
    const optimizer = adam(0.01);
    const sparse = () => ({
      w: new RowSparse([1], tensor([[0.1, -0.3]]), [2, 2]),
      b: tensor([-0.5, 0.05]),
    });
    const params = initial();
    const [next] = updateAndApply(optimizer, sparse(), optimizer.init(params), params, {
      donate: true,
    });
    const reference = initial();
    const [updates] = optimizer.update(sparse(), optimizer.init(reference), reference);
    const expected = read(applyUpdates(reference, updates));
    assertTensorClose(tensor(read(next)[0]!), expected[0]!);
    assertTensorClose(tensor(read(next)[1]!), expected[1]!);
  });
});

describe('applyUpdates with donation', () => {
  it('writes into the parameters and disposes the old ones', () => {
    const params = initial();
    const next = applyUpdates(params, gradients(1), { donate: true }) as typeof params;
    assertTensorClose(next.b, [-0.4, -0.15]);
    expect(params.b.isDisposed).toBe(true);
    expect(() => params.b.dataSync()).toThrow('was donated to add() and disposed');
  });
});
