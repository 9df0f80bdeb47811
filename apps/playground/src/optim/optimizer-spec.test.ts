import { applyUpdates, type Params } from '@gradkit/optim';
import { type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import {
  ALIAS_NAMES,
  buildOptimizer,
  DEFAULT_SPEC,
  type OptimizerSpec,
  supportsSchedule,
} from './optimizer-spec.js';

const plain: OptimizerSpec = {
  alias: 'sgd',
  learningRate: 0.1,
  schedule: 'constant',
  warmupSteps: 0,
  decaySteps: 100,
  clipNorm: null,
  weightDecay: 0,
};

/** The updates of `steps` calls with the same gradient, as plain arrays. */
function updatesOf(spec: OptimizerSpec, w: number[], g: number[], steps = 1): number[][] {
  const { transform } = buildOptimizer(spec);
  const params: Params = { w: tensor(w) };
  let state = transform.init(params);
  const out: number[][] = [];
  for (let i = 0; i < steps; i++) {
    const [updates, next] = transform.update({ w: tensor(g) }, state, params);
    state = next;
    out.push(Array.from((updates as { w: Tensor }).w.dataSync()));
  }
  return out;
}

describe('buildOptimizer', () => {
  it('offers all 23 aliases of @gradkit/optim, each building a working transform', () => {
    expect(ALIAS_NAMES).toHaveLength(23);
    for (const alias of ALIAS_NAMES) {
      const [u] = updatesOf({ ...plain, alias, learningRate: 0.01 }, [0.5, -0.5], [1, -2]);
      expect(u!.every(Number.isFinite), alias).toBe(true);
    }
  });

  it('sgd with momentum 0.9: u = -lr·g, then -lr·(g + 0.9·g)', () => {
    const [u1, u2] = updatesOf(plain, [0, 0], [1, 2], 2);
    expect(u1![0]).toBeCloseTo(-0.1, 6);
    expect(u1![1]).toBeCloseTo(-0.2, 6);
    expect(u2![0]).toBeCloseTo(-0.19, 6);
    expect(u2![1]).toBeCloseTo(-0.38, 6);
    expect(buildOptimizer(plain).description).toBe('sgd(0.1, { momentum: 0.9 })');
  });

  it('clipping rescales a gradient of norm 5 to norm 1 before the optimizer', () => {
    const spec = { ...plain, clipNorm: 1 };
    const [u] = updatesOf(spec, [0, 0], [3, 4]);
    expect(u![0]).toBeCloseTo(-0.06, 6);
    expect(u![1]).toBeCloseTo(-0.08, 6);
    expect(buildOptimizer(spec).description).toBe(
      'chain(clipByGlobalNorm(1), sgd(0.1, { momentum: 0.9 }))',
    );
  });

  it('the default: clipping + AdamW + warmup cosine; lr 0 at step 0, then rising', () => {
    const built = buildOptimizer(DEFAULT_SPEC);
    expect(built.description).toBe(
      'chain(clipByGlobalNorm(1), adamw(warmupCosineDecaySchedule(0, 0.003, 20, 3000), { weightDecay: 0.0001 }))',
    );
    const [u0, u1] = updatesOf(DEFAULT_SPEC, [2, -2], [0.3, -0.4], 2);
    expect(u0!.map(Math.abs)).toEqual([0, 0]);
    // Step 1 runs at lr = 0.003·1/20; Adam's normalized step is ±1 (m̂/√v̂ = sign g) plus
    // the decoupled decay λ·w.
    const lr = 0.003 / 20;
    expect(u1![0]).toBeCloseTo(-lr * (1 + 1e-4 * 2), 8);
    expect(u1![1]).toBeCloseTo(-lr * (-1 + 1e-4 * -2), 8);
  });

  it('adam takes the first step at ±lr whatever the gradient scale', () => {
    const spec: OptimizerSpec = { ...plain, alias: 'adam', learningRate: 0.01 };
    const [u] = updatesOf(spec, [0, 0], [1e-3, -50]);
    expect(u![0]).toBeCloseTo(-0.01, 5);
    expect(u![1]).toBeCloseTo(0.01, 5);
  });

  it('a cosine schedule halves the rate at half the decay steps', () => {
    const spec: OptimizerSpec = { ...plain, alias: 'signSgd', schedule: 'cosine', decaySteps: 4 };
    const steps = updatesOf(spec, [0], [5], 3).map((u) => u[0]!);
    expect(steps[0]).toBeCloseTo(-0.1, 6);
    expect(steps[2]).toBeCloseTo(-0.05, 6);
    expect(buildOptimizer(spec).description).toBe('signSgd(cosineDecaySchedule(0.1, 4))');
  });

  it('fromage and rprop keep a fixed rate even when a schedule is chosen', () => {
    expect(supportsSchedule('rprop')).toBe(false);
    const spec: OptimizerSpec = { ...plain, alias: 'rprop', schedule: 'warmup-cosine' };
    expect(buildOptimizer(spec).description).toBe('rprop(0.1)');
  });

  it('applying the updates moves a parameter downhill', () => {
    const { transform } = buildOptimizer({ ...DEFAULT_SPEC, schedule: 'constant' });
    let params: Params = { w: tensor([3]) };
    let state = transform.init(params);
    for (let i = 0; i < 50; i++) {
      const w = (params as { w: Tensor }).w.dataSync()[0]!;
      const [updates, next] = transform.update({ w: tensor([2 * w]) }, state, params);
      params = applyUpdates(params, updates);
      state = next;
    }
    expect((params as { w: Tensor }).w.dataSync()[0]).toBeCloseTo(3 - 50 * 0.003, 2);
  });
});
