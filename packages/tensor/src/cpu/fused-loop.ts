import type { TypedArray } from '../dtype.js';
import type { ElementwiseExpression } from '../fused/expression-tree.js';
import type { BinaryPrimitive, UnaryPrimitive } from '../primitives.js';
import { BINARY_FUNCTIONS, UNARY_FUNCTIONS } from './elementwise.js';

/**
 * How the loop reads each input: `'full'` has one element per output element, `'scalar'`
 * one element for all of them. Other broadcasts are expanded to `'full'` by the caller.
 */
export type InputLayout = 'full' | 'scalar';

/**
 * Fills `outputs[k][0..size)` with tree k's values, one pass, no intermediate arrays. Each
 * element's inputs are read before its outputs are written: an output may be an input array.
 */
export type FusedLoop = (
  inputs: readonly TypedArray[],
  outputs: readonly TypedArray[],
  size: number,
) => void;

const fround = Math.fround;

// Every node's value is rounded to float32, as the composed ops store it: fused and composed
// results then agree bit for bit on the arithmetic, not just within tolerance.

/** Ops written inline in generated code; the rest call the CPU kernels' scalar functions. */
const INLINE_BINARY: Partial<Record<BinaryPrimitive, (a: string, b: string) => string>> = {
  add: (a, b) => `${a} + ${b}`,
  sub: (a, b) => `${a} - ${b}`,
  mul: (a, b) => `${a} * ${b}`,
  div: (a, b) => `${a} / ${b}`,
  equal: (a, b) => `${a} === ${b} ? 1 : 0`,
  notEqual: (a, b) => `${a} !== ${b} ? 1 : 0`,
  greater: (a, b) => `${a} > ${b} ? 1 : 0`,
  greaterEqual: (a, b) => `${a} >= ${b} ? 1 : 0`,
  less: (a, b) => `${a} < ${b} ? 1 : 0`,
  lessEqual: (a, b) => `${a} <= ${b} ? 1 : 0`,
  // Logical ops see a float operand as a bool: true where it is not 0 (NaN included).
  logicalAnd: (a, b) => `${a} !== 0 && ${b} !== 0 ? 1 : 0`,
  logicalOr: (a, b) => `${a} !== 0 || ${b} !== 0 ? 1 : 0`,
};

const INLINE_UNARY: Partial<Record<UnaryPrimitive, (x: string) => string>> = {
  neg: (x) => `-${x}`,
  abs: (x) => `Math.abs(${x})`,
  exp: (x) => `Math.exp(${x})`,
  log: (x) => `Math.log(${x})`,
  sqrt: (x) => `Math.sqrt(${x})`,
  tanh: (x) => `Math.tanh(${x})`,
  sin: (x) => `Math.sin(${x})`,
  cos: (x) => `Math.cos(${x})`,
  floor: (x) => `Math.floor(${x})`,
  ceil: (x) => `Math.ceil(${x})`,
  logicalNot: (x) => `${x} !== 0 ? 0 : 1`,
};

/** The scalar functions with the bool reading of logical ops (NaN is true). */
const UNARY: Readonly<Record<UnaryPrimitive, (x: number) => number>> = {
  ...UNARY_FUNCTIONS,
  logicalNot: (x) => (x !== 0 ? 0 : 1),
};
const BINARY: Readonly<Record<BinaryPrimitive, (a: number, b: number) => number>> = {
  ...BINARY_FUNCTIONS,
  logicalAnd: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  logicalOr: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
};

/** A key equal for structurally equal trees and layouts: one compiled loop per key. */
export function loopKey(
  expression: ElementwiseExpression,
  layouts: readonly InputLayout[],
): string {
  const visit = (e: ElementwiseExpression): string => {
    switch (e.op) {
      case 'input':
        return `i${e.index}`;
      case 'constant':
        // Distinguishes -0 and keeps every bit of the value.
        return `c${Object.is(e.value, -0) ? '-0' : String(e.value)}`;
      case 'where':
        return `where(${visit(e.condition)},${visit(e.a)},${visit(e.b)})`;
      default:
        return 'x' in e ? `${e.op}(${visit(e.x)})` : `${e.op}(${visit(e.a)},${visit(e.b)})`;
    }
  };
  return `${layouts.map((l) => (l === 'full' ? 'f' : 's')).join('')}:${visit(expression)}`;
}

