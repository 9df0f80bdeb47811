// A state layout translates between a front end's state-dict names (PyTorch's `exp_avg`,
// `step`) and the dotted paths of the transform state. Checked on hand-built transform trees,
// so each rule stands on its own: which names are written, which are null, and what step
// count a loaded entry restarts from.
import { scalar, type Tensor, tensor, zeros } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../parameter/parameter.js';
import {
  fromLayoutEntry,
  getPath,
  type StateLayout,
  scalarOf,
  toLayoutEntry,
} from './state-layout.js';

const values = (t: unknown) => Array.from((t as Tensor).dataSync());

const adamLayout: StateLayout = {
  tensors: { exp_avg: 'adam.mu', exp_avg_sq: 'adam.nu', max_exp_avg_sq: 'adam.nuMax' },
  counts: { 'adam.count': null },
};
const momentumLayout: StateLayout = {
  tensors: { momentum_buffer: 'momentum.trace' },
  counts: { 'momentum.count': 'momentum_buffer' },
  nullable: ['momentum_buffer'],
  step: false,
};
const nadamLayout: StateLayout = {
  tensors: { exp_avg: 'nadam.mu' },
  numbers: { mu_product: 'nadam.muProduct' },
  counts: { 'nadam.count': null },
};

describe('getPath', () => {
  it('follows a dotted path and gives undefined where it leads nowhere', () => {
    const tree = { adam: { mu: 1, inner: { count: 2 } }, n: null };
    expect(getPath(tree, 'adam.mu')).toBe(1);
    expect(getPath(tree, 'adam.inner.count')).toBe(2);
    expect(getPath(tree, 'adam')).toBe(tree.adam);
    expect(getPath(tree, 'adam.nu')).toBeUndefined();
    expect(getPath(tree, 'adam.mu.deeper')).toBeUndefined();
    expect(getPath(tree, 'n.x')).toBeUndefined();
    expect(getPath(undefined, 'adam')).toBeUndefined();
  });
});

describe('toLayoutEntry', () => {
  it('writes step first, then the tensors it finds under their names, skipping absent ones', () => {
    const mu = tensor([1, 2]);
    const nu = tensor([3, 4]);
    const entry = toLayoutEntry(adamLayout, { adam: { mu, nu, count: 5 } }, 7);
    expect(Object.keys(entry)).toEqual(['step', 'exp_avg', 'exp_avg_sq']);
    expect(entry.step).toBe(7);
    expect(entry.exp_avg).toBe(mu);
    expect(entry.exp_avg_sq).toBe(nu);
  });

  it('writes null for an absent nullable tensor and no step where the layout has none', () => {
    const entry = toLayoutEntry(momentumLayout, { momentum: {} }, 3);
    expect(entry).toEqual({ momentum_buffer: null });
    const trace = tensor([0.5]);
    expect(toLayoutEntry(momentumLayout, { momentum: { trace, count: 1 } }, 3)).toEqual({
      momentum_buffer: trace,
    });
  });

  it('writes the plain numbers it finds and only numbers', () => {
    const mu = tensor([1]);
    expect(toLayoutEntry(nadamLayout, { nadam: { mu, muProduct: 0.25 } }, 2)).toEqual({
      step: 2,
      exp_avg: mu,
      mu_product: 0.25,
    });
    const notANumber = toLayoutEntry(nadamLayout, { nadam: { mu, muProduct: tensor([0.25]) } }, 2);
    expect('mu_product' in notANumber).toBe(false);
  });
});

describe('scalarOf', () => {
  it('reads a number, a one-element tensor and a nested one-element list', () => {
    expect(scalarOf(3)).toBe(3);
    expect(scalarOf(tensor([4.5]))).toBe(4.5);
    expect(scalarOf(scalar(6))).toBe(6);
    expect(scalarOf([7])).toBe(7);
    expect(scalarOf([[8]])).toBe(8);
  });

  it('is undefined for anything else', () => {
    for (const value of [undefined, null, '3', [], [1, 2], tensor([1, 2]), { step: 1 }]) {
      expect(scalarOf(value)).toBeUndefined();
    }
  });
});

