import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Tree, tree } from './index.js';

// Random nested trees of numbers, with null and undefined as empty nodes.
const { node } = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.double(),
    fc.constantFrom(null, undefined),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 3 }), tie('node'), { maxKeys: 4 }),
  ),
}));
const treeOfNumbers = node as fc.Arbitrary<Tree<number>>;

/** A copy of `value` whose objects list their keys in reverse insertion order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).reverse();
  return Object.fromEntries(entries.map(([key, child]) => [key, reverseKeys(child)]));
}

describe('tree properties', () => {
  it('unflatten(flatten(t)) rebuilds t', () => {
    fc.assert(
      fc.property(treeOfNumbers, (t) => {
        const [values, treedef] = tree.flatten(t);
        const rebuilt = tree.unflatten(treedef, tree.leaves(t));
        expect(rebuilt).toEqual(t);
        expect(tree.structureEqual(rebuilt, t)).toBe(true);
        expect(tree.leaves(rebuilt)).toEqual(values);
        expect(tree.treedefEqual(tree.flatten(rebuilt)[1], treedef)).toBe(true);
      }),
    );
  });

  it('map(identity) rebuilds t', () => {
    fc.assert(
      fc.property(treeOfNumbers, (t) => {
        expect(tree.map((x) => x, t)).toEqual(t);
      }),
    );
  });

  it('leaves(map(f, t)) is leaves(t).map(f)', () => {
    const f = (x: number) => x * 2 + 1;
    fc.assert(
      fc.property(treeOfNumbers, (t) => {
        expect(tree.leaves(tree.map(f, t))).toEqual(tree.leaves(t).map(f));
      }),
    );
  });

  it('flattening does not depend on key insertion order', () => {
    fc.assert(
      fc.property(treeOfNumbers, (t) => {
        const reversed = reverseKeys(t);
        expect(tree.leaves(reversed)).toEqual(tree.leaves(t));
        expect(tree.flatten(reversed)[1].toString()).toBe(tree.flatten(t)[1].toString());
      }),
    );
  });

  it('zip(t, t) pairs each leaf with itself', () => {
    fc.assert(
      fc.property(treeOfNumbers, (t) => {
        expect(tree.zip(t, t)).toEqual(tree.map((x) => [x, x], t));
      }),
    );
  });
});
