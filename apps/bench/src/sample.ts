/**
 * Runs `step` until at least `minMs` have passed (at least `minReps` times) and returns the
 * mean seconds per step of that sample.
 */
export async function timeSample(
  step: () => void | Promise<void>,
  minMs: number,
  minReps = 1,
): Promise<number> {
  let reps = 0;
  const start = performance.now();
  let elapsed = 0;
  while (reps < minReps || elapsed < minMs) {
    await step();
    reps++;
    elapsed = performance.now() - start;
  }
  return elapsed / 1e3 / reps;
}
