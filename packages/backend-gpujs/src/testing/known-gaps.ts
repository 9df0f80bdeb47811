import knownGaps from './known-gaps.json' with { type: 'json' };

/** A group of known gaps: why, on which modes (every mode when absent), and which tests. */
interface GapGroup {
  readonly reason: string;
  readonly modes?: readonly string[];
  readonly tests: readonly string[];
}

const GROUPS: readonly GapGroup[] = Object.values(knownGaps).filter(
  (g): g is (typeof knownGaps)[Exclude<keyof typeof knownGaps, '$comment'>] =>
    typeof g === 'object',
);

/** Full names of the parity tests this backend cannot pass on `mode` (see known-gaps.json). */
export function knownGapsFor(mode: string): string[] {
  return GROUPS.filter((g) => g.modes === undefined || g.modes.includes(mode)).flatMap(
    (g) => g.tests,
  );
}
