// Gradients of composed functions against PyTorch 1.13 (fixtures/pytorch-gradients.json,
// written by scripts/generate_fixtures.py with Debian's python3-torch), all in float64.
// On float32-only backends the same functions run in float32, at float32 tolerances.
import type { Tensor } from '@gradkit/tensor';
import { assertTensorClose, closeMismatch } from '@gradkit/tensor/testing';
import { describe, expect, it } from 'vitest';
import { grad, hvp, valueAndGrad } from './index.js';
import { floats, testDType, tolerance as toleranceOf } from './testing/dtype.js';
import {
  fixtures,
  GRADIENT_CASES,
  type GradientFixture,
  higherOrderDerivatives,
  hvpFunction,
  type Nested,
} from './testing/pytorch-gradient-cases.js';

const f64 = (values: Nested): Tensor => floats(values as number[]);
// float32 keeps ~7 digits; chains of a dozen ops (and the fixtures' inputs rounded to float32)
// leave ~1e-5 relative.
const tolerance = toleranceOf({ rtol: 1e-10, atol: 1e-12 }, { rtol: 1e-3, atol: 1e-4 });

/** toBeCloseTo(expected, digits) in float64; float32 tolerances otherwise. */
function expectValue(actual: number, expected: number, digits: number): void {
  if (testDType() === 'float64') expect(actual).toBeCloseTo(expected, digits);
  else expect(closeMismatch([actual], [expected], tolerance)).toBeUndefined();
}

function expectMatches(fixture: GradientFixture, f: (...args: Tensor[]) => Tensor): void {
  const args = fixture.inputs.map(f64);
  const argnums = args.map((_, i) => i);
  const [value, grads] = valueAndGrad(f, { argnums })(...args);
  expectValue(value.item() as number, fixture.value, 10);
  grads.forEach((g, i) => {
    assertTensorClose(g, fixture.grads[i] as number[], tolerance);
  });
}

describe('gradients of composed functions match PyTorch', () => {
  it.each(GRADIENT_CASES)('$title', ({ build }) => {
    const { fixture, f } = build(f64, testDType());
    expectMatches(fixture, f);
  });

  it('first, second and third derivatives of a scalar function', () => {
    const fixture = fixtures.higherOrder as unknown as Record<string, Nested>;
    const [first, second, third] = higherOrderDerivatives(grad);
    const x = f64((fixture.inputs as Nested[])[0]!);
    assertTensorClose(first(x), fixture.first as number[], tolerance);
    assertTensorClose(second(x), fixture.second as number[], tolerance);
    assertTensorClose(third(x), fixture.third as number[], tolerance);
  });

  it('hvp matches torch.autograd.functional.hvp', () => {
    const fixture = fixtures.hvp as unknown as Record<string, Nested>;
    const f = hvpFunction(f64(fixture.matrix!));
    const x = f64(fixture.x!);
    expectValue(f(x).item() as number, fixture.value as number, 12);
    assertTensorClose(hvp(f, x, f64(fixture.v!)), fixture.hvp as number[], tolerance);
  });
});
