// scope and the internal opScope: who owns a tensor, what is freed when, and which tensors
// the garbage-collection backstop watches (only those no scope owns).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ones, tensor } from './creation.js';
import { memory } from './memory.js';
import { add, mul } from './ops/binary.js';
import { captureCreated, dispose, keep, opScope, scope } from './scope.js';
import type { Tensor } from './tensor.js';

describe('opScope', () => {
  it('frees the temporaries and hands its result to the enclosing scope', () => {
    const x = tensor([1, 2, 3]);
    let temporary: Tensor | undefined;
    let result: Tensor | undefined;
    const outer = scope(() => {
      result = opScope(() => {
        temporary = mul(x, 2);
        return add(temporary, 1);
      });
      expect(temporary!.isDisposed).toBe(true);
      expect(Array.from(result.dataSync())).toEqual([3, 5, 7]);
      return 0;
    });
    expect(outer).toBe(0);
    // The outer scope owned the op's result and did not return it.
    expect(result!.isDisposed).toBe(true);
    expect(x.isDisposed).toBe(false);
    x.dispose();
  });

  it('frees everything it made when it throws, and restores the enclosing owner', () => {
    const x = tensor([1, 2]);
    const before = memory().tensors;
    let made: Tensor | undefined;
    let after: Tensor | undefined;
    scope(() => {
      expect(() =>
        opScope(() => {
          made = mul(x, 3);
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(made!.isDisposed).toBe(true);
      after = add(x, 1); // owned by the scope again, not by the finished frame
      return null;
    });
    expect(after!.isDisposed).toBe(true);
    expect(memory().tensors).toBe(before);
    x.dispose();
  });

  it('gives a scope opened inside it the frame as parent', () => {
    const x = tensor([1, 2]);
    let inner: Tensor | undefined;
    const result = opScope(() => {
      inner = scope(() => mul(x, 2)); // returned: moves to the frame
      expect(inner.isDisposed).toBe(false);
      return add(inner, 1);
    });
    expect(inner!.isDisposed).toBe(true);
    expect(Array.from(result.dataSync())).toEqual([3, 5]);
    result.dispose();
    x.dispose();
  });

  it('does not capture tensors an async scope creates after an await', async () => {
    const x = tensor([1, 2]);
    let late: Tensor | undefined;
    const pending = scope(async () => {
      opScope(() => mul(x, 2)).dispose();
      await Promise.resolve();
      late = add(x, 1);
      return 0;
    });
    // An op running in between, outside any scope, owns nothing of the async scope's.
    const between = add(x, 5);
    await pending;
    expect(late!.isDisposed).toBe(true);
    expect(between.isDisposed).toBe(false);
    between.dispose();
    x.dispose();
  });
});

describe('the garbage-collection backstop', () => {
  function obtainGc(): () => void {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  }
  const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function collectUntil(done: () => boolean, gc: () => void): Promise<void> {
    for (let attempt = 0; attempt < 50 && !done(); attempt++) {
      gc();
      await tick(attempt < 10 ? 0 : 10);
    }
  }

  it('frees tensors returned out of the outermost scope, and kept ones, once forgotten', async () => {
    const gc = obtainGc();
    for (let i = 0; i < 3; i++) {
      gc();
      await tick(5);
    }
    const before = memory();
    (() => {
      for (let i = 0; i < 5; i++) {
        scope(() => add(ones([4]), 1)); // the result leaves the outermost scope
        scope(() => {
          keep(mul(ones([4]), 2));
          return null;
        });
      }
    })();
    expect(memory().tensors).toBe(before.tensors + 10);
    await collectUntil(() => memory().tensors === before.tensors, gc);
    const after = memory();
    expect(after.tensors).toBe(before.tensors);
    expect(after.finalized).toBeGreaterThanOrEqual(before.finalized + 10);
  });
});

describe('captureCreated', () => {
  it('lists the live tensors fn made, not those that existed before, were freed or kept', () => {
    const existing = tensor([1, 2]);
    let temporary: Tensor | undefined;
    let unreturned: Tensor | undefined;
    let kept: Tensor | undefined;
    const { result, created } = captureCreated(() => {
      temporary = mul(existing, 3);
      temporary.dispose();
      unreturned = add(existing, 4);
      kept = keep(add(existing, 1));
      return [existing, add(existing, 2), kept];
    });
    expect(created).toEqual([unreturned, result[1]]);
    // Nothing is freed: what fn made but did not return is still usable.
    expect(unreturned!.isDisposed).toBe(false);
    expect(result.every((t) => !t.isDisposed)).toBe(true);
    for (const t of created) t.dispose();
    expect(existing.isDisposed).toBe(false);
    dispose([existing, kept!]);
  });

  it('hands what fn made to the enclosing scope, also when fn throws', () => {
    let made: Tensor | undefined;
    let beforeThrow: Tensor | undefined;
    scope(() => {
      made = captureCreated(() => ones([2])).result;
      expect(() =>
        captureCreated(() => {
          beforeThrow = ones([3]);
          throw new Error('stop');
        }),
      ).toThrow('stop');
      expect(beforeThrow!.isDisposed).toBe(false);
      return 0;
    });
    expect(made!.isDisposed).toBe(true);
    expect(beforeThrow!.isDisposed).toBe(true);
  });

  it('refuses async functions', () => {
    expect(() => captureCreated(async () => 1)).toThrow(/must be synchronous/);
  });
});
