import { describe, expect, it } from 'vitest';
import { tree } from './index.js';

describe('TreeDef', () => {
  const [, treedef] = tree.flatten({
    steps: [1, null, undefined],
    dense: { weight: 1, bias: 2 },
    'a-b': 3,
  });

  it('counts leaves and prints its structure', () => {
    expect(treedef.numLeaves).toBe(4);
    expect(treedef.toString()).toBe(
      'TreeDef({"a-b": *, dense: {bias: *, weight: *}, steps: [*, null, undefined]})',
    );
    expect(tree.flatten(5)[1].toString()).toBe('TreeDef(*)');
    expect(tree.flatten(null)[1].numLeaves).toBe(0);
  });

  it('serializes to JSON', () => {
    const [, small] = tree.flatten({ b: [1], a: null });
    expect(JSON.parse(JSON.stringify(small))).toEqual({
      kind: 'object',
      keys: ['a', 'b'],
      children: [{ kind: 'null' }, { kind: 'array', children: [{ kind: 'leaf' }] }],
    });
  });

  it('is immutable', () => {
    expect(Object.isFrozen(treedef)).toBe(true);
    expect(Object.isFrozen(treedef.toJSON())).toBe(true);
    expect(() => {
      (treedef as { numLeaves: number }).numLeaves = 0;
    }).toThrow(TypeError);
  });

  it('compares by structure with treedefEqual', () => {
    const [, same] = tree.flatten({
      'a-b': 'x',
      dense: { bias: 'y', weight: 'z' },
      steps: [0, null, undefined],
    });
    const [, other] = tree.flatten({
      'a-b': 'x',
      dense: { bias: 'y', weight: 'z' },
      steps: [0, null, null],
    });
    expect(tree.treedefEqual(treedef, same)).toBe(true);
    expect(tree.treedefEqual(treedef, other)).toBe(false);
    expect(tree.treedefEqual(tree.flatten([1, 2])[1], tree.flatten([1])[1])).toBe(false);
  });
});
