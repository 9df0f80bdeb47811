import { describe, expect, it } from 'vitest';
import { tensor } from '../creation.js';
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { expectSameBits } from '../testing/expect-same-bits.js';
import { expectTensorError } from '../testing/expect-tensor-error.js';
import { backendSupports } from '../testing/index.js';
import { isTensorJSON, tensorFromJSON, tensorToJSON } from './tensor-json.js';

const throughText = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('tensorToJSON / tensorFromJSON', () => {
  it('writes { dtype, shape, data } with flat row-major data', () => {
    expect(
      tensorToJSON(
        tensor(
          [
            [1, 2],
            [3, 4],
          ],
          undefined,
          'int32',
        ),
      ),
    ).toEqual({
      dtype: 'int32',
      shape: [2, 2],
      data: [1, 2, 3, 4],
    });
    expect(tensorToJSON(tensor([true, false])).data).toEqual([true, false]);
  });

  it('round-trips float32 bit for bit, special values included', () => {
    // Values float32 rounds: the text must carry the rounded number exactly.
    const values = [0.1, -1 / 3, 1e-40, 3.4e38, Number.NaN, Infinity, -Infinity, -0, 0];
    const x = tensor(values, undefined, 'float32');
    const back = tensorFromJSON(throughText(tensorToJSON(x)) as never);
    expectSameBits(x, back);
  });

  it('round-trips float64, int32 and bool exactly', () => {
    const cases: Tensor[] = [
      tensor([[-(2 ** 31), 2 ** 31 - 1, 0]], undefined, 'int32'),
      tensor([[[true], [false]]]),
      tensor([], [0, 3], 'int32'),
    ];
    if (backendSupports('float64')) {
      cases.push(
        tensor([Math.PI, 1e-310, -Number.MAX_VALUE, Number.NaN, -0], undefined, 'float64'),
      );
    }
    for (const x of cases) expectSameBits(x, tensorFromJSON(throughText(tensorToJSON(x)) as never));
  });

  it('refuses a malformed form, naming what is wrong', () => {
    expectTensorError(
      () => tensorFromJSON({ shape: [1] } as never),
      ValueError,
      'tensorFromJSON',
      'json',
      ['dtype'],
    );
    expectTensorError(
      () => tensorFromJSON({ dtype: 'float32', shape: [2, 2], data: [1, 2, 3] }),
      ValueError,
      'tensorFromJSON',
      'json.data',
      ['3 values', '[2, 2]', '4'],
    );
    expectTensorError(
      () => tensorFromJSON({ dtype: 'int32', shape: [1], data: ['NaN'] }),
      ValueError,
      'tensorFromJSON',
      'json.data',
      ['"NaN"', 'index 0', 'int32'],
    );
    expectTensorError(
      () => tensorFromJSON({ dtype: 'bool', shape: [1], data: [1] }),
      ValueError,
      'tensorFromJSON',
      'json.data',
    );
  });

  it('isTensorJSON recognises exactly the written form', () => {
    expect(isTensorJSON(tensorToJSON(tensor([1])))).toBe(true);
    expect(isTensorJSON({ dtype: 'float32', shape: [1], data: [1], extra: 1 })).toBe(false);
    expect(isTensorJSON({ dtype: 'float16', shape: [1], data: [1] })).toBe(false);
    expect(isTensorJSON([1])).toBe(false);
  });
});
