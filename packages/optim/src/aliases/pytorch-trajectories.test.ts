// Trajectories of every optimizer PyTorch has, against torch.optim (fixtures written by
// scripts/generate_fixtures.py with Debian's python3-torch). PyTorch options map onto
// compositions: coupled weight decay is addDecayedWeights first, maximize is scale(-1) first.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chain } from '../base.js';
import { runSteps, toParams, toValues, type Values } from '../testing/run-steps.js';
import {
  addDecayedWeights,
  scale,
  scaleByAmsgrad,
  scaleByLearningRate,
  scaleByPytorchNadam,
  scaleByRadam,
  traceWithDampening,
} from '../transforms/index.js';
import type { GradientTransformation } from '../types.js';
import { adadelta } from './adadelta.js';
import { adagrad } from './adagrad.js';
import { adam, adamw, amsgrad } from './adam.js';
import { adamax } from './adamax.js';
import { rmsprop } from './rmsprop.js';
import { sgd } from './sgd.js';

interface Fixtures {
  torch: string;
  shapes: Record<string, number[]>;
  params: Values;
  grads: Values[];
  cases: { name: string; trajectory: Values[] }[];
}

const fixtures = JSON.parse(
  readFileSync(new URL('../../fixtures/pytorch-trajectories.json', import.meta.url), 'utf8'),
) as Fixtures;

const decay = (weightDecay: number) => addDecayedWeights({ weightDecay });
const rms = { decay: 0.99, epsInSqrt: false } as const;
const torchAdagrad = { initialAccumulatorValue: 0, eps: 1e-10, epsInSqrt: false } as const;

// biome-ignore lint/suspicious/noExplicitAny: any transform.
const optimizers: Record<string, () => GradientTransformation<any>> = {
  adam: () => adam(0.01),
  adam_betas: () => adam(0.05, { b1: 0.8, b2: 0.99, eps: 1e-6 }),
  adam_amsgrad: () => amsgrad(0.01, { variant: 'pytorch' }),
  adam_maximize: () => chain(scale(-1), adam(0.01)),
  adam_weight_decay: () => chain(decay(0.1), adam(0.01)),
  adam_all: () => chain(scale(-1), decay(0.1), amsgrad(0.01, { variant: 'pytorch' })),
  adamw: () => adamw(0.01, { weightDecay: 0.1 }),
  adamw_amsgrad: () =>
    chain(scaleByAmsgrad({ variant: 'pytorch' }), decay(0.1), scaleByLearningRate(0.01)),
  adamax: () => adamax(0.02),
  adamax_weight_decay: () => chain(decay(0.1), adamax(0.02)),
  // torch 1.13 has the pre-2.0 momentum product.
  nadam: () =>
    chain(scaleByPytorchNadam({ legacyMomentumProduct: true }), scaleByLearningRate(0.01)),
  nadam_weight_decay: () =>
    chain(
      decay(0.1),
      scaleByPytorchNadam({ legacyMomentumProduct: true, momentumDecay: 0.01 }),
      scaleByLearningRate(0.01),
    ),
  radam: () => chain(scaleByRadam({ b2: 0.9, variant: 'pytorch' }), scaleByLearningRate(0.01)),
  radam_weight_decay: () =>
    chain(decay(0.1), scaleByRadam({ b2: 0.9, variant: 'pytorch' }), scaleByLearningRate(0.01)),
  sgd: () => sgd(0.1),
  sgd_momentum: () => sgd(0.1, { momentum: 0.9 }),
  sgd_nesterov: () => sgd(0.1, { momentum: 0.9, nesterov: true }),
  sgd_dampening: () => chain(traceWithDampening(0.9, { dampening: 0.5 }), scaleByLearningRate(0.1)),
  sgd_weight_decay: () => chain(decay(0.01), sgd(0.1, { momentum: 0.9 })),
  sgd_maximize: () => chain(scale(-1), sgd(0.1)),
  rmsprop: () => rmsprop(0.01, rms),
  rmsprop_centered: () => rmsprop(0.01, { ...rms, centered: true }),
  rmsprop_momentum: () => rmsprop(0.01, { ...rms, momentum: 0.9 }),
  rmsprop_centered_momentum: () =>
    rmsprop(0.01, { decay: 0.9, epsInSqrt: false, centered: true, momentum: 0.5 }),
  adagrad: () => adagrad(0.1, torchAdagrad),
  adagrad_decay: () =>
    adagrad(0.1, { ...torchAdagrad, initialAccumulatorValue: 0.5, learningRateDecay: 0.1 }),
  adadelta: () => adadelta(1),
  adadelta_weight_decay: () => adadelta(0.5, { rho: 0.8, weightDecay: 0.1 }),
};

function expectClose(actual: Values, expected: Values, where: string) {
  for (const [key, values] of Object.entries(expected)) {
    const got = actual[key]!;
    values.forEach((e, i) => {
      const a = got[i]!;
      if (!(Math.abs(a - e) <= 2e-6 + 2e-5 * Math.abs(e))) {
        expect.fail(`${where} ${key}[${i}]: got ${a}, expected ${e}`);
      }
    });
  }
}

describe(`trajectories against torch ${fixtures.torch}`, () => {
  it('covers every fixture case', () => {
    expect(Object.keys(optimizers).sort()).toEqual(fixtures.cases.map((c) => c.name).sort());
  });

  for (const { name, trajectory } of fixtures.cases) {
    it(name, () => {
      const make = optimizers[name];
      if (make === undefined) throw new Error(`no optimizer for case ${name}`);
      const params = toParams(fixtures.params, fixtures.shapes);
      const grads = fixtures.grads.map((g) => toParams(g, fixtures.shapes));
      const steps = runSteps(make(), params, grads);
      expect(steps.length).toBeGreaterThanOrEqual(5);
      steps.forEach((p, i) => {
        expectClose(toValues(p), trajectory[i]!, `${name} step ${i + 1}`);
      });
    });
  }
});
