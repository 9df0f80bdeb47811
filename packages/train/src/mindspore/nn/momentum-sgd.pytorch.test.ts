// nn.Momentum and nn.SGD against torch.optim.SGD (fixtures/nn-optimizers.json, made by
// scripts/generate_nn_optimizer_fixtures.py): several steps, groups, dynamic learning rates,
// weight decay and loss scale mapped as that script's docstring explains.
import { dispose, type Tensor, tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import fixtures from '../../../fixtures/nn-optimizers.json';
import { toCamelCase } from '../../options/check-option-keys.js';
import { Parameter } from '../../parameter/parameter.js';
import { expectValuesClose } from '../experimental/testing/fixtures.js';
import type { ParamGroup } from './groups.js';
import { Momentum, type MomentumOptions } from './momentum.js';
import { SGD, type SGDOptions } from './sgd.js';

interface Case {
  name: string;
  optimizer: string;
  options: Record<string, unknown>;
  groups: Record<string, unknown>[] | null;
  params: { name: string; shape: number[]; values: number[] }[];
  grads: number[][][];
  expected: number[][][];
}

function build(c: Case) {
  const params = c.params.map(
    (p) => new Parameter(tensor(new Float32Array(p.values), p.shape), p.name),
  );
  const byName = new Map(params.map((p) => [p.name, p]));
  const pick = (names: unknown) => (names as string[]).map((n) => byName.get(n)!);
  const groups: ParamGroup[] | null =
    c.groups === null
      ? null
      : c.groups.map((g) => {
          // The fixtures are written by Python with MindSpore's snake_case group keys.
          const { params: names, order_params: order, ...rest } = g;
          const camel = Object.fromEntries(
            Object.entries(rest).map(([key, value]) => [toCamelCase(key), value]),
          );
          return order !== undefined
            ? { orderParams: pick(order) }
            : { ...camel, params: pick(names) };
        });
  const arg = groups ?? params;
  const optimizer =
    c.optimizer === 'Momentum'
      ? new Momentum(arg, c.options as unknown as MomentumOptions)
      : new SGD(arg, c.options as SGDOptions);
  return { params, optimizer };
}

describe(`nn.Momentum and nn.SGD against torch ${fixtures.torch} SGD`, () => {
  for (const c of fixtures.cases as Case[]) {
    it(c.name, () => {
      const { params, optimizer } = build(c);
      const lossScale = (c.options.lossScale as number | undefined) ?? 1;
      c.grads.forEach((step, t) => {
        // The gradients as a loss scaled by lossScale gives them (a power of two: exact).
        const grads: Tensor[] = step.map((g, i) =>
          tensor(new Float32Array(g.map((x) => x * lossScale)), c.params[i]!.shape),
        );
        // Gradients go in optimizer.parameters order (orderParams when given).
        const ordered = optimizer.parameters.map((p) => grads[params.indexOf(p)]!);
        optimizer(ordered);
        dispose(grads);
        params.forEach((p, i) => {
          expectValuesClose(
            p.value.dataSync(),
            c.expected[t]![i]!,
            `${p.name} after step ${t + 1}`,
            1e-5,
          );
        });
      });
    });
  }

  it('covers nesterov, dampening, groups, dynamic lr, weight decay and loss scale', () => {
    const cases = fixtures.cases as Case[];
    const some = (o: string, key: string) =>
      cases.some(
        (c) => c.optimizer === o && c.options[key] !== undefined && c.options[key] !== false,
      );
    for (const key of ['useNesterov', 'weightDecay', 'lossScale'])
      expect(some('Momentum', key)).toBe(true);
    for (const key of ['momentum', 'dampening', 'nesterov', 'weightDecay', 'lossScale'])
      expect(some('SGD', key)).toBe(true);
    expect(
      cases
        .filter((c) => c.groups !== null)
        .map((c) => c.optimizer)
        .sort(),
    ).toEqual(['Momentum', 'Momentum', 'SGD']);
    expect(cases.filter((c) => Array.isArray(c.options.learningRate))).toHaveLength(2);
  });

  it("nn.SGD refuses a group's weight_decay and a negative dampening", () => {
    const w = new Parameter(tensor([1, 2]), 'w');
    expect(() => new SGD([{ params: [w], weight_decay: 0.1 } as never])).toThrow(ValueError);
    expect(() => new SGD([{ params: [w], weightDecay: 0.1 }])).toThrow(/group's weight_decay/);
    expect(() => new SGD([w], { momentum: 0.9, dampening: -0.1 })).toThrow(
      /dampening' must be >= 0/,
    );
  });

  it("nn.SGD decays 'gamma' and 'beta' parameters too; nn.Momentum does not", () => {
    const gamma = () => new Parameter(tensor([1, -2]), 'ln.gamma');
    const sgdParam = gamma();
    const momentumParam = gamma();
    const sgd = new SGD([sgdParam], { learningRate: 0.1, weightDecay: 0.5 });
    const momentum = new Momentum([momentumParam], {
      learningRate: 0.1,
      momentum: 0.9,
      weightDecay: 0.5,
    });
    const zero = tensor([0, 0]);
    sgd([zero]);
    momentum([zero]);
    zero.dispose();
    // w − lr·λ·w = w·0.95 for SGD; no gradient and no decay leaves Momentum's gamma alone.
    expect(Array.from(sgdParam.value.dataSync())).toEqual([Math.fround(0.95), Math.fround(-1.9)]);
    expect(Array.from(momentumParam.value.dataSync())).toEqual([1, -2]);
  });
});