function constantLiteral(value: number): string {
  const v = fround(value);
  if (Number.isNaN(v)) return 'NaN';
  // Parenthesised, so that a sign never meets an operator (`- -0`).
  return Object.is(v, -0) ? '(-0)' : `(${String(v)})`;
}

/** The key of several trees computed together: one compiled loop per key. */
export function loopKeyOf(
  expressions: readonly ElementwiseExpression[],
  layouts: readonly InputLayout[],
): string {
  return expressions.map((e, k) => (k === 0 ? loopKey(e, layouts) : loopKey(e, []))).join(';');
}

/**
 * Generates the loop's source: one statement per distinct subtree (a subtree that occurs
 * twice, in one tree or across trees, is computed once), scalar inputs read before the loop.
 */
function generateSource(
  expressions: readonly ElementwiseExpression[],
  layouts: readonly InputLayout[],
) {
  const before: string[] = [];
  const body: string[] = [];
  const helpers = new Map<string, string>();
  const temps = new Map<string, string>();
  const helper = (kind: 'u' | 'b', op: string) => {
    const name = `${kind}_${op}`;
    helpers.set(name, `const ${name} = ${kind === 'u' ? 'U' : 'B'}.${op};`);
    return name;
  };
  layouts.forEach((layout, k) => {
    before.push(`const in${k} = inputs[${k}];`);
    if (layout === 'scalar') before.push(`const s${k} = f(in${k}[0]);`);
  });
  const visit = (e: ElementwiseExpression): string => {
    if (e.op === 'input')
      return layouts[e.index] === 'scalar' ? `s${e.index}` : `f(in${e.index}[i])`;
    if (e.op === 'constant') return constantLiteral(e.value);
    const key = loopKey(e, []);
    const known = temps.get(key);
    if (known !== undefined) return known;
    let value: string;
    if (e.op === 'where') {
      const [c, a, b] = [visit(e.condition), visit(e.a), visit(e.b)];
      value = `${c} !== 0 ? ${a} : ${b}`;
    } else if ('x' in e) {
      const x = visit(e.x);
      const inline = INLINE_UNARY[e.op];
      value = inline !== undefined ? inline(x) : `${helper('u', e.op)}(${x})`;
    } else {
      const [a, b] = [visit(e.a), visit(e.b)];
      const inline = INLINE_BINARY[e.op];
      value = inline !== undefined ? inline(a, b) : `${helper('b', e.op)}(${a}, ${b})`;
    }
    const name = `t${temps.size}`;
    temps.set(key, name);
    body.push(`const ${name} = f(${value});`);
    return name;
  };
  // Every result is in a temporary before the first store: an output may be an input.
  const results = expressions.map((e, k) => {
    body.push(`const r${k} = ${visit(e)};`);
    before.push(`const out${k} = outputs[${k}];`);
    return `out${k}[i] = r${k};`;
  });
  return [
    ...helpers.values(),
    'return function fusedLoop(inputs, outputs, size) {',
    ...before,
    '  for (let i = 0; i < size; i++) {',
    ...body.map((line) => `    ${line}`),
    ...results.map((line) => `    ${line}`),
    '  }',
    '};',
  ].join('\n');
}

/** Compiles the loop with `new Function`: V8 then optimises it like hand-written code. */
export function generateLoop(
  expressions: readonly ElementwiseExpression[],
  layouts: readonly InputLayout[],
): FusedLoop {
  const factory = new Function('U', 'B', 'f', generateSource(expressions, layouts)) as (
    unary: typeof UNARY,
    binary: typeof BINARY,
    round: typeof fround,
  ) => FusedLoop;
  return factory(UNARY, BINARY, fround);
}

/** Elements per block of the interpreted loop: small enough for every scratch to stay in cache. */
const BLOCK = 256;

