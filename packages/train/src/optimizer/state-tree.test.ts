// The state-tree helpers every optimizer front end walks its transform state with: finding
// the tensors, keeping a step's new state and freeing what it replaced, copying a loaded tree
// bit for bit, turning saved step counts into the tensors the Adam family keeps, and naming
// the first place a loaded tree differs from the optimizer's own.
import { memory, scalar, scope, type Tensor, tensor, zeros } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import {
  copyState,
  countsAsTensors,
  replaceState,
  stateMismatch,
  stateTensors,
} from './state-tree.js';

const values = (t: Tensor) => Array.from(t.dataSync());

describe('stateTensors', () => {
  it('finds every tensor in nested objects and arrays once, and nothing else', () => {
    const a = tensor([1]);
    const b = tensor([2]);
    const c = tensor([3]);
    const tree = { adam: { mu: a, nu: b, count: 4 }, list: [c, a, null, 'x'], flag: true };
    const found = stateTensors(tree);
    expect(found.size).toBe(3);
    expect([...found]).toEqual(expect.arrayContaining([a, b, c]));
  });

  it('adds to a given set and finds nothing in plain data', () => {
    const a = tensor([1]);
    const out = new Set<Tensor>([a]);
    stateTensors({ n: 1, s: 'x', z: null, u: undefined, list: [1, 2] }, out);
    expect([...out]).toEqual([a]);
    expect(stateTensors(tensor([5])).size).toBe(1);
  });
});

describe('replaceState', () => {
  it('keeps the new tensors past an enclosing scope and frees the old ones it dropped', () => {
    const shared = tensor([9]);
    const previous = { mu: tensor([1]), nu: tensor([2]), shared };
    let next: { mu: Tensor; nu: Tensor; shared: Tensor } | undefined;
    scope(() => {
      next = { mu: tensor([3]), nu: tensor([4]), shared };
      replaceState(previous, next);
      // Nothing is returned: without keep, the scope would free mu and nu here.
    });
    expect(next!.mu.isDisposed).toBe(false);
    expect(next!.nu.isDisposed).toBe(false);
    expect(values(next!.mu)).toEqual([3]);
    expect(previous.mu.isDisposed).toBe(true);
    expect(previous.nu.isDisposed).toBe(true);
    // A tensor in both trees is still needed.
    expect(shared.isDisposed).toBe(false);
  });

  it('leaves the live tensor count unchanged when a state replaces one of the same size', () => {
    let state: unknown = { mu: zeros([3]), count: 0 };
    const before = memory().tensors;
    for (let k = 1; k <= 3; k++) {
      scope(() => {
        const next = { mu: tensor([k, k, k]), count: k };
        replaceState(state, next);
        state = next;
      });
    }
    expect(memory().tensors).toBe(before);
    expect(values((state as { mu: Tensor }).mu)).toEqual([3, 3, 3]);
  });

  it('takes an undefined previous state (a first step)', () => {
    const next = { mu: tensor([1]) };
    scope(() => replaceState(undefined, next));
    expect(next.mu.isDisposed).toBe(false);
  });
});

describe('copyState', () => {
  it('copies every tensor into a new one with the same bits, shape and dtype', () => {
    const mu = tensor([-0, Number.NaN, 1.5, -2], [2, 2]);
    const mask = tensor([1, 0, 1], [3], 'bool');
    const count = tensor([7], [1], 'int32');
    const copy = copyState({ mu, parts: [mask, count], step: 3, name: 'adam' });
    expect(copy.mu).not.toBe(mu);
    expect(copy.mu.shape).toEqual([2, 2]);
    expect(copy.mu.dtype).toBe(mu.dtype);
    const got = values(copy.mu);
    expect(Object.is(got[0], -0)).toBe(true);
    expect(Number.isNaN(got[1])).toBe(true);
    expect(got.slice(2)).toEqual([1.5, -2]);
    expect(copy.parts[0]!.dtype).toBe('bool');
    expect(values(copy.parts[0]!)).toEqual([1, 0, 1]);
    expect(copy.parts[1]!.dtype).toBe('int32');
    expect(values(copy.parts[1]!)).toEqual([7]);
    expect(copy.step).toBe(3);
    expect(copy.name).toBe('adam');
  });

  it('is frozen at every level and independent of the source', () => {
    const source = { adam: { mu: tensor([1, 2]) }, list: [tensor([3])] };
    const copy = copyState(source);
    expect(Object.isFrozen(copy)).toBe(true);
    expect(Object.isFrozen(copy.adam)).toBe(true);
    expect(Object.isFrozen(copy.list)).toBe(true);
    expect(Array.isArray(copy.list)).toBe(true);
    // The caller may free what it passed; the copy stays.
    source.adam.mu.dispose();
    source.list[0]!.dispose();
    expect(values(copy.adam.mu)).toEqual([1, 2]);
    expect(values(copy.list[0]!)).toEqual([3]);
  });

  it('returns plain leaves as they are', () => {
    expect(copyState(4)).toBe(4);
    expect(copyState(null)).toBeNull();
    expect(copyState(undefined)).toBeUndefined();
    expect(copyState('x')).toBe('x');
  });
});

