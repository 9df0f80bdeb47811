// optim.SGD's own contract: PyTorch's defaults, a required learning rate, Nesterov's
// conditions, and its documented update, checked step by step against the formula written out
// in plain numbers below (b ← g first, then μ·b + (1−τ)·g; Nesterov g + μ·b; θ ← θ − γ·g).
import { tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../../parameter/parameter.js';
import { SGD, type SGDOptions } from './sgd.js';
import { runSteps, START } from './testing/plain-steps.js';

const grads = [
  [0.1, -0.2, 0.3],
  [-0.4, 0.5, 0.6],
  [0.7, 0.8, -0.9],
  [0.05, 0, -0.25],
];

/** SGD's documented update on plain numbers, one parameter. */
function reference(options: Required<Omit<SGDOptions, 'lr'>> & { lr: number }): number[] {
  const theta = [...START];
  let buffer: number[] | undefined;
  grads.forEach((raw) => {
    const g = raw.map((v, i) => (options.maximize ? -v : v) + options.weightDecay * theta[i]!);
    let step = g;
    if (options.momentum !== 0) {
      buffer =
        buffer === undefined
          ? [...g]
          : buffer.map((b, i) => options.momentum * b + (1 - options.dampening) * g[i]!);
      step = options.nesterov ? g.map((v, i) => v + options.momentum * buffer![i]!) : buffer;
    }
    step.forEach((v, i) => {
      theta[i] = theta[i]! - options.lr * v;
    });
  });
  return theta;
}

function run(options: SGDOptions): number[] {
  return runSteps((params) => new SGD(params, options), grads);
}

const defaults = { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false };

describe('optim.SGD', () => {
  it("has PyTorch's defaults, and a number in the options position is the learning rate", () => {
    const w = new Parameter(tensor([1]), 'w');
    expect(new SGD([w], 0.1).paramGroups).toEqual([{ lr: 0.1, ...defaults, params: [w] }]);
  });

  it.each([
    ['plain', { lr: 0.1 }],
    ['momentum and dampening', { lr: 0.1, momentum: 0.9, dampening: 0.3 }],
    ['nesterov', { lr: 0.05, momentum: 0.8, nesterov: true }],
    ['weight decay and maximize', { lr: 0.2, momentum: 0.5, weightDecay: 0.1, maximize: true }],
  ] as [string, SGDOptions & { lr: number }][])('steps as the formula: %s', (_name, options) => {
    const got = run(options);
    const want = reference({ ...defaults, ...options });
    got.forEach((v, i) => {
      expect(v).toBeCloseTo(want[i]!, 5);
    });
  });

  it('needs a learning rate', () => {
    const w = new Parameter(tensor([1]), 'w');
    expect(() => new SGD([w], {} as SGDOptions)).toThrow(
      "SGD: parameter group didn't specify a value of required optimization parameter lr",
    );
  });

  it('refuses Nesterov without momentum or with dampening, naming nesterov', () => {
    const w = new Parameter(tensor([1]), 'w');
    for (const options of [
      { lr: 0.1, nesterov: true },
      { lr: 0.1, nesterov: true, momentum: 0.9, dampening: 0.1 },
    ]) {
      let error: unknown;
      try {
        new SGD([w], options);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValueError);
      expect((error as ValueError).argument).toBe('nesterov');
      expect((error as ValueError).message).toBe(
        'SGD: Nesterov momentum requires a momentum and zero dampening',
      );
    }
  });

  it('refuses a negative momentum and a dampening that is no number', () => {
    const w = new Parameter(tensor([1]), 'w');
    expect(() => new SGD([w], { lr: 0.1, momentum: -0.5 })).toThrow(
      'SGD: Invalid momentum value: -0.5',
    );
    expect(() => new SGD([w], { lr: 0.1, dampening: '0' as never })).toThrow(
      `SGD: argument 'dampening' must be a number, got "0"`,
    );
  });
});
