import { describe, expect, it } from 'vitest';
import { tensor } from '../creation.js';
import { ValueError } from '../errors.js';
import { expectSameBits } from '../testing/expect-same-bits.js';
import { expectTensorError } from '../testing/expect-tensor-error.js';
import { treeFromJSON, treeToJSON } from './tree-json.js';

describe('treeToJSON / treeFromJSON', () => {
  it('round-trips a state dict through JSON text', () => {
    const state = {
      step: 7,
      name: 'adam',
      layers: [
        { weight: tensor([[0.1, -0.2]]), bias: tensor([0]) },
        { weight: tensor([[1], [2]]), bias: null },
      ],
      counts: tensor([3, 4], undefined, 'int32'),
      mask: tensor([true]),
    };
    const text = JSON.stringify(treeToJSON(state));
    const loaded = treeFromJSON(JSON.parse(text)) as typeof state;
    expect(loaded.step).toBe(7);
    expect(loaded.name).toBe('adam');
    expect(loaded.layers[1]!.bias).toBeNull();
    expectSameBits(state.layers[0]!.weight, loaded.layers[0]!.weight);
    expectSameBits(state.layers[1]!.weight, loaded.layers[1]!.weight);
    expectSameBits(state.counts, loaded.counts);
    expectSameBits(state.mask, loaded.mask);
  });

  it('refuses a non-finite plain number, which JSON would turn into null', () => {
    expectTensorError(() => treeToJSON({ lr: Number.NaN }), ValueError, 'treeToJSON', 'tree', [
      'NaN',
    ]);
  });
});
