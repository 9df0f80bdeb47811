import { valueAndGrad } from '@gradkit/autograd';
import {
  add,
  dispose,
  type ElementwiseExpression as E,
  fusedElementwiseOutputs,
  matmul,
  mean,
  memory,
  mul,
  scalar,
  scope,
  sub,
  type Tensor,
  tanh,
  zerosLike,
} from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { currentBackend } from './testing/current-backend.js';
import { spread } from './testing/inputs.js';

interface Model {
  readonly w1: Tensor;
  readonly b1: Tensor;
  readonly w2: Tensor;
}

function predict(model: Model, x: Tensor): Tensor {
  return matmul(tanh(add(matmul(x, model.w1), model.b1)), model.w2);
}

// Adam over [p, g, m, v, 1 − b1ᵗ, 1 − b2ᵗ] as fused trees: [p', m', v'].
const input = (index: number): E => ({ op: 'input', index });
const constant = (value: number): E => ({ op: 'constant', value });
const times = (a: E, b: E): E => ({ op: 'mul', a, b });
const plus = (a: E, b: E): E => ({ op: 'add', a, b });
const over = (a: E, b: E): E => ({ op: 'div', a, b });
const [P, G, M, V, C1, C2] = [0, 1, 2, 3, 4, 5].map(input) as [E, E, E, E, E, E];
const M1 = plus(times(M, constant(0.9)), times(G, constant(0.1)));
const V1 = plus(times(V, constant(0.999)), times(times(G, G), constant(0.001)));
const P1 = plus(
  P,
  times(over(over(M1, C1), plus({ op: 'sqrt', x: over(V1, C2) }, constant(1e-8))), constant(-0.01)),
);

function loss(model: Model, x: Tensor, y: Tensor): Tensor {
  const error = sub(predict(model, x), y);
  return mean(mul(error, error));
}

function snapshot() {
  const total = memory();
  const own = total.backends.gpujs!;
  return {
    tensors: total.tensors,
    buffers: total.buffers,
    bytes: total.bytes,
    backendBuffers: own.backendBuffers,
    backendBytes: own.backendBytes,
    kernels: currentBackend().compiledKernels(),
  };
}

describe('a 2,000-step training loop', () => {
  it('keeps tensors, buffers and compiled kernels flat while the loss falls', () => {
    const x = spread([16, 4], 1);
    const y = matmul(x, spread([4, 1], 2));
    let model: Model = {
      w1: spread([4, 8], 3, -0.5, 0.5),
      b1: spread([8], 4, -0.1, 0.1),
      w2: spread([8, 1], 5, -0.5, 0.5),
    };
    let moments = {
      m: mapModel(model, (p) => zerosLike(p)),
      v: mapModel(model, (p) => zerosLike(p)),
    };
    const lossAndGrad = valueAndGrad((m: Model) => loss(m, x, y));
    let first = Number.NaN;
    let last = Number.NaN;
    let warm: ReturnType<typeof snapshot> | undefined;
    for (let count = 1; count <= 2000; count++) {
      const next = scope(() => {
        const [value, gradients] = lossAndGrad(model);
        const stepped = mapModel(model, (p, key) => {
          const [p1, m1, v1] = fusedElementwiseOutputs(
            [P1, M1, V1],
            [
              p,
              gradients[key],
              moments.m[key],
              moments.v[key],
              scalar(1 - 0.9 ** count),
              scalar(1 - 0.999 ** count),
            ],
          );
          return { p: p1!, m: m1!, v: v1! };
        });
        return { value: Number(value.item()), stepped };
      });
      dispose([model, moments]);
      model = mapModel(model, (_, key) => next.stepped[key].p);
      moments = {
        m: mapModel(model, (_, key) => next.stepped[key].m),
        v: mapModel(model, (_, key) => next.stepped[key].v),
      };
      if (count === 1) first = next.value;
      last = next.value;
      if (count === 100) warm = snapshot();
    }
    expect(snapshot()).toEqual(warm);
    expect(last).toBeLessThan(first / 10);
    dispose([model, moments, x, y]);
  }, 120_000);
});

function mapModel<T>(
  model: Model,
  fn: (p: Tensor, key: keyof Model) => T,
): { [K in keyof Model]: T } {
  return { w1: fn(model.w1, 'w1'), b1: fn(model.b1, 'b1'), w2: fn(model.w2, 'w2') };
}
