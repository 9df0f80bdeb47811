// Integer powers: a negative integer exponent has no integer result, so it is refused as in
// PyTorch ("Integers to negative integer powers are not allowed"), before any output exists.
import { describe, expect, it } from 'vitest';
import { tensor } from '../creation.js';
import { ValueError } from '../errors.js';
import { expectTensorError } from '../testing/expect-tensor-error.js';
import { pow } from './binary.js';

describe('pow on integers', () => {
  it('refuses a negative exponent, naming it', () => {
    const base = tensor([2, 3], undefined, 'int32');
    expectTensorError(() => pow(base, -1), ValueError, 'pow', 'b', [
      '-1',
      'int32',
      'negative integer powers',
    ]);
    const exponents = tensor([1, -2], undefined, 'int32');
    expectTensorError(() => pow(base, exponents), ValueError, 'pow', 'b', ['-2']);
  });

  it('computes non-negative integer powers exactly', () => {
    expect(pow(tensor([2, -3, 0], undefined, 'int32'), 3).toArray()).toEqual([8, -27, 0]);
    expect(pow(tensor([5], undefined, 'int32'), 0).toArray()).toEqual([1]);
  });

  it('a float operand makes the power a float one, where negative exponents are fine', () => {
    const result = pow(tensor([2, 4], undefined, 'int32'), tensor([-1, -0.5]));
    expect(result.dtype).toBe('float32');
    expect(result.toArray()).toEqual([0.5, 0.5]);
  });
});