type BlockLoop = (a: Float64Array, b: Float64Array, out: Float64Array, n: number) => void;

/** One loop per arithmetic op: a call through a shared `fn` would not inline. */
const ARITHMETIC_BLOCKS: Partial<Record<BinaryPrimitive, BlockLoop>> = {
  add: (a, b, out, n) => {
    for (let j = 0; j < n; j++) out[j] = fround(a[j]! + b[j]!);
  },
  sub: (a, b, out, n) => {
    for (let j = 0; j < n; j++) out[j] = fround(a[j]! - b[j]!);
  },
  mul: (a, b, out, n) => {
    for (let j = 0; j < n; j++) out[j] = fround(a[j]! * b[j]!);
  },
  div: (a, b, out, n) => {
    for (let j = 0; j < n; j++) out[j] = fround(a[j]! / b[j]!);
  },
};

/**
 * The same loop as a tree of closures, for where code generation is disallowed (a
 * Content-Security-Policy without 'unsafe-eval'). Each node fills a small scratch block at
 * a time, so the per-element cost is a typed-array loop, not a closure call per node.
 */
export function interpretLoop(
  expressions: readonly ElementwiseExpression[],
  layouts: readonly InputLayout[],
): FusedLoop {
  // A node fills its block from its operands' blocks for elements [start, start + n).
  type Fill = (arrays: readonly TypedArray[], start: number, n: number) => Float64Array;
  const build = (e: ElementwiseExpression): Fill => {
    const block = new Float64Array(BLOCK);
    switch (e.op) {
      case 'input': {
        const k = e.index;
        if (layouts[k] === 'scalar') {
          return (arrays, _start, n) => block.fill(fround(arrays[k]![0]!), 0, n);
        }
        return (arrays, start, n) => {
          const source = arrays[k]!;
          for (let j = 0; j < n; j++) block[j] = fround(source[start + j]!);
          return block;
        };
      }
      case 'constant': {
        block.fill(fround(e.value));
        return () => block;
      }
      case 'where': {
        const [c, a, b] = [build(e.condition), build(e.a), build(e.b)];
        return (arrays, start, n) => {
          const cv = c(arrays, start, n);
          const av = a(arrays, start, n);
          const bv = b(arrays, start, n);
          for (let j = 0; j < n; j++) block[j] = cv[j] !== 0 ? av[j]! : bv[j]!;
          return block;
        };
      }
      default: {
        if ('x' in e) {
          const fn = UNARY[e.op];
          const x = build(e.x);
          return (arrays, start, n) => {
            const xv = x(arrays, start, n);
            for (let j = 0; j < n; j++) block[j] = fround(fn(xv[j]!));
            return block;
          };
        }
        const [a, b] = [build(e.a), build(e.b)];
        const arithmetic = ARITHMETIC_BLOCKS[e.op];
        if (arithmetic !== undefined) {
          return (arrays, start, n) => {
            arithmetic(a(arrays, start, n), b(arrays, start, n), block, n);
            return block;
          };
        }
        const fn = BINARY[e.op];
        return (arrays, start, n) => {
          const av = a(arrays, start, n);
          const bv = b(arrays, start, n);
          for (let j = 0; j < n; j++) block[j] = fround(fn(av[j]!, bv[j]!));
          return block;
        };
      }
    }
  };
  const roots = expressions.map(build);
  return (inputs, outputs, size) => {
    for (let start = 0; start < size; start += BLOCK) {
      const n = Math.min(BLOCK, size - start);
      // Each root fills its own block: all are computed before any output is written.
      const blocks = roots.map((root) => root(inputs, start, n));
      blocks.forEach((values, k) => {
        const out = outputs[k]!;
        for (let j = 0; j < n; j++) out[start + j] = values[j]!;
      });
    }
  };
}

let codeGeneration: boolean | undefined;

/** Whether `new Function` works here (a CSP may forbid it); checked once. */
export function canGenerateCode(): boolean {
  if (codeGeneration === undefined) {
    try {
      codeGeneration = new Function('return 1')() === 1;
    } catch {
      codeGeneration = false;
    }
  }
  return codeGeneration;
}
