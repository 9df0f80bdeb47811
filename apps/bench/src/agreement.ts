import type { Skipped } from './protocol.js';

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/** float32 tolerances: every system runs the same float32 arithmetic in another order. */
export const TOLERANCE = {
  W1: { rtol: 1e-5, atol: 1e-6 },
  W2: { rtol: 1e-4, atol: 1e-5 },
  W3: { rtol: 1e-4, atol: 1e-4 },
  W4: { rtol: 1e-3, atol: 1e-4 },
  W5: { rtol: 1e-4, atol: 1e-5 },
} as const satisfies Record<string, Tolerance>;

export interface Agreement {
  readonly reference: string;
  /** Per system: the worst |a − ref| / (atol + rtol·|ref|) (≤ 1 agrees), or why it is absent. */
  readonly worst: Record<string, number | string>;
  readonly disagreeing: readonly string[];
}

/**
 * Compares every system's output with the first system (in `preference` order) that has
 * one. A system whose output has another length, or a NaN, disagrees.
 */
export function checkAgreement(
  outputs: Readonly<Record<string, readonly number[] | Skipped>>,
  preference: readonly string[],
  tolerance: Tolerance,
): Agreement {
  const present = (name: string) => Array.isArray(outputs[name]);
  const reference = preference.find(present) ?? Object.keys(outputs).find(present);
  if (reference === undefined) return { reference: 'none', worst: {}, disagreeing: [] };
  const expected = outputs[reference] as readonly number[];
  const worst: Record<string, number | string> = {};
  const disagreeing: string[] = [];
  for (const [name, output] of Object.entries(outputs)) {
    if (!Array.isArray(output)) {
      worst[name] = (output as Skipped).skipped;
      continue;
    }
    const score = worstScore(output, expected, tolerance);
    worst[name] = score;
    if (!(score <= 1)) disagreeing.push(name);
  }
  return { reference, worst, disagreeing };
}

function worstScore(actual: readonly number[], expected: readonly number[], t: Tolerance) {
  if (actual.length !== expected.length || actual.length === 0) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const score = Math.abs(actual[i]! - expected[i]!) / (t.atol + t.rtol * Math.abs(expected[i]!));
    // NaN compares false: a NaN anywhere makes the score NaN and so a disagreement.
    if (!(score <= worst)) worst = score;
  }
  return worst;
}
