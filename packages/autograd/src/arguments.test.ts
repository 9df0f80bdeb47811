import { type Tensor, tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { allArguments, selectArguments } from './arguments.js';

// Three distinguishable tensors; the tests follow them by identity, not by value.
const a = tensor([1]);
const b = tensor([2, 3]);
const c = tensor([4, 5, 6]);

describe('selectArguments', () => {
  it('flattens the selected arguments in argnums order, not in argument order', () => {
    const args = [{ w: a, b }, c, 'label'];
    const selection = selectArguments('grad', args, [1, 0]);
    // Argument 1 first, then argument 0's leaves in sorted key order (b before w).
    expect(selection.leaves).toEqual([c, b, a]);
    expect(selection.leaves[0]).toBe(c);
    expect(selection.leaves[1]).toBe(b);
    expect(selection.leaves[2]).toBe(a);
  });

  it('counts negative argnums from the end', () => {
    const selection = selectArguments('grad', [a, b, c], -1);
    expect(selection.leaves).toHaveLength(1);
    expect(selection.leaves[0]).toBe(c);
    const pair = selectArguments('grad', [a, b, c], [-3, -2]);
    expect(pair.leaves[0]).toBe(a);
    expect(pair.leaves[1]).toBe(b);
  });

  it('rebuilds a copy of the arguments with the selected leaves replaced, the rest untouched', () => {
    const other = { scale: 2 };
    const args = [{ w: a, b }, other, c];
    const selection = selectArguments('grad', args, [2, 0]);
    const x = tensor([7]);
    const y = tensor([8]);
    const z = tensor([9]);
    // Replacements pair with leaves in order: c -> x, b -> y, a -> z.
    const rebuilt = selection.rebuild([x, y, z]);
    expect(rebuilt).toHaveLength(3);
    expect(rebuilt[2]).toBe(x);
    expect((rebuilt[0] as { b: Tensor }).b).toBe(y);
    expect((rebuilt[0] as { w: Tensor }).w).toBe(z);
    // The unselected argument is passed as it is, and the caller's array is not modified.
    expect(rebuilt[1]).toBe(other);
    expect(rebuilt).not.toBe(args);
    expect(args[2]).toBe(c);
    expect((args[0] as { w: Tensor }).w).toBe(a);
  });

  it('assembles gradients as one tree for a number argnums and a tuple for an array', () => {
    const args = [{ layers: [a, b] }, c];
    const g1 = tensor([10]);
    const g2 = tensor([20, 30]);
    const single = selectArguments('grad', args, 0);
    const one = single.assemble([g1, g2]) as { layers: Tensor[] };
    expect(Array.isArray(one)).toBe(false);
    expect(one.layers[0]).toBe(g1);
    expect(one.layers[1]).toBe(g2);
    // A one-element array still gives a tuple.
    const wrapped = selectArguments('grad', args, [0]).assemble([g1, g2]) as unknown[];
    expect(wrapped).toHaveLength(1);
    expect((wrapped[0] as { layers: Tensor[] }).layers[1]).toBe(g2);
    const g3 = tensor([40, 50, 60]);
    const both = selectArguments('grad', args, [1, 0]).assemble([g3, g1, null]) as unknown[];
    expect(both).toHaveLength(2);
    expect(both[0]).toBe(g3);
    expect((both[1] as { layers: unknown[] }).layers).toEqual([g1, null]);
    expect((both[1] as { layers: unknown[] }).layers[0]).toBe(g1);
  });

  it('selects nothing from an argument without leaves, and rebuilds it as it was', () => {
    const selection = selectArguments('grad', [{}, a], 0);
    expect(selection.leaves).toEqual([]);
    expect(selection.rebuild([])[0]).toEqual({});
    expect(selection.assemble([])).toEqual({});
  });

  it('refuses an out-of-range, fractional or repeated argnums, naming the op and argnums', () => {
    const args = [a, b];
    expect(() => selectArguments('grad', args, 2)).toThrow(ValueError);
    expect(() => selectArguments('grad', args, 2)).toThrow(
      "grad: argument 'argnums' 2 is out of range: f was called with 2 argument(s)",
    );
    expect(() => selectArguments('jacobian', args, -3)).toThrow(
      "jacobian: argument 'argnums' -3 is out of range: f was called with 2 argument(s)",
    );
    expect(() => selectArguments('grad', args, [0, 0.5])).toThrow(
      "grad: argument 'argnums' [0,0.5] is out of range: f was called with 2 argument(s)",
    );
    // -2 and 0 name the same argument.
    expect(() => selectArguments('valueAndGrad', args, [0, -2])).toThrow(
      "valueAndGrad: argument 'argnums' [0,-2] repeats argument 0",
    );
    expect(() => selectArguments('grad', [], 0)).toThrow(
      "grad: argument 'argnums' 0 is out of range: f was called with 0 argument(s)",
    );
  });

  it('refuses a selected argument with a leaf that is not a tensor, naming where it is', () => {
    expect(() => selectArguments('vjp', [a, 3], [0, 1])).toThrow(
      "vjp: argument 'args[1]' holds a number; differentiated arguments must be tensors or trees of tensors",
    );
    expect(() => selectArguments('grad', [{ layers: [a, 'x'] }], 0)).toThrow(
      "grad: argument 'args[0]' holds a string at layers[1]; differentiated arguments must be tensors or trees of tensors",
    );
    // A class instance is a leaf of its own; the message names its class.
    expect(() => selectArguments('grad', [{ when: new Date(0) }], 0)).toThrow(
      "grad: argument 'args[0]' holds a Date at when;",
    );
    expect(() => selectArguments('grad', [[a, true]], 0)).toThrow(/holds a boolean at \[1\]/);
  });

  it('does not inspect the arguments it does not select', () => {
    const selection = selectArguments('grad', [a, 'not a tensor', { n: 3 }], 0);
    expect(selection.leaves).toEqual([a]);
  });
});

describe('allArguments', () => {
  it('names every argument, in order', () => {
    expect(allArguments([])).toEqual([]);
    expect(allArguments([a, 'x', { b }])).toEqual([0, 1, 2]);
  });
});
