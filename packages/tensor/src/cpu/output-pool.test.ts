import { describe, expect, it } from 'vitest';
import { tensor } from '../creation.js';
import { withBackend } from '../engine.js';
import { add, mul } from '../ops/binary.js';
import { dispose } from '../scope.js';
import { createCpuBackend } from './cpu-backend.js';
import { pooledOutputBytes, recycle, takeOutput } from './output-pool.js';

const ramp = (n: number, scale: number) => Float32Array.from({ length: n }, (_, i) => i * scale);

describe('the CPU output pool', () => {
  it('hands a recycled buffer back for the same dtype and size only', () => {
    const values = new Float32Array(1024);
    const before = pooledOutputBytes();
    recycle(values);
    expect(pooledOutputBytes()).toBe(before + values.byteLength);
    expect(takeOutput('float64', 1024)).not.toBe(values);
    expect(takeOutput('float32', 1023)).not.toBe(values);
    expect(takeOutput('float32', 1024)).toBe(values);
    expect(pooledOutputBytes()).toBe(before);
  });

  it('does not keep small buffers', () => {
    const small = new Float32Array(8);
    recycle(small);
    expect(takeOutput('float32', 8)).not.toBe(small);
  });

  it('reuses a freed tensor buffer without disturbing live tensors', () => {
    withBackend(createCpuBackend(), () => {
      const n = 4096;
      const a = tensor(ramp(n, 1));
      const b = tensor(ramp(n, 2));
      const first = add(a, b);
      first.dispose(); // its buffer goes to the pool...
      const second = mul(a, b); // ...and is overwritten here
      const expected = Array.from({ length: n }, (_, i) => i * 2 * i);
      expect(Array.from(second.dataSync())).toEqual(expected);
      expect(Array.from(a.dataSync())).toEqual(Array.from(ramp(n, 1)));
      dispose([a, b, second]);
    });
  });

  it('gives data() a copy, so disposing during the read cannot change what it returns', async () => {
    await withBackend(createCpuBackend(), async () => {
      const n = 4096;
      const a = tensor(ramp(n, 1));
      const sum = add(a, a);
      const pending = sum.data();
      sum.dispose();
      const other = mul(a, 0); // may take sum's buffer from the pool and zero it
      expect(Array.from(await pending)).toEqual(Array.from(ramp(n, 2)));
      dispose([a, other]);
    });
  });
});
