import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from './cpu/cpu-backend.js';
import { full, ones, tensor, zeros } from './creation.js';
import { getBackend, withBackend } from './engine.js';
import { memory } from './memory.js';
import { add, mul } from './ops/binary.js';
import { sum } from './ops/reduce.js';
import { reshape } from './ops/reshape.js';
import { keep, scope } from './scope.js';
import type { Tensor } from './tensor.js';
import { backendSupports } from './testing/index.js';

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Changes in memory() across `fn`. */
function delta(fn: () => void): { tensors: number; buffers: number; bytes: number } {
  const before = memory();
  fn();
  const after = memory();
  return {
    tensors: after.tensors - before.tensors,
    buffers: after.buffers - before.buffers,
    bytes: after.bytes - before.bytes,
  };
}

describe('memory() accounting', () => {
  it('counts a float32 [2, 3] tensor as one tensor, one buffer and 24 bytes', () => {
    let t: Tensor | undefined;
    expect(delta(() => (t = zeros([2, 3])))).toEqual({ tensors: 1, buffers: 1, bytes: 24 });
    expect(delta(() => t!.dispose())).toEqual({ tensors: -1, buffers: -1, bytes: -24 });
  });

  it('counts bytes per dtype', () => {
    const cases: [Parameters<typeof full>[2], number][] = [
      ['int32', 4],
      ['bool', 1],
      ['float32', 4],
    ];
    if (backendSupports('float64')) cases.push(['float64', 8]);
    for (const [dtype, bytes] of cases) {
      let t: Tensor | undefined;
      expect(delta(() => (t = full([5], 1, dtype)))).toEqual({
        tensors: 1,
        buffers: 1,
        bytes: 5 * bytes,
      });
      t!.dispose();
    }
  });

  it('reshape shares the buffer: tensors +1, buffers +0, freed only when the last holder goes', () => {
    const x = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    let y: Tensor | undefined;
    expect(delta(() => (y = reshape(x, [3, 2])))).toEqual({ tensors: 1, buffers: 0, bytes: 0 });
    expect(delta(() => x.dispose())).toEqual({ tensors: -1, buffers: 0, bytes: 0 });
    // The view still reads the shared values after the original is gone.
    expect(Array.from(y!.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(delta(() => y!.dispose())).toEqual({ tensors: -1, buffers: -1, bytes: -24 });
  });

  it('reports the same counts for the active backend', () => {
    const name = getBackend().name;
    const before = memory().backends[name];
    const t = zeros([4]);
    const after = memory().backends[name];
    expect(after).toBeDefined();
    expect(after!.tensors - (before?.tensors ?? 0)).toBe(1);
    expect(after!.buffers - (before?.buffers ?? 0)).toBe(1);
    expect(after!.bytes - (before?.bytes ?? 0)).toBe(16);
    t.dispose();
  });

  it('dispose() frees once and is idempotent', () => {
    const t = ones([3]);
    expect(t.isDisposed).toBe(false);
    expect(delta(() => t.dispose())).toEqual({ tensors: -1, buffers: -1, bytes: -12 });
    expect(t.isDisposed).toBe(true);
    expect(delta(() => t.dispose())).toEqual({ tensors: 0, buffers: 0, bytes: 0 });
    expect(t.isDisposed).toBe(true);
  });

  it('ops free their temporaries: only the result stays live', () => {
    const x = ones([2, 2]);
    let y: Tensor | undefined;
    // add with a weak scalar and a cast-requiring operand creates temporaries internally.
    expect(delta(() => (y = add(x, 2)))).toMatchObject({ tensors: 1, buffers: 1 });
    const i = tensor(new Int32Array([1, 2, 3, 4]), [2, 2]);
    let z: Tensor | undefined;
    expect(delta(() => (z = mul(i, x)))).toMatchObject({ tensors: 1, buffers: 1 });
    for (const t of [x, y!, i, z!]) t.dispose();
  });
});

describe('scope', () => {
  it('disposes intermediates but not the returned tensor', () => {
    const before = memory().tensors;
    let intermediate: Tensor | undefined;
    const result = scope(() => {
      intermediate = ones([2]);
      return add(intermediate, intermediate);
    });
    expect(intermediate!.isDisposed).toBe(true);
    expect(result.isDisposed).toBe(false);
    expect(Array.from(result.dataSync())).toEqual([2, 2]);
    expect(memory().tensors).toBe(before + 1);
    result.dispose();
    expect(memory().tensors).toBe(before);
  });

  it('keeps tensors inside returned arrays, plain objects and Maps (also nested)', () => {
    const before = memory().tensors;
    let dropped: Tensor[] = [];
    const out = scope(() => {
      dropped = [ones([1]), ones([1])];
      const a = zeros([1]);
      const b = zeros([2]);
      const c = zeros([3]);
      const d = zeros([4]);
      const e = zeros([5]);
      return {
        list: [a, [b]],
        record: { c },
        map: new Map([['d', d]]),
        nested: new Map([['x', { e: [e] }]]),
      };
    });
    const kept = [
      out.list[0] as Tensor,
      (out.list[1] as Tensor[])[0]!,
      out.record.c,
      out.map.get('d')!,
      out.nested.get('x')!.e[0]!,
    ];
    for (const t of kept) expect(t.isDisposed).toBe(false);
    for (const t of dropped) expect(t.isDisposed).toBe(true);
    expect(memory().tensors).toBe(before + kept.length);
    for (const t of kept) t.dispose();
    expect(memory().tensors).toBe(before);
  });

  it('does not dispose keep()-ed tensors', () => {
    let kept: Tensor | undefined;
    let dropped: Tensor | undefined;
    scope(() => {
      kept = keep(ones([2]));
      dropped = ones([2]);
    });
    expect(kept!.isDisposed).toBe(false);
    expect(dropped!.isDisposed).toBe(true);
    kept!.dispose();
  });

  it('does not dispose tensors created outside it', () => {
    const outside = ones([2]);
    const result = scope(() => outside);
    expect(result).toBe(outside);
    scope(() => {
      add(outside, 1);
    });
    expect(outside.isDisposed).toBe(false);
    outside.dispose();
  });

  it('nested scopes hand returned tensors to the parent scope', () => {
    const before = memory().tensors;
    let fromInner: Tensor | undefined;
    let innerTemp: Tensor | undefined;
    const outer = scope(() => {
      fromInner = scope(() => {
        innerTemp = ones([2]);
        return add(innerTemp, 1);
      });
      // After the inner scope: its temporary is gone, its result is still usable here.
      expect(innerTemp!.isDisposed).toBe(true);
      expect(fromInner.isDisposed).toBe(false);
      return mul(fromInner, 3);
    });
    // The parent did not return the inner result, so it disposed it.
    expect(fromInner!.isDisposed).toBe(true);
    expect(Array.from(outer.dataSync())).toEqual([6, 6]);
    outer.dispose();
    expect(memory().tensors).toBe(before);
  });

  it('a tensor returned through two levels survives both', () => {
    const result = scope(() => scope(() => ones([1])));
    expect(result.isDisposed).toBe(false);
    result.dispose();
  });

  it('a throwing scope disposes everything it created (except keep) and rethrows', () => {
    const before = memory().tensors;
    const created: Tensor[] = [];
    let kept: Tensor | undefined;
    const boom = new Error('boom');
    expect(() =>
      scope(() => {
        created.push(ones([2]), zeros([3]));
        created.push(scope(() => ones([4])));
        kept = keep(ones([1]));
        throw boom;
      }),
    ).toThrow(boom);
    for (const t of created) expect(t.isDisposed).toBe(true);
    expect(kept!.isDisposed).toBe(false);
    expect(memory().tensors).toBe(before + 1);
    kept!.dispose();
  });

  it('async scopes track tensors created after await and dispose them when settled', async () => {
    const before = memory().tensors;
    let early: Tensor | undefined;
    let late: Tensor | undefined;
    const result = await scope(async () => {
      early = ones([2]);
      await tick();
      late = zeros([2]);
      await tick();
      return add(early, late);
    });
    expect(early!.isDisposed).toBe(true);
    expect(late!.isDisposed).toBe(true);
    expect(result.isDisposed).toBe(false);
    expect(memory().tensors).toBe(before + 1);
    result.dispose();
  });

  it('a rejecting async scope disposes what it created and rejects', async () => {
    const created: Tensor[] = [];
    await expect(
      scope(async () => {
        created.push(ones([1]));
        await tick();
        created.push(ones([1]));
        throw new Error('async boom');
      }),
    ).rejects.toThrow('async boom');
    for (const t of created) expect(t.isDisposed).toBe(true);
  });

  it('two concurrent async scopes do not dispose each other\u2019s tensors', async () => {
    const before = memory().tensors;
    let releaseB!: () => void;
    const gateB = new Promise<void>((resolve) => {
      releaseB = resolve;
    });
    let aTemp: Tensor | undefined;
    let bTemp: Tensor | undefined;
    let bLiveAfterAEnded: boolean | undefined;
    const a = scope(async () => {
      aTemp = ones([2]);
      await tick();
      const out = mul(aTemp, 2);
      await tick();
      return out;
    });
    const b = scope(async () => {
      bTemp = full([2], 5);
      await tick();
      const partial = add(bTemp, 1);
      // Wait until scope a has finished; our tensors must still be alive.
      await gateB;
      bLiveAfterAEnded = !bTemp.isDisposed && !partial.isDisposed;
      return add(partial, bTemp);
    });
    const first = await a;
    releaseB();
    const [, second] = await Promise.all([a, b]);
    expect(bLiveAfterAEnded).toBe(true);
    expect(aTemp!.isDisposed).toBe(true);
    expect(bTemp!.isDisposed).toBe(true);
    expect(Array.from(first.dataSync())).toEqual([2, 2]);
    expect(Array.from(second.dataSync())).toEqual([11, 11]);
    expect(memory().tensors).toBe(before + 2);
    first.dispose();
    second.dispose();
  });

  it('Promise.all of interleaved async scopes each keep exactly their own results', async () => {
    const before = memory().tensors;
    const work = (seed: number) =>
      scope(async () => {
        let acc = full([3], seed);
        for (let i = 0; i < 5; i++) {
          await tick();
          acc = add(acc, 1);
        }
        return { acc };
      });
    const results = await Promise.all([work(0), work(10), work(100)]);
    expect(results.map((r) => Array.from(r.acc.dataSync()))).toEqual([
      [5, 5, 5],
      [15, 15, 15],
      [105, 105, 105],
    ]);
    expect(memory().tensors).toBe(before + 3);
    for (const r of results) r.acc.dispose();
  });

  it('a 1,000-iteration loop of scopes keeps memory().tensors flat', () => {
    const before = memory();
    let x = zeros([2]);
    for (let i = 0; i < 1000; i++) {
      const previous = x;
      x = scope(() => add(mul(previous, 0.5), sum(ones([2, 2]), 0)));
      previous.dispose();
      if (i % 100 === 0) expect(memory().tensors).toBe(before.tensors + 1);
    }
    expect(memory().tensors).toBe(before.tensors + 1);
    expect(memory().buffers).toBe(before.buffers + 1);
    // x <- x / 2 + 2 converges to 4.
    for (const v of x.dataSync()) expect(v).toBeCloseTo(4, 5);
    x.dispose();
    expect(memory().tensors).toBe(before.tensors);
    expect(memory().bytes).toBe(before.bytes);
  });
});

describe('withBackend', () => {
  it('runs async functions on the given backend and restores the previous one', async () => {
    const previous = getBackend();
    const other = createCpuBackend();
    let seenAfterAwait: unknown;
    let created: Tensor | undefined;
    const pending = withBackend(other, async () => {
      expect(getBackend()).toBe(other);
      await tick();
      seenAfterAwait = getBackend();
      created = ones([2]);
      return 'done';
    });
    // Synchronously after the call, and while the async function is suspended, the caller
    // still sees its own backend.
    expect(getBackend()).toBe(previous);
    await expect(pending).resolves.toBe('done');
    expect(seenAfterAwait).toBe(other);
    expect(created!.backend).toBe(other);
    expect(getBackend()).toBe(previous);
    created!.dispose();
    expect(other.memory().buffers).toBe(0);
  });

  it('restores the previous backend when the function throws', () => {
    const previous = getBackend();
    expect(() =>
      withBackend(createCpuBackend(), () => {
        throw new Error('inside');
      }),
    ).toThrow('inside');
    expect(getBackend()).toBe(previous);
  });

  it('nests', () => {
    const previous = getBackend();
    const one = createCpuBackend();
    const two = createCpuBackend();
    withBackend(one, () => {
      withBackend(two, () => expect(getBackend()).toBe(two));
      expect(getBackend()).toBe(one);
    });
    expect(getBackend()).toBe(previous);
  });
});

describe('FinalizationRegistry backstop', () => {
  function obtainGc(): () => void {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  }

  /** Creates tensors nobody disposes and drops every reference to them. */
  function leak(count: number): void {
    for (let i = 0; i < count; i++) {
      const t = ones([8]);
      add(t, 1);
    }
  }

  it('frees forgotten tensors when they are garbage collected', async () => {
    const gc = obtainGc();
    // Collect garbage left by earlier tests first, so the baseline is stable.
    for (let i = 0; i < 3; i++) {
      gc();
      await tick(5);
    }
    const before = memory();
    leak(10);
    expect(memory().tensors).toBe(before.tensors + 20);
    for (let attempt = 0; attempt < 50; attempt++) {
      gc();
      await tick(attempt < 10 ? 0 : 10);
      if (memory().tensors === before.tensors) break;
    }
    const after = memory();
    expect(after.finalized).toBeGreaterThanOrEqual(before.finalized + 20);
    expect(after.tensors).toBe(before.tensors);
    expect(after.buffers).toBe(before.buffers);
    expect(after.bytes).toBe(before.bytes);
  });
});

describe('scope keeps tensors inside returned class instances', () => {
  it('does not free the tensors of a returned object with a prototype', () => {
    class Holder {
      constructor(readonly inner: { readonly values: Tensor }) {}
    }
    const held = scope(() => new Holder({ values: tensor([1, 2, 3]) }));
    expect(held.inner.values.isDisposed).toBe(false);
    expect(Array.from(held.inner.values.dataSync())).toEqual([1, 2, 3]);
  });
});
