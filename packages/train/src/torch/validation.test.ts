// Every validation message against torch's (fixtures/torch-frontend-validation.json).
import { tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../mindspore/experimental/testing/fixtures.js';
import * as torch from './index.js';

const classes: Record<string, new (p: unknown, o: unknown) => torch.Optimizer> = {
  Adam: torch.Adam,
  AdamW: torch.AdamW,
  Adamax: torch.Adamax,
  NAdam: torch.NAdam,
  RAdam: torch.RAdam,
  SGD: torch.SGD,
  RMSprop: torch.RMSprop,
  Adagrad: torch.Adagrad,
  Adadelta: torch.Adadelta,
} as never;

interface Fixture {
  cases: { optimizer: string; options: Record<string, unknown>; message: string }[];
  other: Record<'emptyParams' | 'duplicateParam' | 'groupCount' | 'groupSize', string>;
}
const fixture = readFixture<Fixture>('torch-frontend-validation.json');
const make = (name: string, params: unknown, options: Record<string, unknown> = {}) =>
  new classes[name]!(params, options);
const param = () => new torch.Parameter(tensor([0, 0]), 'p');

describe("validation messages are torch's", () => {
  for (const c of fixture.cases) {
    it(`${c.optimizer}(${JSON.stringify(c.options)}): ${c.message}`, () => {
      expect(() => make(c.optimizer, [param()], c.options)).toThrow(`${c.optimizer}: ${c.message}`);
    });
  }

  it('rejects an empty parameter list and a parameter already in a group', () => {
    expect(() => make('Adam', [])).toThrow(fixture.other.emptyParams);
    const p = param();
    const optimizer = make('Adam', [p]);
    expect(() => optimizer.addParamGroup({ params: [p] })).toThrow(fixture.other.duplicateParam);
  });

  it('rejects state dicts with other groups, changing nothing', () => {
    const [p, q] = [param(), param()];
    const adam = make('Adam', [p]);
    const two = make('Adam', [{ params: [p] }, { params: [q] }]);
    const bigger = make('Adam', [p, q]);
    expect(() => adam.loadStateDict(two.stateDict())).toThrow(fixture.other.groupCount);
    expect(() => adam.loadStateDict(bigger.stateDict())).toThrow(fixture.other.groupSize);
  });

  it('addParamGroup fills missing options from the defaults', () => {
    const optimizer = new torch.Adam([param()], { lr: 0.1, amsgrad: true });
    optimizer.addParamGroup({ params: [param()], eps: 1e-3 });
    expect(optimizer.paramGroups[1]).toMatchObject({ lr: 0.1, amsgrad: true, eps: 1e-3 });
    expect(optimizer.stateDict().param_groups[1]).toMatchObject({ weight_decay: 0, params: [1] });
  });

  it('has the defaults of torch 1.11', () => {
    const p = [param()];
    expect(new torch.Adam(p).defaults).toEqual({
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0,
      amsgrad: false,
      maximize: false,
    });
    expect(new torch.AdamW(p).defaults.weightDecay).toBe(1e-2);
    expect(new torch.Adamax(p).defaults.lr).toBe(2e-3);
    expect(new torch.NAdam(p).defaults).toMatchObject({ lr: 2e-3, momentumDecay: 4e-3 });
    expect(new torch.RMSprop(p).defaults).toMatchObject({ lr: 1e-2, alpha: 0.99, centered: false });
    expect(new torch.Adagrad(p).defaults).toMatchObject({ lr: 1e-2, eps: 1e-10, lrDecay: 0 });
    expect(new torch.Adadelta(p).defaults).toMatchObject({ lr: 1, rho: 0.9, eps: 1e-6 });
    expect(new torch.SGD(p, { lr: 0.1 }).defaults).toMatchObject({ momentum: 0, nesterov: false });
  });
});
