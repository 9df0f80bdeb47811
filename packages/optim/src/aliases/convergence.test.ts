// Every alias converges on a parabola and on Rosenbrock's function (Optax's alias tests,
// with learning rates and step counts chosen so each run takes a moment).
import { dispose, scope, type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import rosenbrockFixture from '../../fixtures/adadelta-rosenbrock.json' with { type: 'json' };
import { applyUpdates } from '../base.js';
import { minimize, parabola, rosenbrock } from '../testing/problems.js';
import type { GradientTransformation } from '../types.js';
import * as aliases from './index.js';

// biome-ignore lint/suspicious/noExplicitAny: any transform.
type Make = () => GradientTransformation<any>;

// [name, optimizer, steps, tolerance] per problem.
const cases: [string, Make, number, number][] = [
  ['sgd', () => aliases.sgd(1e-3, { momentum: 0.9 }), 3000, 1e-2],
  ['noisySgd', () => aliases.noisySgd(1e-3, { eta: 1e-4 }), 3000, 2e-2],
  // Sign methods end within about one step size of the optimum.
  ['signSgd', () => aliases.signSgd(1e-3), 3000, 2e-2],
  ['adam', () => aliases.adam(1e-1), 2000, 1e-2],
  ['adamw', () => aliases.adamw(1e-1), 2000, 1e-2],
  ['adamax', () => aliases.adamax(1e-1), 2000, 1e-2],
  ['adamaxw', () => aliases.adamaxw(1e-1), 2000, 1e-2],
  ['amsgrad', () => aliases.amsgrad(1e-1), 2000, 1e-2],
  ['nadam', () => aliases.nadam(1e-2), 3000, 1e-2],
  ['nadamw', () => aliases.nadamw(1e-2), 3000, 1e-2],
  ['radam', () => aliases.radam(5e-3), 3000, 1e-2],
  ['adabelief', () => aliases.adabelief(1e-2), 3000, 1e-2],
  ['yogi', () => aliases.yogi(1e-1), 2000, 1e-2],
  ['novograd', () => aliases.novograd(1e-2), 3000, 1e-2],
  ['lion', () => aliases.lion(1e-3, { weightDecay: 1e-4 }), 3000, 1e-2],
  ['lamb', () => aliases.lamb(1e-2), 3000, 1e-2],
  ['lars', () => aliases.lars(1), 3000, 1e-2],
  ['adagrad', () => aliases.adagrad(1), 3000, 1e-2],
  ['rmsprop', () => aliases.rmsprop(5e-3), 3000, 1e-2],
  ['rmsprop momentum', () => aliases.rmsprop(5e-3, { momentum: 0.9 }), 3000, 1e-2],
  ['adafactor', () => aliases.adafactor(5e-2), 3000, 1e-2],
  ['fromage', () => aliases.fromage(5e-3), 3000, 1e-2],
  ['rprop', () => aliases.rprop(1e-1), 2000, 1e-2],
  ['adan', () => aliases.adan(1e-1), 2000, 1e-2],
  ['optimisticAdam', () => aliases.optimisticAdam(1e-2), 3000, 1e-2],
  ['sm3', () => aliases.sm3(1e-1), 3000, 1e-2],
  // Sign methods end within about one step size of the optimum.
  ['signum', () => aliases.signum(1e-3), 3000, 2e-2],
];

// Rosenbrock's curved valley needs more steps for these (Optax runs 10,000 for all).
const rosenbrockSteps: Record<string, number> = {
  noisySgd: 10000,
  signSgd: 6000,
  lamb: 8000,
  adagrad: 6000,
  adafactor: 6000,
  fromage: 10000,
};

// Fixed step sizes that suit the parabola oscillate in Rosenbrock's valley for these.
const rosenbrockOptimizers: Record<string, Make> = {
  signSgd: () => aliases.signSgd((count) => 0.02 * 0.999 ** count),
  lamb: () => aliases.lamb(1e-3),
  adafactor: () => aliases.adafactor(5e-3),
};

describe.each([parabola, rosenbrock])('convergence on $name', (problem) => {
  it.each(cases)('%s', (name, make, steps, tolerance) => {
    const count = problem === rosenbrock ? (rosenbrockSteps[name] ?? steps) : steps;
    const optimizer = (problem === rosenbrock ? rosenbrockOptimizers[name] : undefined) ?? make;
    const found = minimize(optimizer(), problem, count);
    found.forEach((value, i) => {
      expect(Math.abs(value - problem.optimum[i]!)).toBeLessThan(tolerance * 5);
    });
  });
});

// Adadelta stalls in Rosenbrock's valley: its step is scaled by the RMS of its own past steps,
// which shrink as the valley flattens. PyTorch's Adadelta does exactly the same, so on
// Rosenbrock the long-horizon trajectory is compared with PyTorch's (fixture made by
// scripts/generate_adadelta_rosenbrock.py); on the parabola it must reach the optimum.
describe('adadelta', () => {
  it('converges on the parabola', () => {
    const found = minimize(aliases.adadelta(10), parabola, 3000);
    found.forEach((value, i) => {
      expect(Math.abs(value - parabola.optimum[i]!)).toBeLessThan(5e-2);
    });
  });

  it.each(rosenbrockFixture.cases)(
    'follows PyTorch on Rosenbrock for $steps steps',
    ({ steps, learningRate, params }) => {
      const found = minimize(aliases.adadelta(learningRate), rosenbrock, steps);
      found.forEach((value, i) => {
        expect(Math.abs(value - params[i]!)).toBeLessThan(1e-3);
      });
    },
  );
});

// polyakSgd needs the loss of each step, which `minimize` does not pass: its own loop.
describe('polyakSgd', () => {
  const losses = {
    parabola: (x: number, y: number) => (x - 1) ** 2 + (y + 2) ** 2,
    rosenbrock: (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
  };

  it.each([
    [parabola, 100],
    [rosenbrock, 20000],
  ])('converges on $name', { timeout: 60000 }, (problem, steps) => {
    const optimizer = aliases.polyakSgd({ maxLearningRate: problem === rosenbrock ? 1e-3 : 1 });
    let params = problem.initial();
    let state = optimizer.init(params);
    for (let i = 0; i < steps; i++) {
      const [x, y] = Array.from((params as { w: Tensor }).w.dataSync());
      const value = losses[problem.name as keyof typeof losses](x!, y!);
      const [next, nextState] = scope(() => {
        const [updates, s] = optimizer.update(problem.gradient(params), state, params, { value });
        return [applyUpdates(params, updates), s] as const;
      });
      dispose(params);
      params = next;
      state = nextState;
    }
    const found = Array.from((params as { w: Tensor }).w.dataSync());
    found.forEach((value, i) => {
      expect(Math.abs(value - problem.optimum[i]!)).toBeLessThan(5e-2);
    });
  });
});

// Optimistic gradient descent is plain gradient descent plus an extrapolation, as slow as it
// in Rosenbrock's valley; what it is for is a min-max saddle, f(x, y) = x·y (x descends, y
// ascends), where simultaneous gradient descent-ascent spirals outwards and it converges.
describe('optimisticGradientDescent', () => {
  it('converges on the parabola', () => {
    const found = minimize(aliases.optimisticGradientDescent(1e-2), parabola, 2000);
    found.forEach((value, i) => {
      expect(Math.abs(value - parabola.optimum[i]!)).toBeLessThan(5e-2);
    });
  });

  it('converges to the saddle of x·y, where gradient descent-ascent diverges', () => {
    // The descent-ascent field of x·y: (∂f/∂x, −∂f/∂y) = (y, −x).
    const saddle: typeof parabola = {
      name: 'saddle',
      initial: () => ({ w: tensor([1, 1]) }),
      optimum: [0, 0],
      gradient: (p) => {
        const [x, y] = Array.from((p as { w: Tensor }).w.dataSync());
        return { w: tensor([y!, -x!]) };
      },
    };
    const optimistic = minimize(aliases.optimisticGradientDescent(0.1), saddle, 2000);
    for (const value of optimistic) expect(Math.abs(value)).toBeLessThan(1e-3);
    const plain = minimize(aliases.sgd(0.1), saddle, 2000);
    expect(Math.hypot(...plain)).toBeGreaterThan(Math.SQRT2);
  });
});