describe('fromLayoutEntry', () => {
  const param = () => new Parameter(tensor([1, 2, 3, 4], [2, 2]), 'w');
  const freshAdam = () => ({ adam: { mu: zeros([2, 2]), nu: zeros([2, 2]), count: 0 } });

  it('puts the given tensors at their paths on a copy of the fresh state', () => {
    const fresh = freshAdam();
    const mu = tensor([1, 1, 1, 1], [2, 2]);
    const nu = tensor([2, 2, 2, 2], [2, 2]);
    const created: Tensor[] = [];
    const state = fromLayoutEntry(
      adamLayout,
      { step: 3, exp_avg: mu, exp_avg_sq: nu },
      fresh,
      3,
      param(),
      created,
    ) as ReturnType<typeof freshAdam>;
    expect(state.adam.mu).toBe(mu);
    expect(state.adam.nu).toBe(nu);
    expect(state.adam.count).toBe(3);
    expect(created).toHaveLength(0);
    // The fresh state is not written into.
    expect(values(fresh.adam.mu)).toEqual([0, 0, 0, 0]);
    expect(fresh.adam.count).toBe(0);
  });

  it('makes nested number lists tensors shaped like the parameter, for the caller to free', () => {
    const created: Tensor[] = [];
    const state = fromLayoutEntry(
      adamLayout,
      {
        exp_avg: [
          [0.5, 1.5],
          [2.5, 3.5],
        ],
        exp_avg_sq: [
          [1, 2],
          [3, 4],
        ],
      },
      freshAdam(),
      2,
      param(),
      created,
    ) as ReturnType<typeof freshAdam>;
    expect(state.adam.mu.shape).toEqual([2, 2]);
    expect(state.adam.mu.dtype).toBe(param().dtype);
    expect(values(state.adam.mu)).toEqual([0.5, 1.5, 2.5, 3.5]);
    expect(values(state.adam.nu)).toEqual([1, 2, 3, 4]);
    expect(created).toEqual([state.adam.mu, state.adam.nu]);
  });

  it('flattens lists nested to any depth', () => {
    const cube = new Parameter(tensor([0, 0, 0, 0], [2, 1, 2]), 'cube');
    const fresh = { adam: { mu: zeros([2, 1, 2]), nu: zeros([2, 1, 2]), count: 0 } };
    const state = fromLayoutEntry(
      adamLayout,
      { exp_avg: [[[1, 2]], [[3, 4]]] },
      fresh,
      1,
      cube,
      [],
    ) as typeof fresh;
    expect(state.adam.mu.shape).toEqual([2, 1, 2]);
    expect(values(state.adam.mu)).toEqual([1, 2, 3, 4]);
  });

  it('leaves the fresh value where a name is missing, and ignores names the fresh state lacks', () => {
    const fresh = freshAdam();
    const extra = tensor([9, 9, 9, 9], [2, 2]);
    const state = fromLayoutEntry(
      adamLayout,
      // No exp_avg_sq; max_exp_avg_sq where the transform keeps no nuMax (no AMSGrad).
      { exp_avg: tensor([1, 1, 1, 1], [2, 2]), exp_avg_sq: null, max_exp_avg_sq: extra },
      fresh,
      1,
      param(),
      [],
    ) as Record<string, Record<string, unknown>>;
    expect(state.adam!.nu).toBe(fresh.adam.nu);
    expect('nuMax' in state.adam!).toBe(false);
  });

  it('sets the plain numbers the fresh state has, read as scalars', () => {
    const fresh = { nadam: { mu: zeros([2, 2]), muProduct: 1, count: 0 } };
    const state = fromLayoutEntry(nadamLayout, { mu_product: [0.75] }, fresh, 4, param(), []) as {
      nadam: { muProduct: number; count: number };
    };
    expect(state.nadam.muProduct).toBe(0.75);
    expect(state.nadam.count).toBe(4);
    const without = fromLayoutEntry(
      nadamLayout,
      { mu_product: 0.75 },
      { nadam: { mu: zeros([2, 2]), count: 0 } },
      4,
      param(),
      [],
    );
    expect('muProduct' in (without as { nadam: object }).nadam).toBe(false);
  });

  describe('step counts', () => {
    const freshMomentum = () => ({ momentum: { trace: zeros([2, 2]), count: 0 } });
    const countAfter = (entry: Record<string, unknown>, step: number) =>
      (
        fromLayoutEntry(momentumLayout, entry, freshMomentum(), step, param(), []) as {
          momentum: { count: number };
        }
      ).momentum.count;

    it('restarts from 0 where the counted buffer is saved as null', () => {
      expect(countAfter({ momentum_buffer: null }, 5)).toBe(0);
      expect(countAfter({}, 5)).toBe(0);
    });

    it('is at least 1 where the buffer is saved, even without a saved step', () => {
      const buffer = tensor([1, 1, 1, 1], [2, 2]);
      expect(countAfter({ momentum_buffer: buffer }, 0)).toBe(1);
      expect(countAfter({ momentum_buffer: buffer }, 6)).toBe(6);
    });

    it('is the step itself for a count of no one tensor', () => {
      const state = fromLayoutEntry(adamLayout, {}, freshAdam(), 0, param(), []) as {
        adam: { count: number };
      };
      expect(state.adam.count).toBe(0);
    });

    it('becomes a float32 scalar tensor where the fresh state keeps its count on the device', () => {
      const created: Tensor[] = [];
      const fresh = { adam: { mu: zeros([2, 2]), nu: zeros([2, 2]), count: scalar(0, 'float32') } };
      const state = fromLayoutEntry(adamLayout, {}, fresh, 9, param(), created) as {
        adam: { count: Tensor };
      };
      expect(state.adam.count.dtype).toBe('float32');
      expect(state.adam.count.shape).toEqual([]);
      expect(values(state.adam.count)).toEqual([9]);
      expect(created).toEqual([state.adam.count]);
    });

    it('leaves out a count the fresh state does not hold', () => {
      const state = fromLayoutEntry(momentumLayout, {}, { momentum: {} }, 3, param(), []);
      expect(state).toEqual({ momentum: {} });
    });
  });
});
