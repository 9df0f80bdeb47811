// Inputs that are not tensors: the message says what was passed and, for a wrapper that holds
// its tensor in `value` (a train Parameter), how to get at the tensor.
import { describe, expect, it } from 'vitest';
import { tensor } from '../creation.js';
import type { Tensor } from '../tensor.js';
import { add } from './binary.js';
import { describeNonTensor } from './convert.js';
import { matmul } from './matmul.js';

class Parameter {
  constructor(
    readonly value: Tensor,
    readonly name: string,
  ) {}
}

describe('a wrapper holding a tensor where a tensor is expected', () => {
  it('names the wrapper and .value in converting and in tensor-only ops', () => {
    const x = tensor([[1, 2]]);
    const weight = new Parameter(tensor([[3], [4]]), 'fc.weight');
    expect(() => add(weight as never, 1)).toThrow(
      "add: argument 'a' must be a Tensor, a number, a boolean or a nested array, got a Parameter 'fc.weight', which holds a Tensor: pass its .value",
    );
    expect(() => matmul(x, weight as never)).toThrow(
      /got a Parameter 'fc\.weight', which holds a Tensor: pass its \.value/,
    );
    expect(matmul(x, weight.value).toArray()).toEqual([[11]]);
  });

  it('keeps the plain description for other values', () => {
    expect(describeNonTensor(null)).toBe('null');
    expect(describeNonTensor('a')).toBe('string');
    expect(describeNonTensor({ value: 3 })).toBe('object');
    expect(describeNonTensor({ value: tensor([1]) })).toBe(
      'an object, which holds a Tensor: pass its .value',
    );
  });
});
