import type { BinaryPrimitive, UnaryPrimitive } from '@gradkit/tensor';

/** Kernel code for one value: statements to run first and the resulting expression. */
export interface ValueCode {
  readonly statements: readonly string[];
  readonly value: string;
}

const plain = (value: string): ValueCode => ({ statements: [], value });

/**
 * erf to float32 precision: the positive-term series below |x| = 3 (no cancellation) and
 * the asymptotic series of erfc above it, where erfc < 2.3e-5 needs few digits.
 */
function erf(x: string): ValueCode {
  return {
    statements: [
      `const ea = Math.abs(${x});`,
      'const ex2 = ea * ea;',
      'let ey = 0.0;',
      'if (ea < 3.0) {',
      '  let et = ea;',
      '  let es = ea;',
      '  for (let n = 1; n < 64; n++) {',
      '    et = (et * 2.0 * ex2) / (2.0 * n + 1.0);',
      '    es = es + et;',
      '  }',
      '  ey = 1.1283791670955126 * Math.exp(-ex2) * es;',
      '} else {',
      '  const ei = 1.0 / (2.0 * ex2);',
      '  const ec = (0.5641895835477563 * Math.exp(-ex2)) / ea;',
      '  ey = 1.0 - ec * (1.0 - ei + 3.0 * ei * ei - 15.0 * ei * ei * ei);',
      '}',
      `if (${x} < 0.0) { ey = -ey; }`,
      `if (!(${x} === ${x})) { ey = ${x}; }`,
    ],
    value: 'ey',
  };
}

/**
 * Rounds half to even, as NumPy and PyTorch, from the exact fraction x - floor(x):
 * Math.round(x) adds 0.5 first, which float32 rounds up at 0.49999997.
 */
function roundHalfEven(x: string): ValueCode {
  return {
    statements: [
      `const rf = Math.floor(${x});`,
      `const rd = ${x} - rf;`,
      `let ry = ${x};`,
      'if (rd < 0.5) { ry = rf; }',
      'if (rd > 0.5) { ry = rf + 1.0; }',
      'if (rd === 0.5) { ry = rf - 2.0 * Math.floor(rf / 2.0) === 0.0 ? rf : rf + 1.0; }',
    ],
    value: 'ry',
  };
}

/** The largest float32 as kernel source: |x| <= it is false for infinities and NaN (GLSL folds x - x to 0). */
export const FLOAT32_MAX = '3.4028234663852886e38';

/**
 * C's pow, as NumPy and PyTorch, built from pow(|a|, b) so that GLSL (where pow of a
 * negative or zero base is undefined) agrees: odd integer powers keep the sign, other
 * powers of finite negative bases are NaN, 1^y = 1, (-1)^(+-Infinity) = 1, x^0 = 1.
 * Integer exponents up to 2^24 multiply by squaring: GLSL's pow is exp2(b log2 a), which
 * is a few ulps off (10^9 gives 999999616), and integer powers of integers must be exact.
 * NaN is tested for explicitly: GL drivers' pow(NaN, 1) may give 0. Finiteness is tested
 * against the largest float32, never as x - x, which GLSL compilers fold to 0.
 */
function pow(a: string, b: string): ValueCode {
  return {
    statements: [
      `const pa = ${a};`,
      `const pb = ${b};`,
      'const pm = Math.abs(pa);',
      'const pe = Math.abs(pb);',
      // Flags as floats: gpu.js's GL backends type every local as a float.
      'const integral = Math.floor(pb) === pb ? 1.0 : 0.0;',
      'const odd = integral > 0.0 && pb - 2.0 * Math.floor(pb / 2.0) === 1.0 ? 1.0 : 0.0;',
      'let pr = 1.0;',
      `if (integral > 0.0 && pe <= 16777216.0 && pm <= ${FLOAT32_MAX}) {`,
      '  let pbase = pm;',
      '  let pn = pe;',
      '  for (let pk = 0; pk < 25; pk++) {',
      '    if (pn > 0.0) {',
      '      const phalf = Math.floor(pn / 2.0);',
      '      if (pn - 2.0 * phalf === 1.0) { pr = pr * pbase; }',
      '      pn = phalf;',
      '      if (pn > 0.0) { pbase = pbase * pbase; }',
      '    }',
      '  }',
      '  if (pb < 0.0) { pr = 1.0 / pr; }',
      '} else {',
      '  pr = Math.pow(pm, pb);',
      '}',
      'if (pa < 0.0) {',
      '  if (odd > 0.0) { pr = -pr; }',
      `  if (integral === 0.0 && pm <= ${FLOAT32_MAX}) { pr = Math.sqrt(pa); }`,
      '}',
      // 0 to a negative power: infinity, signed like the zero for odd powers.
      'if (pa === 0.0 && pb < 0.0) { pr = odd > 0.0 ? 1.0 / pa : 1.0 / pm; }',
      `if (pm === 1.0 && pe > ${FLOAT32_MAX}) { pr = 1.0; }`,
      'if (!(pa === pa) || !(pb === pb)) { pr = !(pa === pa) ? pa : pb; }',
      'if (pa === 1.0 || pb === 0.0) { pr = 1.0; }',
    ],
    value: 'pr',
  };
}

