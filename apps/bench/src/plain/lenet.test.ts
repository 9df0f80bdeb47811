// The whole hand-written LeNet5 gradient against a central finite difference of its loss
// along the gradient, per parameter (batch 2, fixed seeds): there the derivative is |g|, a
// signal large enough for the float32 loss, while a wrong backward pass would miss it.
import { describe, expect, it } from 'vitest';
import { lenetInputs } from '../workload-inputs.js';
import { PlainLenet } from './lenet.js';

describe('plain LeNet5', () => {
  it('has the gradient of its loss', () => {
    const net = new PlainLenet(lenetInputs({ workload: 'W4', batch: 2 }));
    const { loss, grads } = net.lossAndGrads();
    expect(loss).toBeGreaterThan(2);
    const h = 1e-3;
    net.params.forEach((p, k) => {
      const g = grads[k]!;
      expect(g.length).toBe(p.length);
      let squares = 0;
      for (const v of g) squares += v * v;
      const norm = Math.sqrt(squares);
      expect(norm, `param ${k}`).toBeGreaterThan(0.1);
      const saved = p.slice();
      const lossAt = (s: number) => {
        for (let i = 0; i < p.length; i++) p[i] = saved[i]! + (s * h * g[i]!) / norm;
        return net.lossAndGrads().loss;
      };
      const slope = (lossAt(1) - lossAt(-1)) / (2 * h);
      p.set(saved);
      expect(Math.abs(slope - norm), `param ${k}: |g| ${norm}, slope ${slope}`).toBeLessThan(
        0.02 * norm,
      );
    });
  });
});
