// Compiled gradients against PyTorch 1.13: the fixtures and functions of @gradkit/autograd's
// eager tests (packages/autograd/src/testing/pytorch-gradient-cases.ts), each function traced,
// then replayed, in float32 (where chains fuse) and float64 (where they do not).

import { grad, hvp, valueAndGrad } from '@gradkit/autograd';
import { type Tensor, tensor } from '@gradkit/tensor';
import { assertTensorClose } from '@gradkit/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  fixtures,
  GRADIENT_CASES,
  type GradientFixture,
  higherOrderDerivatives,
  hvpFunction,
  type Nested,
} from '../../autograd/src/testing/pytorch-gradient-cases.js';
import { jit } from './jit.js';

const TOLERANCE = {
  float32: { rtol: 1e-3, atol: 1e-4 },
  float64: { rtol: 1e-9, atol: 1e-11 },
} as const;

describe.each(['float32', 'float64'] as const)('compiled gradients match PyTorch (%s)', (dtype) => {
  const t = (values: Nested): Tensor => tensor(values as number[], undefined, dtype);
  const tolerance = TOLERANCE[dtype];

  function expectMatches(fixture: GradientFixture, f: (...args: Tensor[]) => Tensor): void {
    const args = fixture.inputs.map(t);
    const compiled = jit(valueAndGrad(f, { argnums: args.map((_, i) => i) }));
    for (let call = 0; call < 2; call++) {
      const [value, grads] = compiled(...args);
      assertTensorClose(value, [fixture.value], tolerance);
      grads.forEach((g, i) => {
        assertTensorClose(g, fixture.grads[i] as number[], tolerance);
      });
    }
    expect(compiled.traces).toBe(1);
  }

  it.each(GRADIENT_CASES)('$title', ({ build }) => {
    const { fixture, f } = build(t, dtype);
    expectMatches(fixture, f);
  });

  it('first, second and third derivatives of a scalar function', () => {
    const fixture = fixtures.higherOrder as unknown as Record<string, Nested>;
    const [first, second, third] = higherOrderDerivatives(grad);
    const x = t((fixture.inputs as Nested[])[0]!);
    const compiled = jit((v: Tensor) => [first(v), second(v), third(v)] as const);
    for (let call = 0; call < 2; call++) {
      const [d1, d2, d3] = compiled(x);
      assertTensorClose(d1, fixture.first as number[], tolerance);
      assertTensorClose(d2, fixture.second as number[], tolerance);
      assertTensorClose(d3, fixture.third as number[], tolerance);
    }
  });

  it('hvp matches torch.autograd.functional.hvp', () => {
    const fixture = fixtures.hvp as unknown as Record<string, Nested>;
    const f = hvpFunction(t(fixture.matrix!));
    const compiled = jit((x: Tensor, v: Tensor) => hvp(f, x, v));
    for (let call = 0; call < 2; call++) {
      assertTensorClose(compiled(t(fixture.x!), t(fixture.v!)), fixture.hvp as number[], tolerance);
    }
  });
});
