// groupRules: how the PyTorch-style optimizer classes read `params`, run through the shared
// reader (resolveGroups, addGroup) with a small validate of their own: which lists count,
// how a group is filled (defaults, then the group's own values, then what validate makes of
// them), and PyTorch's wording for each refusal.
import { tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { addGroup, resolveGroups } from '../../optimizer/resolve-groups.js';
import { Parameter } from '../../parameter/parameter.js';
import { groupRules } from './param-groups.js';

type H = { lr: number; momentum: number };
const defaults: H = { lr: 0.1, momentum: 0 };
/** A validate that normalizes, so the test sees that its result is what the group keeps. */
const validate = (h: Readonly<Record<string, unknown>>): H => {
  const lr = h.lr instanceof Object ? Number((h.lr as { item(): number }).item()) : Number(h.lr);
  if (lr < 0) throw new ValueError('Toy', 'lr', `Invalid learning rate: ${lr}`);
  return { lr, momentum: Number(h.momentum) };
};
const rules = groupRules('Toy', defaults, validate);
const read = (params: unknown) => resolveGroups('Toy', params, rules);
const p = (name: string) => new Parameter(tensor([1]), name);

/** The error `run` throws. */
function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('groupRules', () => {
  it('reads a list of Parameters as one group with the defaults', () => {
    const a = p('a');
    const b = p('b');
    const { groups, parameters, grouped } = read([a, b]);
    expect(grouped).toBe(false);
    expect(parameters).toEqual([a, b]);
    expect(groups).toEqual([{ lr: 0.1, momentum: 0, params: [a, b] }]);
  });

  it('reads any iterable, not only arrays', () => {
    const a = p('a');
    const b = p('b');
    expect(read(new Set([a, b])).parameters).toEqual([a, b]);
    function* both() {
      yield { params: new Set([a]) };
      yield { params: [b], lr: 0.5 };
    }
    const { groups } = read(both());
    expect(groups.map((g) => [g.params, g.lr])).toEqual([
      [[a], 0.1],
      [[b], 0.5],
    ]);
  });

  it("fills each group from the defaults, then its own keys, then validate's reading", () => {
    const a = p('a');
    const b = p('b');
    const { groups, grouped } = read([
      { params: [a], momentum: 0.9 },
      { params: b, lr: tensor([0.25]) },
    ]);
    expect(grouped).toBe(true);
    expect(groups[0]).toEqual({ lr: 0.1, momentum: 0.9, params: [a] });
    // A lone Parameter is a group of one; a tensor rate is what validate makes of it.
    expect(groups[1]).toEqual({ lr: 0.25, momentum: 0, params: [b] });
  });

  it('lets validate refuse a group before any group is made', () => {
    const error = thrown(() => read([{ params: [p('a')] }, { params: [p('b')], lr: -1 }]));
    expect(error).toBeInstanceOf(ValueError);
    expect(error.message).toBe("Toy: argument 'lr' Invalid learning rate: -1");
  });

  it('takes only params and the keys of the defaults in a group', () => {
    const error = thrown(() => read([{ params: [p('a')], momentun: 0.9 }]));
    expect(error).toBeInstanceOf(ValueError);
    expect(error.message).toMatch(
      /^Toy: argument 'momentun' is not a known param group key; did you mean 'momentum'\?/,
    );
  });

  it("refuses what is not a list of Parameters or dicts in PyTorch's words", () => {
    const a = p('a');
    expect(thrown(() => read(a)).message).toBe(
      'Toy: params argument given to the optimizer should be an iterable of Parameters or dicts, but got a Parameter',
    );
    expect(thrown(() => read(tensor([1]))).message).toBe(
      'Toy: params argument given to the optimizer should be an iterable of Parameters or dicts, but got a Tensor of shape [1]',
    );
    const empty = thrown(() => read([]));
    expect(empty).toBeInstanceOf(ValueError);
    expect(empty.message).toBe('Toy: optimizer got an empty parameter list');
    // Not all Parameters, so a list of dicts: the first item that is no dict is named.
    expect(thrown(() => read([a, 3])).message).toBe(
      "Toy: params[0] must be a param group dict with 'params' (a list of Parameters must hold only Parameters), got a Parameter",
    );
    expect(thrown(() => read([{ params: [a] }, 3])).message).toBe(
      "Toy: params[1] must be a param group dict with 'params' (a list of Parameters must hold only Parameters), got 3",
    );
  });

  it("refuses a group's params that are not Parameters", () => {
    expect(thrown(() => read([{ params: 'a' }])).message).toBe(
      `Toy: a param group's 'params' must be a Parameter or a list of Parameters, got "a"`,
    );
    expect(thrown(() => read([{ params: [p('a'), tensor([1])] }])).message).toBe(
      'Toy: optimizer can only optimize Parameters, but one of the params is a Tensor of shape [1]',
    );
  });

  it('refuses a parameter twice in a group or in two groups', () => {
    const a = p('a');
    const twice = thrown(() => read([a, a]));
    expect(twice).toBeInstanceOf(ValueError);
    expect(twice.message).toBe("Toy: the parameter 'a' appears twice in one parameter group");
    expect(thrown(() => read([{ params: [a] }, { params: [p('b'), a] }])).message).toBe(
      'Toy: some parameters appear in more than one parameter group',
    );
  });

  it('checks an added group the same way, against the parameters already held', () => {
    const a = p('a');
    const b = p('b');
    expect(addGroup('Toy', rules, { params: [b], lr: 0.3 }, [a])).toEqual({
      lr: 0.3,
      momentum: 0,
      params: [b],
    });
    expect(thrown(() => addGroup('Toy', rules, { params: [a] }, [a])).message).toBe(
      'Toy: some parameters appear in more than one parameter group',
    );
    expect(thrown(() => addGroup('Toy', rules, [b], [a])).message).toBe(
      "Toy: a param group must be a dict with 'params', got an array",
    );
    expect(thrown(() => addGroup('Toy', rules, b, [a])).message).toBe(
      "Toy: a param group must be a dict with 'params', got a Parameter",
    );
  });
});