/** Unary ops on one value `x`, matching the CPU reference (NaN, signed zeros, C semantics). */
export const UNARY_CODE: { readonly [P in UnaryPrimitive]: (x: string) => ValueCode } = {
  neg: (x) => plain(`-${x}`),
  abs: (x) => plain(`Math.abs(${x})`),
  sign: (x) => plain(`(${x} > 0.0 ? 1.0 : (${x} < 0.0 ? -1.0 : (!(${x} === ${x}) ? ${x} : 0.0)))`),
  exp: (x) => plain(`Math.exp(${x})`),
  log: (x) => plain(`Math.log(${x})`),
  // Series near 0, where gpu.js's GL and WGSL log(1 + x) and exp(x) - 1 lose every digit of a
  // small x (Adam's bias corrections are -expm1(t ln b), t ln b about -1e-3).
  log1p: (x) =>
    plain(
      `(Math.abs(${x}) < 0.05 ? ${x} * (1.0 - ${x} * (0.5 - ${x} * (0.33333334 - ${x} * (0.25 - ${x} * 0.2)))) : Math.log(1.0 + ${x}))`,
    ),
  expm1: (x) =>
    plain(
      `(Math.abs(${x}) < 0.1 ? ${x} * (1.0 + ${x} * (0.5 + ${x} * (0.16666667 + ${x} * (0.041666668 + ${x} * 0.008333334)))) : Math.exp(${x}) - 1.0)`,
    ),
  sqrt: (x) => plain(`Math.sqrt(${x})`),
  rsqrt: (x) => plain(`1.0 / Math.sqrt(${x})`),
  reciprocal: (x) => plain(`1.0 / ${x}`),
  sin: (x) => plain(`Math.sin(${x})`),
  cos: (x) => plain(`Math.cos(${x})`),
  // Saturated beyond |x| = 20 (tanh is +-1 in float32 there): GL's exp-based tanh overflows.
  tanh: (x) => plain(`(Math.abs(${x}) > 20.0 ? Math.sign(${x}) : Math.tanh(${x}))`),
  // Two branches so that exp never overflows.
  sigmoid: (x) =>
    plain(
      `(${x} >= 0.0 ? 1.0 / (1.0 + Math.exp(-${x})) : Math.exp(${x}) / (1.0 + Math.exp(${x})))`,
    ),
  erf,
  floor: (x) => plain(`Math.floor(${x})`),
  ceil: (x) => plain(`Math.ceil(${x})`),
  round: roundHalfEven,
  logicalNot: (x) => plain(`(${x} === 0.0 ? 1.0 : 0.0)`),
  // isNaN() is not in gpu.js's webasm subset; NaN is the only value unequal to itself.
  // Inequality is written with === throughout (`!(a === b)`, or the branches swapped): Dawn's
  // WGSL on Mesa's lavapipe compiles `a !== b` as an ordered comparison, false when either
  // side is NaN, so `x !== x` never found a NaN on webgpu.
  isNaN: (x) => plain(`(${x} === ${x} ? 0.0 : 1.0)`),
  // GLSL compilers may fold x - x to 0; a comparison with the largest float32 is false for
  // infinities and NaN alike.
  isFinite: (x) => plain(`(Math.abs(${x}) <= ${FLOAT32_MAX} ? 1.0 : 0.0)`),
};

/** Binary ops on values `a` and `b`. */
export const BINARY_CODE: { readonly [P in BinaryPrimitive]: (a: string, b: string) => ValueCode } =
  {
    add: (a, b) => plain(`${a} + ${b}`),
    sub: (a, b) => plain(`${a} - ${b}`),
    mul: (a, b) => plain(`${a} * ${b}`),
    div: (a, b) => plain(`${a} / ${b}`),
    pow,
    maximum: (a, b) =>
      plain(`(!(${a} === ${a}) ? ${a} : (!(${b} === ${b}) ? ${b} : (${a} > ${b} ? ${a} : ${b})))`),
    minimum: (a, b) =>
      plain(`(!(${a} === ${a}) ? ${a} : (!(${b} === ${b}) ? ${b} : (${a} < ${b} ? ${a} : ${b})))`),
    equal: (a, b) => plain(`(${a} === ${b} ? 1.0 : 0.0)`),
    notEqual: (a, b) => plain(`(${a} === ${b} ? 0.0 : 1.0)`),
    greater: (a, b) => plain(`(${a} > ${b} ? 1.0 : 0.0)`),
    greaterEqual: (a, b) => plain(`(${a} >= ${b} ? 1.0 : 0.0)`),
    less: (a, b) => plain(`(${a} < ${b} ? 1.0 : 0.0)`),
    lessEqual: (a, b) => plain(`(${a} <= ${b} ? 1.0 : 0.0)`),
    logicalAnd: (a, b) => plain(`(${a} === 0.0 || ${b} === 0.0 ? 0.0 : 1.0)`),
    logicalOr: (a, b) => plain(`(${a} === 0.0 && ${b} === 0.0 ? 0.0 : 1.0)`),
  };
