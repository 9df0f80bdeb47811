// The same compiled steps on @gradkit/backend-gpujs (its `cpu` mode, which runs anywhere):
// its fusedElementwise takes at most 6 inputs and 64 nodes, so long chains split.
import { valueAndGrad } from '@gradkit/autograd';
import { createGpujsBackend } from '@gradkit/backend-gpujs';
import {
  add,
  type Backend,
  matmul,
  mean,
  mul,
  sin,
  sub,
  sum,
  type Tensor,
  tanh,
  tensor,
  withBackend,
} from '@gradkit/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { jit } from './jit.js';
import { expectTreesClose } from './testing/close.js';

let backend: Backend;
beforeAll(async () => {
  backend = await createGpujsBackend({ mode: 'cpu' });
});

describe('on backend-gpujs', () => {
  it('a compiled valueAndGrad agrees with eager', () => {
    withBackend(backend, () => {
      const loss = (p: { w: Tensor; b: Tensor }, x: Tensor, y: Tensor) => {
        const error = sub(tanh(add(matmul(x, p.w), p.b)), y);
        return mean(mul(error, error));
      };
      const f = jit(valueAndGrad(loss));
      const x = tensor([
        [1, 2],
        [3, -4],
        [0.5, 0],
      ]);
      const y = tensor([[0.5], [-0.5], [0]]);
      for (let i = 0; i < 3; i++) {
        const p = { w: tensor([[0.1 * i], [-0.2]]), b: tensor([0.05]) };
        expectTreesClose(f(p, x, y), valueAndGrad(loss)(p, x, y), 1e-5);
      }
      expect(f.traces).toBe(1);
    });
  });

  it('a 100-op chain and its gradient, split to the backend limits, agree with eager', () => {
    withBackend(backend, () => {
      const chain = (x: Tensor) => {
        for (let i = 0; i < 100; i++) {
          x =
            i % 4 === 0
              ? mul(x, 1.01)
              : i % 4 === 1
                ? add(x, 0.01)
                : i % 4 === 2
                  ? tanh(x)
                  : sin(x);
        }
        return sum(x);
      };
      const f = jit(valueAndGrad(chain));
      for (const values of [
        [0.1, 0.2, 0.3, 0.4],
        [-1, 0, 1, 2],
      ]) {
        const x = tensor(values);
        expectTreesClose(f(x), valueAndGrad(chain)(x), 1e-5);
      }
    });
  });
});
