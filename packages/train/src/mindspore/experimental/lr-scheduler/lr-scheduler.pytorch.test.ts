// Every scheduler's getLastLr() (and momentum / beta1 where it cycles them) against
// torch.optim.lr_scheduler (fixtures/optimizers-schedulers.json).
import { tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../../../parameter/parameter.js';
import { Adam } from '../adam.js';
import { SGD } from '../sgd.js';
import { readFixture } from '../testing/fixtures.js';
import {
  ChainedScheduler,
  ConstantLR,
  CosineAnnealingLR,
  CosineAnnealingWarmRestarts,
  CyclicLR,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  MultiplicativeLR,
  MultiStepLR,
  OneCycleLR,
  PolynomialLR,
  ReduceLROnPlateau,
  type SchedulableOptimizer,
  SequentialLR,
  StepLR,
} from './index.js';

interface Case {
  name: string;
  optimizer: 'sgd' | 'adam';
  lrs: number[][];
  momenta: number[][];
}
const fixtures = readFixture<{ torch: string; metrics: number[]; cases: Case[] }>(
  'optimizers-schedulers.json',
);

function makeOptimizer(kind: 'sgd' | 'adam') {
  const groups = [
    { params: [new Parameter(tensor([0, 0]), 'a')] },
    { params: [new Parameter(tensor([0, 0, 0]), 'b')], lr: 0.05 },
  ];
  return kind === 'adam'
    ? new Adam(groups, { lr: 0.1 })
    : new SGD(groups, { lr: 0.1, momentum: 0.9 });
}

type Stepper = { step: (...args: never[]) => void; getLastLr(): number[] };
const make: Record<string, (o: SchedulableOptimizer) => Stepper> = {
  StepLR: (o) => new StepLR(o, 3, { gamma: 0.5 }),
  MultiStepLR: (o) => new MultiStepLR(o, [2, 5, 5, 9], { gamma: 0.3 }),
  ConstantLR: (o) => new ConstantLR(o, { factor: 0.5, totalIters: 4 }),
  ConstantLR_defaults: (o) => new ConstantLR(o),
  LinearLR: (o) => new LinearLR(o, { startFactor: 0.25, endFactor: 0.9, totalIters: 6 }),
  ExponentialLR: (o) => new ExponentialLR(o, 0.9),
  PolynomialLR: (o) => new PolynomialLR(o, { totalIters: 8, power: 2 }),
  CosineAnnealingLR: (o) => new CosineAnnealingLR(o, 6, { etaMin: 0.01 }),
  CosineAnnealingWarmRestarts: (o) =>
    new CosineAnnealingWarmRestarts(o, 4, { tMult: 2, etaMin: 0.001 }),
  CyclicLR_triangular2: (o) =>
    new CyclicLR(o, 0.01, 0.1, { stepSizeUp: 3, stepSizeDown: 5, mode: 'triangular2' }),
  CyclicLR_exp_range: (o) =>
    new CyclicLR(o, [0.01, 0.02], [0.1, 0.2], {
      stepSizeUp: 4,
      mode: 'exp_range',
      gamma: 0.9,
      cycleMomentum: false,
    }),
  OneCycleLR: (o) => new OneCycleLR(o, [1, 0.5], { totalSteps: 25 }),
  OneCycleLR_linear_three_phase: (o) =>
    new OneCycleLR(o, 1, {
      epochs: 5,
      stepsPerEpoch: 5,
      pctStart: 0.4,
      annealStrategy: 'linear',
      threePhase: true,
      divFactor: 10,
      finalDivFactor: 100,
    }),
  OneCycleLR_adam: (o) =>
    new OneCycleLR(o, 0.01, { totalSteps: 25, baseMomentum: 0.8, maxMomentum: 0.9 }),
  LambdaLR: (o) => new LambdaLR(o, (e) => 0.9 ** e),
  LambdaLR_list: (o) => new LambdaLR(o, [(e) => 1 / (e + 1), (e) => 0.95 ** e]),
  MultiplicativeLR: (o) => new MultiplicativeLR(o, () => 0.95),
  SequentialLR: (o) =>
    new SequentialLR(
      o,
      [new ConstantLR(o, { factor: 0.1, totalIters: 2 }), new ExponentialLR(o, 0.9)],
      [2],
    ),
  SequentialLR_warmup_cosine: (o) =>
    new SequentialLR(
      o,
      [new LinearLR(o, { startFactor: 0.1, totalIters: 3 }), new CosineAnnealingLR(o, 10)],
      [3],
    ),
  ChainedScheduler: (o) =>
    new ChainedScheduler([
      new ConstantLR(o, { factor: 0.1, totalIters: 2 }),
      new ExponentialLR(o, 0.9),
    ]),
  ReduceLROnPlateau: (o) =>
    new ReduceLROnPlateau(o, {
      factor: 0.5,
      patience: 2,
      threshold: 0.01,
      cooldown: 1,
      minLr: [0.01, 0.001],
    }),
  ReduceLROnPlateau_max_abs: (o) =>
    new ReduceLROnPlateau(o, {
      mode: 'max',
      factor: 0.3,
      patience: 1,
      threshold: 0.05,
      thresholdMode: 'abs',
    }),
  // Two schedulers on one optimizer, stepped one after the other.
  'StepLR+ExponentialLR': (o) => {
    const first = new StepLR(o, 3, { gamma: 0.5 });
    const second = new ExponentialLR(o, 0.9);
    return {
      step: () => {
        first.step();
        second.step();
      },
      getLastLr: () => second.getLastLr(),
    };
  },
};

function expectNumbers(actual: number[], expected: number[], where: string) {
  expect(actual.length, where).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= 1e-12 + 1e-12 * Math.abs(e)))
      expect.fail(`${where}[${i}]: got ${a}, expected ${e}`);
  });
}

describe(`schedulers against torch ${fixtures.torch}`, () => {
  it('covers every case', () => {
    expect(Object.keys(make).sort()).toEqual(fixtures.cases.map((c) => c.name).sort());
  });

  for (const c of fixtures.cases) {
    it(c.name, () => {
      const optimizer = makeOptimizer(c.optimizer);
      const scheduler = make[c.name]!(optimizer);
      const momentum = () =>
        optimizer.paramGroups.map(
          (g) => ((g.betas as number[] | undefined)?.[0] ?? g.momentum) as number,
        );
      const lrs = [scheduler.getLastLr()];
      const momenta = [momentum()];
      for (let i = 1; i < c.lrs.length; i++) {
        if (scheduler instanceof ReduceLROnPlateau) scheduler.step(fixtures.metrics[i - 1]!);
        else scheduler.step();
        lrs.push(scheduler.getLastLr());
        momenta.push(momentum());
      }
      lrs.forEach((lr, i) => {
        expectNumbers(lr, c.lrs[i]!, `${c.name} lr after ${i} steps`);
      });
      c.momenta.forEach((m, i) => {
        expectNumbers(momenta[i]!, m, `${c.name} momentum after ${i} steps`);
      });
    });
  }
});
