// Vitest setup for modes that read back asynchronously only (webgpu): after each test, await
// the reads its assertions started (deferred-reads.ts), so a mismatch fails that test.
import { afterEach } from 'vitest';
import { settleDeferredReads } from './deferred-reads.js';

afterEach(settleDeferredReads);
