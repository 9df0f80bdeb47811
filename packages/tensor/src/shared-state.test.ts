import { afterEach, describe, expect, it, vi } from 'vitest';
import * as first from './index.js';

// A second, separate instance of the package's modules in the same process: what loading its
// ESM and CommonJS builds side by side gives.
async function secondCopy(): Promise<typeof first> {
  vi.resetModules();
  return import('./index.js');
}

describe('two copies of the package in one process', () => {
  afterEach(() => {
    first.setBackend(first.createCpuBackend());
  });

  it('are separate module instances', async () => {
    const second = await secondCopy();
    expect(second.Tensor).not.toBe(first.Tensor);
    expect(second.tensor).not.toBe(first.tensor);
  });

  it('see each other’s tensors as tensors, also as op inputs', async () => {
    const second = await secondCopy();
    const a = first.tensor([1, 2, 3]);
    const b = second.tensor([10, 20, 30]);
    expect(a instanceof second.Tensor).toBe(true);
    expect(b instanceof first.Tensor).toBe(true);
    expect(first.add(a, b).toArray()).toEqual([11, 22, 33]);
    expect(second.mul(a, b).toArray()).toEqual([10, 40, 90]);
    expect({ shape: [3] } instanceof first.Tensor).toBe(false);
    // Ids come from one counter.
    const x = first.tensor([1]);
    const y = second.tensor([1]);
    expect(y.id).toBe(x.id + 1);
  });

  it('keep the subclass test of instanceof', async () => {
    class Marked extends first.Tensor {}
    expect(first.tensor([1]) instanceof Marked).toBe(false);
  });

  it('share one backend setting', async () => {
    const second = await secondCopy();
    const backend = second.createCpuBackend();
    second.setBackend(backend);
    expect(first.getBackend()).toBe(backend);
    expect(first.tensor([1]).backend).toBe(backend);
    first.withBackend(first.createCpuBackend(), () => {
      expect(second.getBackend()).toBe(first.getBackend());
    });
  });

  it('share one scope stack', async () => {
    const second = await secondCopy();
    let inner: first.Tensor | undefined;
    const kept = first.scope(() => {
      inner = second.tensor([1, 2]);
      return second.add(inner, 1);
    });
    expect(inner?.isDisposed).toBe(true);
    expect(kept.isDisposed).toBe(false);
    expect(kept.toArray()).toEqual([2, 3]);
  });

  it('share one primitive observer', async () => {
    const second = await secondCopy();
    const seen: string[] = [];
    first.withPrimitiveObserver({ onPrimitive: (primitive) => seen.push(primitive) }, () =>
      second.mul(second.tensor([1]), second.tensor([2])),
    );
    expect(seen).toContain('mul');
  });

  it('share one account of buffers', async () => {
    const second = await secondCopy();
    const before = first.memory().buffers;
    const t = second.tensor([1, 2, 3]);
    expect(first.memory().buffers).toBe(before + 1);
    t.dispose();
    expect(first.memory().buffers).toBe(before);
  });
});
