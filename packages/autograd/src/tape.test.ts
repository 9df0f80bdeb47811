import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { add, memory, mul, scope, sin, sum, type Tensor, tensor } from '@gradkit/tensor';
import { assertTensorClose } from '@gradkit/tensor/testing';
import { describe, expect, it } from 'vitest';
import { grad } from './value-and-grad.js';
import { vjp } from './vjp.js';

function obtainGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the tape keeps what the backward pass needs', () => {
  it('frees the tensors a dropped vjp pullback kept once the pullback is collected', async () => {
    const gc = obtainGc();
    for (let i = 0; i < 3; i++) {
      gc();
      await tick(5);
    }
    const x = tensor([0.5, 1, 2]);
    const f = (v: Tensor) => sin(mul(v, v));
    // A first call, disposed, so that what a backend sets up on first use is not counted.
    const [first, firstPullback] = vjp(f, x);
    first.dispose();
    firstPullback.dispose();
    const before = memory().tensors;
    (() => {
      const [y] = vjp(f, x);
      y.dispose();
    })();
    // The pullback is gone but not yet collected: the tape still holds x·x and its inputs.
    expect(memory().tensors).toBeGreaterThan(before);
    for (let attempt = 0; attempt < 50 && memory().tensors !== before; attempt++) {
      gc();
      await tick(attempt < 10 ? 0 : 10);
    }
    expect(memory().tensors).toBe(before);
    x.dispose();
  });

  it('keeps intermediates f itself disposed, and frees them after the call', () => {
    const x = tensor([0.5, 1, 2]);
    const before = memory().tensors;
    // scope inside f frees x·x before the backward pass runs; sin's rule still reads it.
    const f = (v: Tensor) => sum(scope(() => sin(mul(v, v))));
    const g = grad(f)(x) as Tensor;
    assertTensorClose(
      g,
      [0.5, 1, 2].map((v) => Math.cos(v * v) * 2 * v),
    );
    g.dispose();
    expect(memory().tensors).toBe(before);
    x.dispose();
  });

  it('gives each input of add its own gradient tensor when the rule passes the cotangent on', () => {
    // add's rule returns the cotangent itself for both inputs: freeing one must not free the other.
    const f = (a: Tensor, b: Tensor) => sum(mul(add(a, b), add(a, b)));
    const [ga, gb] = grad(f, { argnums: [0, 1] })(tensor([1, 2]), tensor([3, 5])) as Tensor[];
    assertTensorClose(ga!, [8, 14]);
    assertTensorClose(gb!, [8, 14]);
  });
});
