import { describe, expect, it } from 'vitest';
import { tensor } from '../creation.js';
import { Tensor } from '../tensor.js';
import { tree } from './index.js';

describe('trees of tensors', () => {
  it('treats tensors as leaves and maps over them', () => {
    const weight = tensor([
      [1, 2],
      [3, 4],
    ]);
    const bias = tensor([1, 2, 3]);
    const params = { dense: { weight, bias }, step: null };
    expect(tree.leaves(params)).toEqual([bias, weight]);
    expect(tree.leaves(params)[0]).toBe(bias);
    expect(tree.map((t: Tensor) => t.shape.length, params)).toEqual({
      dense: { weight: 2, bias: 1 },
      step: null,
    });
    const [values, treedef] = tree.flatten(params);
    expect(values.every((value) => value instanceof Tensor)).toBe(true);
    expect(treedef.toString()).toBe('TreeDef({dense: {bias: *, weight: *}, step: null})');
    expect(tree.unflatten(treedef, values).dense.weight).toBe(weight);
    expect(tree.leavesWithPath(params).map(([path]) => tree.pathToString(path))).toEqual([
      'dense.bias',
      'dense.weight',
    ]);
    weight.dispose();
    bias.dispose();
  });
});
