// @gradkit/tensor's backend conformance suite on the gpu.js mode the setup file opened: every
// op against the NumPy / PyTorch reference fixtures, the capabilities and donation, less the
// mode's known gaps (src/testing/known-gaps.json). A mode that reads back asynchronously only
// checks values once `data()` settles (deferred-reads.ts; its afterEach hook awaits them).
import { runBackendConformance } from '@gradkit/tensor/testing';
import { describe, it } from 'vitest';
import { currentBackend } from './testing/current-backend.js';
import { assertTensorClose as assertWhenRead } from './testing/deferred-reads.js';
import { knownGapsFor } from './testing/known-gaps.js';

const backend = currentBackend();
runBackendConformance(
  { describe, it },
  {
    backend,
    gaps: knownGapsFor(backend.mode),
    ...(backend.readsSynchronously === false ? { assertClose: assertWhenRead } : {}),
  },
);
