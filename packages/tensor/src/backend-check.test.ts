import { describe, expect, it } from 'vitest';
import { createCpuBackend } from './cpu/cpu-backend.js';
import { getBackend, setBackend, withBackend } from './engine.js';
import { BackendError } from './errors.js';
import { expectTensorError } from './testing/expect-tensor-error.js';

describe('installing a backend', () => {
  it('setBackend refuses an object that is not a backend, and keeps the one in force', () => {
    const before = getBackend();
    expectTensorError(() => setBackend({} as never), BackendError, 'setBackend', 'backend', [
      "'name'",
    ]);
    expectTensorError(() => setBackend(null as never), BackendError, 'setBackend', 'backend', [
      'createCpuBackend()',
    ]);
    expect(getBackend()).toBe(before);
  });

  it('names the first missing piece: dtypes, a method, the kernels', () => {
    const cpu = createCpuBackend();
    const withoutDtypes = { ...cpu, dtypes: ['float16'] };
    expectTensorError(
      () => setBackend(withoutDtypes as never),
      BackendError,
      'setBackend',
      'backend',
      ["'dtypes'", 'float16'],
    );
    const withoutRead = { ...cpu, name: 'mine', readSync: undefined };
    expectTensorError(
      () => setBackend(withoutRead as never),
      BackendError,
      'setBackend',
      'backend',
      ['mine', "'readSync'"],
    );
    const { matmul: _matmul, exp: _exp, ...kernels } = cpu.kernels;
    expectTensorError(
      () => setBackend({ ...cpu, kernels } as never),
      BackendError,
      'setBackend',
      'backend',
      ['2 primitive(s)', 'exp', 'matmul'],
    );
  });

  it('withBackend checks the same way before running anything', () => {
    let ran = false;
    expectTensorError(
      () =>
        withBackend({ name: 'x' } as never, () => {
          ran = true;
        }),
      BackendError,
      'withBackend',
      'backend',
    );
    expect(ran).toBe(false);
  });

  it('accepts a complete backend', () => {
    const before = getBackend();
    const cpu = createCpuBackend();
    setBackend(cpu);
    expect(getBackend()).toBe(cpu);
    setBackend(before);
  });
});
