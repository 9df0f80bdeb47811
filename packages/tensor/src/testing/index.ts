/**
 * Helpers shared by the test suites of @gradkit/tensor and of every backend that runs them.
 * A backend package runs the whole tensor suite by pointing Vitest at
 * `@gradkit/tensor`'s test files with a setup file that calls `setBackend(...)`.
 */

export { backendSupports } from './capabilities.js';
export { assertTensorClose, closeMismatch, type Tolerance, toleranceFor } from './close.js';
export type { ConformanceHarness } from './conformance/harness.js';
export {
  type ConformanceOptions,
  runBackendConformance,
} from './conformance/run-backend-conformance.js';
