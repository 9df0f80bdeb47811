import { describe, expect, it } from 'vitest';
import { add, exp, mul, sum, tensor } from './index.js';
import {
  isPrimitiveObserved,
  type PrimitiveObserver,
  withPrimitiveObserver,
  withPrimitiveTracer,
} from './observer.js';

const recorder = (seen: string[], tag: string): PrimitiveObserver => ({
  onPrimitive: (primitive) => seen.push(`${tag}:${primitive}`),
});

describe('primitive tracer', () => {
  it('sees primitives run under an observer installed inside it; the observer does too', () => {
    const seen: string[] = [];
    withPrimitiveTracer(recorder(seen, 'tracer'), () => {
      exp(tensor([1]));
      withPrimitiveObserver(recorder(seen, 'tape'), () => add(tensor([1]), tensor([2])));
    });
    expect(seen).toEqual(['tracer:exp', 'tracer:add', 'tape:add']);
  });

  it('an observer installed inside another still hides the outer one (autograd relies on it)', () => {
    const seen: string[] = [];
    withPrimitiveObserver(recorder(seen, 'outer'), () =>
      withPrimitiveObserver(recorder(seen, 'inner'), () => mul(tensor([1]), tensor([2]))),
    );
    expect(seen).toEqual(['inner:mul']);
  });

  it('follows an async function across await, and stops when it settles', async () => {
    const seen: string[] = [];
    await withPrimitiveTracer(recorder(seen, 'tracer'), async () => {
      exp(tensor([1]));
      await Promise.resolve();
      add(tensor([1]), tensor([2]));
    });
    mul(tensor([1]), tensor([2]));
    expect(seen).toEqual(['tracer:exp', 'tracer:add']);
    expect(isPrimitiveObserved()).toBe(false);
  });

  it('isPrimitiveObserved says whether anything records', () => {
    expect(isPrimitiveObserved()).toBe(false);
    expect(withPrimitiveTracer({ onPrimitive: () => {} }, isPrimitiveObserved)).toBe(true);
    expect(withPrimitiveObserver({ onPrimitive: () => {} }, isPrimitiveObserved)).toBe(true);
  });

  it('onRead sees every host read first and may refuse it', () => {
    const reads: string[] = [];
    const x = tensor([2]);
    const observer: PrimitiveObserver = {
      onPrimitive: () => {},
      onRead: (op, t) => {
        reads.push(`${op}:${t.shape.length}`);
        if (t !== x) throw new Error(`no reading in ${op}`);
      },
    };
    withPrimitiveTracer(observer, () => {
      expect(x.item()).toBe(2);
      expect(x.toArray()).toEqual([2]);
      expect(x.dataSync()).toEqual(new Float32Array([2]));
      expect(() => sum(x).item()).toThrow('no reading in item');
    });
    expect(reads).toEqual([
      'item:1',
      'dataSync:1',
      'toArray:1',
      'dataSync:1',
      'dataSync:1',
      'item:0',
    ]);
  });
});
