// Every validation error, with PyTorch's wording (which MindSpore documents), thrown before anything exists.
import { memory, type Tensor, tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../../parameter/parameter.js';
import { Adadelta } from './adadelta.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { Adamax } from './adamax.js';
import { AdamW } from './adamw.js';
import { ASGD } from './asgd.js';
import { NAdam } from './nadam.js';
import { RAdam } from './radam.js';
import { RMSprop } from './rmsprop.js';
import { Rprop } from './rprop.js';
import { SGD } from './sgd.js';

const w = () => [new Parameter(tensor([1, 2]), 'w')];
type Make = (options: Record<string, unknown>, params: Parameter[]) => unknown;
const adamLike: [string, Make][] = [
  ['Adam', (o, p) => new Adam(p, o)],
  ['AdamW', (o, p) => new AdamW(p, o)],
  ['Adamax', (o, p) => new Adamax(p, o)],
  ['NAdam', (o, p) => new NAdam(p, o)],
  ['RAdam', (o, p) => new RAdam(p, o)],
];
const all: [string, Make][] = [
  ...adamLike,
  ['SGD', (o, p) => new SGD(p, { lr: 0.1, ...o })],
  ['RMSprop', (o, p) => new RMSprop(p, o)],
  ['Adagrad', (o, p) => new Adagrad(p, o)],
  ['Adadelta', (o, p) => new Adadelta(p, o)],
  ['ASGD', (o, p) => new ASGD(p, o)],
  ['Rprop', (o, p) => new Rprop(p, o)],
];

/** The error `make` throws, checking that it left no tensor behind. */
function thrown(make: (params: Parameter[]) => unknown): Error {
  const params = w(); // made first so the count below sees only what the constructor made
  const before = memory().tensors;
  let error: unknown;
  try {
    make(params);
  } catch (e) {
    error = e;
  }
  expect(memory().tensors).toBe(before);
  params[0]!.value.dispose();
  if (!(error instanceof Error)) throw new Error('expected an error');
  return error;
}

describe("ValueError with PyTorch's wording", () => {
  for (const [name, make] of all) {
    it(`${name}: learning rate`, () => {
      const pair = tensor([0.1, 0.2]);
      const negative = thrown((p) => make({ lr: -0.1 }, p));
      expect(negative).toBeInstanceOf(ValueError);
      expect(negative.message).toBe(`${name}: Invalid learning rate: -0.1`);
      const wrong = thrown((p) => make({ lr: '0.1' }, p));
      expect(wrong).toBeInstanceOf(ValueError); // documented: ValueError if not int, float or Tensor
      expect(wrong.message).toBe(
        `${name}: Invalid learning rate: must be int, float or Tensor, got "0.1"`,
      );
      expect(thrown((p) => make({ lr: pair }, p)).message).toMatch(
        /must hold one value, got shape \[2\]/,
      );
      expect(thrown((p) => make({ lr: Number.NaN }, p)).message).toBe(
        `${name}: Invalid learning rate: nan`,
      );
    });
  }

  for (const [name, make] of adamLike) {
    it(`${name}: eps, betas, weightDecay`, () => {
      expect(thrown((p) => make({ eps: -1e-8 }, p)).message).toBe(
        `${name}: Invalid epsilon value: -1e-08`,
      );
      expect(thrown((p) => make({ betas: [1, 0.999] }, p)).message).toBe(
        `${name}: Invalid beta parameter at index 0: 1.0`,
      );
      expect(thrown((p) => make({ betas: [0.9, -0.5] }, p)).message).toBe(
        `${name}: Invalid beta parameter at index 1: -0.5`,
      );
      expect(thrown((p) => make({ weightDecay: -1 }, p)).message).toBe(
        `${name}: Invalid weight_decay value: -1.0`,
      );
      const error = thrown((p) => make({ weightDecay: -1 }, p)) as ValueError;
      expect(error.argument).toBe('weightDecay');
    });
  }

  it("the other classes' own ranges", () => {
    expect(thrown((p) => new SGD(p, { lr: 0.1, momentum: -0.5 })).message).toBe(
      'SGD: Invalid momentum value: -0.5',
    );
    expect(thrown((p) => new SGD(p, { lr: 0.1, nesterov: true })).message).toBe(
      'SGD: Nesterov momentum requires a momentum and zero dampening',
    );
    expect(
      thrown((p) => new SGD(p, { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true })).message,
    ).toMatch(/Nesterov/);
    expect(thrown((p) => new SGD(p, {} as never)).message).toBe(
      "SGD: parameter group didn't specify a value of required optimization parameter lr",
    );
    expect(thrown((p) => new RMSprop(p, { alpha: -1 })).message).toBe(
      'RMSprop: Invalid alpha value: -1.0',
    );
    expect(thrown((p) => new RMSprop(p, { momentum: -1 })).message).toBe(
      'RMSprop: Invalid momentum value: -1.0',
    );
    expect(thrown((p) => new Adagrad(p, { lrDecay: -1 })).message).toBe(
      'Adagrad: Invalid lr_decay value: -1.0',
    );
    expect(thrown((p) => new Adagrad(p, { initialAccumulatorValue: -1 })).message).toBe(
      'Adagrad: Invalid initial_accumulator_value value: -1.0',
    );
    expect(thrown((p) => new Adadelta(p, { rho: 1.5 })).message).toBe(
      'Adadelta: Invalid rho value: 1.5',
    );
    expect(thrown((p) => new NAdam(p, { momentumDecay: -1 })).message).toBe(
      'NAdam: Invalid momentum_decay value: -1.0',
    );
    expect(thrown((p) => new Rprop(p, { etas: [0.5, 0.9] })).message).toBe(
      'Rprop: Invalid eta values: 0.5, 0.9',
    );
  });

  it("a group's own values are checked too", () => {
    const error = thrown((p) => new Adam([{ params: p, lr: -1 }], { lr: 0.1 }));
    expect(error.message).toBe('Adam: Invalid learning rate: -1.0');
  });
});

describe('TypeError for wrong types', () => {
  it('options', () => {
    const cases: [(p: Parameter[]) => unknown, string][] = [
      [
        (p) => new Adam(p, { amsgrad: 'yes' as never }),
        'Adam: argument \'amsgrad\' must be a boolean, got "yes"',
      ],
      [
        (p) => new Adam(p, { maximize: 1 as never }),
        "Adam: argument 'maximize' must be a boolean, got 1",
      ],
      [
        (p) => new Adam(p, { betas: 0.9 as never }),
        "Adam: argument 'betas' must be a pair of numbers, got 0.9",
      ],
      [
        (p) => new Adam(p, { eps: '1e-8' as never }),
        'Adam: argument \'eps\' must be a number, got "1e-8"',
      ],
      [
        (p) => new SGD(p, { lr: 0.1, nesterov: 1 as never }),
        "SGD: argument 'nesterov' must be a boolean, got 1",
      ],
    ];
    for (const [make, message] of cases) {
      const error = thrown(make);
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(message);
    }
  });

  it('params', () => {
    expect(thrown((p) => new Adam(p[0] as never)).message).toMatch(
      /should be an iterable of Parameters or dicts, but got a Parameter/,
    );
    expect(thrown(() => new Adam(42 as never))).toBeInstanceOf(TypeError);
    const t = tensor([1]);
    expect(thrown(() => new Adam([t] as never)).message).toMatch(/param group dict/);
    expect(thrown(() => new Adam([{ params: [t] }] as never)).message).toMatch(
      /optimizer can only optimize Parameters, but one of the params is a Tensor/,
    );
    const empty = thrown(() => new Adam([]));
    expect(empty).toBeInstanceOf(ValueError);
    expect(empty.message).toBe('Adam: optimizer got an empty parameter list');
  });
});

describe('parameter groups', () => {
  it('fill defaults, keep camelCase names, reject a parameter in two groups', () => {
    const [a, b, c] = [tensor([1]), tensor([2]), tensor([3])].map(
      (t, i) => new Parameter(t as Tensor, `p${i}`),
    ) as [Parameter, Parameter, Parameter];
    const optimizer = new Adam(
      [
        { params: [a], weightDecay: 0.1 },
        { params: b, lr: tensor(0.5) },
      ],
      { lr: 0.01 },
    );
    const [first, second] = optimizer.paramGroups;
    expect(first).toMatchObject({
      lr: 0.01,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0.1,
      amsgrad: false,
      maximize: false,
    });
    expect(second).toMatchObject({ lr: 0.5, weightDecay: 0 });
    expect(optimizer.parameters).toEqual([a, b]);
    expect(optimizer.defaults).toMatchObject({ lr: 0.01, weightDecay: 0 });
    expect(() => optimizer.addParamGroup({ params: [c, a] })).toThrow(
      'Adam: some parameters appear in more than one parameter group',
    );
    expect(() => optimizer.addParamGroup({ params: [c], eps: -1 })).toThrow(
      'Adam: Invalid epsilon value: -1.0',
    );
    expect(optimizer.paramGroups).toHaveLength(2);
    optimizer.addParamGroup({ params: [c], amsgrad: true });
    expect(optimizer.paramGroups[2]).toMatchObject({ lr: 0.01, amsgrad: true, params: [c] });
    expect(optimizer.parameters).toEqual([a, b, c]);
    expect(() => new Adam([{ params: [a, a] }])).toThrow(/appears twice/);
  });

  it('a step with the wrong gradients changes nothing', () => {
    const [a, b] = [new Parameter(tensor([1, 2]), 'a'), new Parameter(tensor([3]), 'b')];
    const optimizer = new Adam([a, b]);
    const [va, vb] = [a.value, b.value];
    expect(() => optimizer([tensor([1, 1])])).toThrow(
      'Adam: expected 2 gradients (one per parameter, in optimizer.parameters order), got 1',
    );
    expect(() => optimizer([tensor([1, 1]), tensor([1, 1])])).toThrow(
      "Adam: gradients[1] has shape [2] but the parameter 'b' has shape [1]",
    );
    optimizer.paramGroups[0]!.lr = -1;
    expect(() => optimizer([tensor([1, 1]), tensor([1])])).toThrow(
      'Adam: Invalid learning rate: -1.0',
    );
    expect([a.value, b.value]).toEqual([va, vb]);
    expect(optimizer.state.size).toBe(0);
  });

  it('a hyperparameter that shapes the state cannot change after the first step', () => {
    const a = new Parameter(tensor([1, 2]), 'a');
    const optimizer = new Adam([a]);
    optimizer([tensor([1, 1])]);
    optimizer.paramGroups[0]!.amsgrad = true;
    expect(() => optimizer([tensor([1, 1])])).toThrow(/shapes the state changed/);
    optimizer.paramGroups[0]!.amsgrad = false;
    optimizer.paramGroups[0]!.eps = 1e-3; // any other change is fine
    optimizer([tensor([1, 1])]);
    expect(optimizer.state.get(a)?.step).toBe(2);
  });
});
