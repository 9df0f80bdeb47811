import type { Backend } from './backend.js';
import { DTYPES } from './dtype.js';
import { BackendError } from './errors.js';
import { ALL_PRIMITIVES } from './primitives.js';

const METHODS = ['write', 'read', 'readSync', 'free', 'memory'] as const;

/**
 * Checks that `value` has the shape of a Backend (name, dtypes, methods, a kernel for every
 * primitive), so that a wrong object fails where it is installed rather than at the first op.
 */
export function assertBackend(op: string, value: unknown): asserts value is Backend {
  const fail = (detail: string): never => {
    throw new BackendError(op, 'backend', detail);
  };
  if (typeof value !== 'object' || value === null) {
    fail(`must be a Backend object (such as createCpuBackend()), got ${String(value)}`);
  }
  const candidate = value as Record<string, unknown>;
  if (typeof candidate.name !== 'string' || candidate.name === '') {
    fail(`must have a non-empty string 'name', got ${String(candidate.name)}`);
  }
  const name = candidate.name as string;
  const dtypes = candidate.dtypes;
  if (!Array.isArray(dtypes) || dtypes.length === 0 || !dtypes.every((d) => DTYPES.includes(d))) {
    fail(
      `(${name}) must list the dtypes it supports in 'dtypes' (some of ${DTYPES.join(', ')}), got ${String(dtypes)}`,
    );
  }
  for (const method of METHODS) {
    if (typeof candidate[method] !== 'function') {
      fail(`(${name}) must have a '${method}' method, got ${typeof candidate[method]}`);
    }
  }
  const kernels = candidate.kernels;
  if (typeof kernels !== 'object' || kernels === null) {
    fail(`(${name}) must have a 'kernels' table, got ${String(kernels)}`);
  }
  const table = kernels as Record<string, unknown>;
  const missing = ALL_PRIMITIVES.filter((p) => typeof table[p] !== 'function');
  if (missing.length > 0) {
    fail(`(${name}) has no kernel for ${missing.length} primitive(s): ${missing.join(', ')}`);
  }
}
