import { cast, createCpuBackend, tensor, withBackend } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { describeChange, signatureOf } from './signature.js';

describe('signatureOf', () => {
  it('gives calls with the same structure, shapes, dtypes and static values one key', () => {
    const a = signatureOf([{ w: tensor([1, 2]) }, 3]);
    const b = signatureOf([{ w: tensor([5, 6]) }, 3]);
    expect(a.key).toBe(b.key);
    expect(a.parts).toEqual(['float32[2]', 'static number 3']);
  });

  it('tells apart a shape, a dtype, a static value, the structure and the backend', () => {
    const base = signatureOf([tensor([1, 2]), 3]).key;
    const others = [
      signatureOf([tensor([1, 2, 3]), 3]),
      signatureOf([cast(tensor([1, 2]), 'int32'), 3]),
      signatureOf([tensor([1, 2]), 4]),
      signatureOf([[tensor([1, 2])], 3]),
      withBackend(createCpuBackend({ threads: 1 }), () => signatureOf([tensor([1, 2]), 3])),
    ].map((signature) => signature.key);
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
  });

  it('notes arguments that share one buffer, which a donation must not split', () => {
    const x = tensor([1, 2]);
    const aliased = signatureOf([x, x]);
    expect(aliased.parts).toEqual(['float32[2]', 'the same buffer as leaf 0']);
    expect(aliased.key).not.toBe(signatureOf([x, tensor([1, 2])]).key);
  });

  it('keys other objects (not tree nodes) by identity', () => {
    class Key {}
    const key = new Key();
    expect(signatureOf([key]).key).toBe(signatureOf([key]).key);
    expect(signatureOf([key]).key).not.toBe(signatureOf([new Key()]).key);
  });
});

describe('describeChange', () => {
  it('names the argument path and both sides of each change', () => {
    const before = signatureOf([{ w: tensor([1, 2]) }, 3]);
    const args = [{ w: tensor([1, 2, 3]) }, 4];
    const message = describeChange(args, before, signatureOf(args));
    expect(message).toContain('argument 0');
    expect(message).toContain('float32[2] -> float32[3]');
    expect(message).toContain('static number 3 -> static number 4');
  });

  it('says when the number of leaves changed', () => {
    const before = signatureOf([tensor([1])]);
    const args = [tensor([1]), tensor([2])];
    expect(describeChange(args, before, signatureOf(args))).toMatch(/1 leaves, now 2/);
  });
});
