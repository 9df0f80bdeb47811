/**
 * Helpers shared by the test suites of @gradkit/tensor and of every backend that runs them.
 * A backend package checks itself with `runBackendConformance`: the reference fixtures of
 * every op, the capabilities and donation.
 */

export { type CpuThreadStats, cpuThreadStats } from '../cpu/thread-pool.js';
export { backendSupports } from './capabilities.js';
export { assertTensorClose, closeMismatch, type Tolerance, toleranceFor } from './close.js';
export type { ConformanceHarness } from './conformance/harness.js';
export {
  type ConformanceOptions,
  runBackendConformance,
} from './conformance/run-backend-conformance.js';
