import { adamStep, createCpuBackend, type Tensor, withBackend } from '@gradkit/tensor';
import { closeMismatch } from '@gradkit/tensor/testing';
import { describe, expect, it } from 'vitest';
import { currentBackend } from './testing/current-backend.js';
import { spread } from './testing/inputs.js';

const cpu = createCpuBackend();

function step(nesterov: boolean, count: number): Float32Array[] {
  const g = spread([3, 5], 1);
  const m = spread([3, 5], 2, -0.1, 0.1);
  const v = spread([3, 5], 3, 0, 0.2);
  const result = adamStep(g, m, v, {
    b1: 0.9,
    b2: 0.999,
    eps: 1e-8,
    epsRoot: 1e-12,
    count,
    nesterov,
    scale: -0.01,
  });
  const outputs = [result.update, result.firstMoment, result.secondMoment];
  const values = outputs.map((t) => t.dataSync() as Float32Array);
  for (const t of [g, m, v, ...outputs] as Tensor[]) t.dispose();
  return values;
}

describe('the fused adamStep capability', () => {
  it('is offered', () => {
    expect(currentBackend().capabilities?.adamStep).toBeTypeOf('function');
  });

  it.each([
    [false, 1],
    [false, 10],
    [true, 1],
    [true, 7],
  ])('matches the CPU backend (nesterov %s, step %i)', (nesterov, count) => {
    const expected = withBackend(cpu, () => step(nesterov, count));
    step(nesterov, count).forEach((values, k) => {
      expect(
        closeMismatch(values, expected[k]!, { rtol: 1e-5, atol: 1e-7 }),
        `output ${k}`,
      ).toBeUndefined();
    });
  });

  it('compiles once for every step: the coefficients are an argument, not literals', () => {
    step(false, 1);
    const compiled = currentBackend().compiledKernels();
    for (let count = 2; count < 20; count++) step(false, count);
    expect(currentBackend().compiledKernels()).toBe(compiled);
  });
});