describe('countsAsTensors', () => {
  it('makes a float32 scalar tensor of a number where the fresh state holds one', () => {
    const fresh = { adam: { count: scalar(0, 'float32'), mu: zeros([2]) } };
    const mu = tensor([1, 2]);
    const created: Tensor[] = [];
    const out = countsAsTensors({ adam: { count: 5, mu } }, fresh, created) as {
      adam: { count: Tensor; mu: Tensor };
    };
    expect(created).toHaveLength(1);
    expect(out.adam.count).toBe(created[0]);
    expect(out.adam.count.dtype).toBe('float32');
    expect(out.adam.count.shape).toEqual([]);
    expect(values(out.adam.count)).toEqual([5]);
    // A tensor where one is expected is the caller's, passed through.
    expect(out.adam.mu).toBe(mu);
  });

  it('leaves a number alone where the fresh tensor is not a float32 scalar', () => {
    const created: Tensor[] = [];
    expect(countsAsTensors(5, tensor([0, 0]), created)).toBe(5);
    expect(countsAsTensors(5, scalar(0, 'int32'), created)).toBe(5);
    expect(countsAsTensors(5, 0, created)).toBe(5);
    expect(created).toHaveLength(0);
  });

  it('walks arrays against arrays and keeps what does not line up', () => {
    const fresh = [{ count: scalar(0, 'float32') }, { count: scalar(0, 'float32') }];
    const created: Tensor[] = [];
    const out = countsAsTensors([{ count: 1 }, { count: 2 }], fresh, created) as {
      count: Tensor;
    }[];
    expect(out.map((entry) => values(entry.count))).toEqual([[1], [2]]);
    expect(created).toHaveLength(2);
    // An array saved where the fresh state has an object: returned as it is.
    const odd = [{ count: 3 }];
    expect(countsAsTensors(odd, { count: scalar(0, 'float32') }, created)).toBe(odd);
    expect(created).toHaveLength(2);
  });
});

describe('stateMismatch', () => {
  const fresh = () => ({ adam: { mu: zeros([2, 3]), count: 0 }, list: [zeros([1])] });

  it('is undefined when the structure matches, whatever the values', () => {
    const actual = {
      adam: { mu: tensor([1, 2, 3, 4, 5, 6], [2, 3]), count: 9 },
      list: [tensor([4])],
    };
    expect(stateMismatch(actual, fresh())).toBeUndefined();
  });

  it('names a tensor of the wrong shape or dtype with both', () => {
    const wrongShape = { adam: { mu: zeros([3, 2]), count: 0 }, list: [zeros([1])] };
    expect(stateMismatch(wrongShape, fresh())).toBe(
      'state.adam.mu is float32 [3, 2] but the optimizer holds float32 [2, 3]',
    );
    const wrongType = { adam: { mu: zeros([2, 3], 'int32'), count: 0 }, list: [zeros([1])] };
    expect(stateMismatch(wrongType, fresh())).toBe(
      'state.adam.mu is int32 [2, 3] but the optimizer holds float32 [2, 3]',
    );
  });

  it('names a disposed tensor and a missing one', () => {
    const gone = zeros([2, 3]);
    gone.dispose();
    expect(stateMismatch({ adam: { mu: gone, count: 0 }, list: [zeros([1])] }, fresh())).toBe(
      'state.adam.mu is a disposed tensor',
    );
    expect(stateMismatch({ adam: { mu: [0, 0], count: 0 }, list: [zeros([1])] }, fresh())).toBe(
      'state.adam.mu should be a tensor',
    );
  });

  it('names missing, extra and renamed keys', () => {
    expect(stateMismatch({ adam: { mu: zeros([2, 3]) }, list: [zeros([1])] }, fresh())).toBe(
      'state.adam should have the keys mu, count, has mu',
    );
    expect(
      stateMismatch(
        { adam: { mu: zeros([2, 3]), count: 0, extra: 1 }, list: [zeros([1])] },
        fresh(),
      ),
    ).toBe('state.adam should have the keys mu, count, has mu, count, extra');
    expect(
      stateMismatch({ adam: { mu: zeros([2, 3]), steps: 0 }, list: [zeros([1])] }, fresh()),
    ).toBe('state.adam should have the keys mu, count, has mu, steps');
  });

  it('names an array of the wrong length, a non-object and a leaf of the wrong type', () => {
    expect(stateMismatch({ adam: { mu: zeros([2, 3]), count: 0 }, list: [] }, fresh())).toBe(
      'state.list should be an array of 1',
    );
    expect(stateMismatch({ adam: [zeros([2, 3]), 0], list: [zeros([1])] }, fresh())).toBe(
      'state.adam should be an object',
    );
    expect(stateMismatch({ adam: zeros([1]), list: [zeros([1])] }, fresh())).toBe(
      'state.adam should be an object',
    );
    expect(
      stateMismatch({ adam: { mu: zeros([2, 3]), count: '0' }, list: [zeros([1])] }, fresh()),
    ).toBe('state.adam.count should be a number');
    expect(stateMismatch({ adam: { mu: zeros([2, 3]), count: 0 }, list: [[0]] }, fresh())).toBe(
      'state.list.0 should be a tensor',
    );
  });

  it('starts its path where the caller says', () => {
    expect(stateMismatch([], [1], 'states[2]')).toBe('states[2] should be an array of 1');
  });
});
