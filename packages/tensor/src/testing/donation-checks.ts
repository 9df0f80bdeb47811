import { expect } from 'vitest';
import type { Backend } from '../backend.js';
import { createCpuBackend } from '../cpu/cpu-backend.js';
import { withBackend } from '../engine.js';
import { DisposedError } from '../errors.js';
import type { Tensor } from '../tensor.js';

// Helpers of tensor's own donation tests: a backend whose buffer count starts from nothing,
// and the check that a donor is gone.

/** Runs `fn` on a fresh CPU backend, so `backend.memory()` counts only what `fn` makes. */
export function onFreshBackend<R>(fn: (backend: Backend) => R): R {
  const backend = createCpuBackend();
  return withBackend(backend, () => fn(backend));
}

/** Fails unless `x` was disposed by donating it to `op`. */
export function expectDonatedTo(x: Tensor, op: string): void {
  expect(x.isDisposed).toBe(true);
  expect(() => x.dataSync()).toThrow(DisposedError);
  expect(() => x.dataSync()).toThrow(`was donated to ${op}() and disposed`);
}
