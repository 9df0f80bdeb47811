/**
 * The two calls the conformance suite needs from a test runner: Vitest's, Jest's and Mocha's
 * `describe` and `it` fit as they are, and a browser page can pass its own.
 */
export interface ConformanceHarness {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => void | Promise<void>): void;
}

/** Throws `message` unless `condition` holds: the suite's one assertion besides closeness. */
export function assertThat(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
