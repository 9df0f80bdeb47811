/**
 * How the values of a seeded input are drawn: `any` uniform in [-4, 4); `positive` in
 * [0.1, 4); `nonzero` either sign, at least 0.1 from zero; `nearOne` in [0.5, 1.5) (products
 * stay in range); `unit` in [-1, 1) (long sums of products stay well conditioned);
 * `smallInt` integers -2..2 (ties, zeros and equal pairs for comparisons and logic);
 * `special` any values with NaN, infinities and signed zeros mixed in.
 */
export type ValueKind =
  | 'any'
  | 'positive'
  | 'nonzero'
  | 'nearOne'
  | 'unit'
  | 'smallInt'
  | 'special';

const SPECIALS = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0];

// The generator every seeded case draws from, re-exported for the conformance suites.
export { seededUniform } from '../../random/seeded-uniform.js';

/** `count` float32-representable values of `kind`, from `next` (uniform in [0, 1)). */
export function drawValues(kind: ValueKind, count: number, next: () => number): number[] {
  const draw = (): number => {
    const u = next();
    switch (kind) {
      case 'any':
        return 8 * u - 4;
      case 'positive':
        return 0.1 + 3.9 * u;
      case 'nonzero':
        return (u < 0.5 ? -1 : 1) * (0.1 + 3.9 * next());
      case 'nearOne':
        return 0.5 + u;
      case 'unit':
        return 2 * u - 1;
      case 'smallInt':
        return Math.floor(5 * u) - 2;
      case 'special':
        return u < 0.3 ? SPECIALS[Math.floor(next() * SPECIALS.length)]! : 8 * next() - 4;
    }
  };
  return Array.from({ length: count }, () => Math.fround(draw()));
}

/** `count` int32 indices in [0, bound). */
export function drawIndices(bound: number, count: number, next: () => number): number[] {
  return Array.from({ length: count }, () => Math.floor(next() * bound));
}
