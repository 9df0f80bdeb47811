import { dispose, memory, random, scalar, sub, tensor, zeros } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { type LinearModel, loss, makeProblem, step } from './linear-regression.js';

describe('linear regression demo', () => {
  it('recovers the true weights and reaches the noise floor', () => {
    const trueWeights = tensor([3, -2, 0.5]);
    const noise = 0.1;
    const problem = makeProblem(random.key(7), 2000, trueWeights, 1.5, noise);
    let model: LinearModel = { weights: zeros([3]), bias: scalar(0) };
    const before = memory().tensors;
    for (let i = 0; i < 200; i++) {
      const next = step(model, problem, 0.1);
      dispose(model);
      model = next;
    }
    // Each step replaces the model: no tensor is left behind.
    expect(memory().tensors).toBe(before);
    const finalLoss = Number(loss(model, problem).item());
    // The least-squares optimum's error is the noise variance (up to sampling error).
    expect(finalLoss).toBeGreaterThan(noise * noise * 0.8);
    expect(finalLoss).toBeLessThan(noise * noise * 1.2);
    const error = sub(model.weights, trueWeights).dataSync();
    for (const e of error) expect(Math.abs(e)).toBeLessThan(0.02);
    expect(Math.abs(Number(model.bias.item()) - 1.5)).toBeLessThan(0.02);
  });

  it('gives the same losses for the same seed', () => {
    const run = () => {
      const problem = makeProblem(random.key(3), 100, tensor([1, 2]), 0, 0.5);
      let model: LinearModel = { weights: zeros([2]), bias: scalar(0) };
      const losses: number[] = [];
      for (let i = 0; i < 5; i++) {
        model = step(model, problem, 0.05);
        losses.push(Number(loss(model, problem).item()));
      }
      return losses;
    };
    expect(run()).toEqual(run());
  });
});
