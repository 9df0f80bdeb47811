// Every elementwise primitive and composite on seeded inputs: each unary op on a scalar, a
// vector whose length is no multiple of a SIMD width, and a matrix large enough to split
// across threads; each binary op on every broadcasting pattern and with a number operand.
import {
  BINARY_PRIMITIVES,
  type BinaryPrimitive,
  clip,
  ELEMENTWISE_OPS,
  expm1,
  gelu,
  greater,
  leakyRelu,
  log1p,
  mul,
  relu,
  softplus,
  square,
  UNARY_PRIMITIVES,
  type UnaryPrimitive,
  where,
} from '../../index.js';
import { at, floats, type SeededCase, shapeName } from './seeded-case.js';
import type { ValueKind } from './seeded-values.js';

const UNARY_SHAPES: readonly (readonly number[])[] = [[], [37], [130, 129]];

const UNARY_KINDS: Partial<Record<UnaryPrimitive, ValueKind>> = {
  log: 'positive',
  sqrt: 'positive',
  rsqrt: 'positive',
  log1p: 'positive',
  reciprocal: 'nonzero',
  sign: 'smallInt',
  logicalNot: 'smallInt',
  isNaN: 'special',
  isFinite: 'special',
};

const BINARY_SHAPES: readonly (readonly [readonly number[], readonly number[]])[] = [
  [
    [5, 6],
    [5, 6],
  ],
  [[5, 6], [6]],
  [
    [5, 1],
    [1, 6],
  ],
  [[2, 3, 4], []],
  [
    [2, 1, 4],
    [3, 1],
  ],
  [[64, 130], [130]],
];

const BINARY_KINDS: Partial<Record<BinaryPrimitive, readonly [ValueKind, ValueKind]>> = {
  div: ['any', 'nonzero'],
  pow: ['positive', 'any'],
  equal: ['smallInt', 'smallInt'],
  notEqual: ['smallInt', 'smallInt'],
  greater: ['smallInt', 'smallInt'],
  greaterEqual: ['smallInt', 'smallInt'],
  less: ['smallInt', 'smallInt'],
  lessEqual: ['smallInt', 'smallInt'],
  logicalAnd: ['smallInt', 'smallInt'],
  logicalOr: ['smallInt', 'smallInt'],
};

/** How the input of unary `op` is drawn: inside its domain, with its interesting values. */
export function unaryKind(op: UnaryPrimitive): ValueKind {
  return UNARY_KINDS[op] ?? 'any';
}

/** How the inputs of binary `op` are drawn. */
export function binaryKinds(op: BinaryPrimitive): readonly [ValueKind, ValueKind] {
  return BINARY_KINDS[op] ?? ['any', 'any'];
}

function unaryCases(): SeededCase[] {
  return UNARY_PRIMITIVES.flatMap((op) =>
    UNARY_SHAPES.map((shape) => ({
      name: `${op} ${shapeName(shape)}`,
      inputs: [floats(shape, unaryKind(op))],
      run: (xs) => ELEMENTWISE_OPS[op](at(xs, 0)),
    })),
  );
}

function binaryCases(): SeededCase[] {
  return BINARY_PRIMITIVES.flatMap((op) => {
    const [kindA, kindB] = binaryKinds(op);
    const fn = ELEMENTWISE_OPS[op];
    const broadcast: SeededCase[] = BINARY_SHAPES.map(([a, b]) => ({
      name: `${op} ${shapeName(a)} with ${shapeName(b)}`,
      inputs: [floats(a, kindA), floats(b, kindB)],
      run: (xs) => fn(at(xs, 0), at(xs, 1)),
    }));
    const operand = kindB === 'smallInt' ? 1 : kindB === 'nonzero' ? -1.5 : 0.75;
    return [
      ...broadcast,
      {
        name: `${op} [4, 9] with the number ${operand}`,
        inputs: [floats([4, 9], kindA)],
        run: (xs) => fn(at(xs, 0), operand),
      },
    ];
  });
}

/** Relative precision only: values near 0 (|x| < 4e-4), where an absolute floor hides all. */
const NEAR_ZERO = { rtol: 1e-5, atol: 0 };

const COMPOSITES: readonly SeededCase[] = [
  {
    name: 'expm1 near 0 [6, 7]',
    inputs: [floats([6, 7])],
    run: (xs) => expm1(mul(at(xs, 0), 1e-4)),
    tolerance: NEAR_ZERO,
  },
  {
    name: 'log1p near 0 [6, 7]',
    inputs: [floats([6, 7])],
    run: (xs) => log1p(mul(at(xs, 0), 1e-4)),
    tolerance: NEAR_ZERO,
  },
  { name: 'square [6, 7]', inputs: [floats([6, 7])], run: (xs) => square(at(xs, 0)) },
  { name: 'relu [6, 7]', inputs: [floats([6, 7])], run: (xs) => relu(at(xs, 0)) },
  {
    name: 'leakyRelu [6, 7] alpha 0.2',
    inputs: [floats([6, 7])],
    run: (xs) => leakyRelu(at(xs, 0), 0.2),
  },
  { name: 'gelu [6, 7]', inputs: [floats([6, 7])], run: (xs) => gelu(at(xs, 0)) },
  {
    name: 'gelu [6, 7] tanh approximation',
    inputs: [floats([6, 7])],
    run: (xs) => gelu(at(xs, 0), { approximate: 'tanh' }),
  },
  {
    name: 'softplus [6, 7] beta 2 threshold 5',
    inputs: [floats([6, 7])],
    run: (xs) => softplus(at(xs, 0), { beta: 2, threshold: 5 }),
  },
  {
    name: 'pow of negative bases to integer exponents [3, 5]',
    inputs: [floats([3, 5]), floats([3, 5], 'smallInt')],
    run: (xs) => ELEMENTWISE_OPS.pow(at(xs, 0), at(xs, 1)),
  },
  {
    name: 'clip [6, 7] between tensors',
    inputs: [floats([6, 7]), floats([7], 'unit'), floats([6, 1], 'positive')],
    run: (xs) => clip(at(xs, 0), at(xs, 1), at(xs, 2)),
  },
  {
    name: 'where(x > 0, a, b) broadcast [4, 1] [1, 5] []',
    inputs: [floats([4, 1]), floats([1, 5]), floats([])],
    run: (xs) => where(greater(at(xs, 0), 0), at(xs, 1), at(xs, 2)),
  },
];

/** The seeded cases of the elementwise ops. */
export function elementwiseCases(): SeededCase[] {
  return [...unaryCases(), ...binaryCases(), ...COMPOSITES];
}
