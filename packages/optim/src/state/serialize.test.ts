import { Tensor, tensor, tree } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { chain } from '../base.js';
import { injectHyperparams } from '../combinators/index.js';
import { momentum, scaleBy } from '../combinators/test-transforms.js';
import { RowSparse } from '../row-sparse.js';
import { deserializeState, serializeState } from './index.js';

/** The raw bytes of a tensor's values, to compare bit for bit (NaN payloads and −0 included). */
const bytesOf = (t: Tensor) => {
  const values = t.dataSync();
  return Array.from(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
};

/** Checks that `b` equals `a` exactly: same structure, same bytes in every tensor. */
function expectBitExact(a: unknown, b: unknown): void {
  const isTensor = (x: unknown) => x instanceof Tensor;
  const [leavesA, defA] = tree.flatten(a, { isLeaf: isTensor });
  const [leavesB, defB] = tree.flatten(b, { isLeaf: isTensor });
  expect(tree.treedefEqual(defA, defB)).toBe(true);
  leavesA.forEach((leafA, i) => {
    const leafB = leavesB[i];
    if (leafA instanceof Tensor) {
      expect(leafB).toBeInstanceOf(Tensor);
      const t = leafB as Tensor;
      expect([t.dtype, t.shape]).toEqual([leafA.dtype, leafA.shape]);
      expect(bytesOf(t)).toEqual(bytesOf(leafA));
    } else {
      expect(Object.is(leafA, leafB), `leaf ${i}: ${String(leafA)} vs ${String(leafB)}`).toBe(true);
    }
  });
}

const awkward = () => ({
  moments: [
    tensor([1.1, -0, Number.NaN, Number.POSITIVE_INFINITY, -3.4e38, 1e-45], [2, 3], 'float32'),
    tensor([Math.PI, -0, Number.MIN_VALUE, Number.NEGATIVE_INFINITY], [4], 'float64'),
    tensor([-(2 ** 31), 2 ** 31 - 1, 0], [3], 'int32'),
    tensor([true, false, true], [3], 'bool'),
    tensor([2.5], [], 'float32'),
    tensor([], [0, 3], 'float32'),
  ],
  numbers: [
    0,
    -0,
    0.1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    2 ** 53 + 2,
    5e-324,
  ],
  flags: [true, false],
  text: 'adam',
  nothing: null,
  missing: undefined,
  nested: { deeper: [[], {}, [{ count: 3 }]] },
  $tensor: 'a key that looks like a tag',
});

describe('serializeState / deserializeState', () => {
  it('round-trips bit-exactly through JSON text', () => {
    const state = awkward();
    const text = JSON.stringify(serializeState(state));
    expectBitExact(state, deserializeState(JSON.parse(text)));
    expectBitExact(state, deserializeState(text));
  });

  it('returns frozen arrays and objects', () => {
    const restored = deserializeState<ReturnType<typeof awkward>>(serializeState(awkward()));
    expect(Object.isFrozen(restored)).toBe(true);
    expect(Object.isFrozen(restored.nested.deeper)).toBe(true);
    expect(Object.isFrozen(restored.moments)).toBe(true);
  });

  it('round-trips a real optimizer state, which then continues identically', () => {
    const opt = injectHyperparams(
      ({ learningRate }: { learningRate: number }) => chain(momentum(0.9), scaleBy(-learningRate)),
      { learningRate: (t: number) => 0.1 / (t + 1) },
    );
    const params = { w: tensor([0.3, -0.7]), b: [tensor([1e-8])] };
    const g = { w: tensor([0.1, 0.2]), b: [tensor([-3])] };
    const [, state] = opt.update(g, opt.init(params));
    const restored = deserializeState<typeof state>(JSON.stringify(serializeState(state)));
    expectBitExact(state, restored);
    expectBitExact(opt.update(g, state), opt.update(g, restored));
  });

  it('refuses what it cannot save and what it cannot read', () => {
    expect(() => serializeState({ f: () => 1 })).toThrow(
      /serializeState: argument 'state'.*function at state.f/,
    );
    const sparse = new RowSparse([0], tensor([[1]]), [2, 1]);
    expect(() => serializeState([sparse])).toThrow(/RowSparse at state\[0\]/);
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => serializeState(loop)).toThrow(/refers to itself/);
    expect(() => deserializeState({ format: 'other' } as never)).toThrow(/deserializeState/);
    const bad = {
      format: 'gradkit-optim-state',
      version: 1,
      state: { $number: 'toString' },
    } as const;
    expect(() => deserializeState(bad as never)).toThrow(/unknown \$number/);
    const short = {
      format: 'gradkit-optim-state',
      version: 1,
      state: { $tensor: { dtype: 'float32', shape: [2], data: 'AAAA' } },
    } as const;
    expect(() => deserializeState(short as never)).toThrow(/3 bytes of data for 2 float32 values/);
  });
});
