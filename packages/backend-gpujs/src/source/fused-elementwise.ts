import type { ElementwiseExpression, OutputInfo, TensorInfo } from '@gradkit/tensor';
import { elementwisePlan } from './elementwise.js';
import { BINARY_CODE, UNARY_CODE, type ValueCode } from './elementwise-expressions.js';
import { argument } from './kernel-source.js';
import type { KernelPlan } from './plan.js';

/** A fused elementwise kernel reads at most this many inputs (plus its constants). */
export const MAX_FUSED_INPUTS = 6;

/** At most this many nodes per tree: kernel source grows with the tree, and so does compiling. */
export const MAX_FUSED_NODES = 64;

const DECLARATION = /\b(?:const|let)\s+([A-Za-z_$][\w$]*)/g;

/** The op's code with its local names made unique to node `k` (a tree may hold two erfs). */
function renamed(code: ValueCode, k: number): ValueCode {
  const locals = new Set<string>();
  for (const line of code.statements) for (const m of line.matchAll(DECLARATION)) locals.add(m[1]!);
  if (locals.size === 0) return code;
  const pattern = new RegExp(`\\b(${[...locals].join('|')})\\b`, 'g');
  const rename = (text: string) => text.replace(pattern, (name) => `${name}_${k}`);
  return { statements: code.statements.map(rename), value: rename(code.value) };
}

/** The constants of a tree in order of appearance: the kernel reads them from an argument. */
export function constantsOf(expression: ElementwiseExpression): number[] {
  const out: number[] = [];
  const walk = (e: ElementwiseExpression): void => {
    if (e.op === 'constant') out.push(e.value);
    else if (e.op === 'input') return;
    else if ('x' in e) walk(e.x);
    else if ('condition' in e) {
      walk(e.condition);
      walk(e.a);
      walk(e.b);
    } else {
      walk(e.a);
      walk(e.b);
    }
  };
  walk(expression);
  return out;
}

/** How many nodes the tree has. */
export function nodeCount(expression: ElementwiseExpression): number {
  if (expression.op === 'input' || expression.op === 'constant') return 1;
  if ('x' in expression) return 1 + nodeCount(expression.x);
  if ('condition' in expression)
    return 1 + nodeCount(expression.condition) + nodeCount(expression.a) + nodeCount(expression.b);
  return 1 + nodeCount(expression.a) + nodeCount(expression.b);
}

/**
 * One kernel for the whole tree. Constants are read from an extra argument (after the
 * inputs), not baked into the source, so a tree of the same structure with other constants
 * (a learning rate, a slope) reuses the compiled kernel; non-finite constants need no
 * spelling in GLSL either. Each node's value is a local `e<k>`, so shared work is computed
 * once per element.
 */
export function fusedElementwisePlan(
  inputs: readonly TensorInfo[],
  expression: ElementwiseExpression,
  output: OutputInfo,
): KernelPlan {
  return fusedOutputsPlan(inputs, [expression], output);
}

/**
 * Several trees over the same inputs as one kernel writing their outputs back to back
 * (thread t computes tree t / size at element t % size): one launch where gpu.js runs on the
 * host. Each thread evaluates every tree and keeps its own; the constants of all trees, in
 * order, are the extra argument.
 */
export function fusedOutputsPlan(
  inputs: readonly TensorInfo[],
  expressions: readonly ElementwiseExpression[],
  output: OutputInfo,
): KernelPlan {
  const constants = argument(inputs.length);
  const extra = expressions.some((e) => constantsOf(e).length > 0) ? 1 : 0;
  return elementwisePlan(
    inputs,
    output.shape,
    output.dtype,
    (values, part) => {
      const statements: string[] = [];
      let nodes = 0;
      let constantIndex = 0;
      const emit = (code: ValueCode): string => {
        const k = nodes++;
        const own = renamed(code, k);
        statements.push(...own.statements, `const e${k} = ${own.value};`);
        return `e${k}`;
      };
      const visit = (e: ElementwiseExpression): string => {
        switch (e.op) {
          case 'input':
            return values[e.index]!;
          case 'constant':
            return `${constants}[${constantIndex++}]`;
          case 'where': {
            const c = visit(e.condition);
            const a = visit(e.a);
            const b = visit(e.b);
            // `=== 0.0` rather than `!== 0.0`: Dawn compiles `!=` as false for NaN, and NaN is true.
            return emit({ statements: [], value: `(${c} === 0.0 ? ${b} : ${a})` });
          }
          default:
            if ('x' in e) return emit(UNARY_CODE[e.op](visit(e.x)));
            {
              const a = visit(e.a);
              const b = visit(e.b);
              return emit(BINARY_CODE[e.op](a, b));
            }
        }
      };
      const results = expressions.map(visit);
      const value = results
        .slice(0, -1)
        .reduceRight(
          (rest, result, k) => `(${part} === ${k}.0 ? ${result} : ${rest})`,
          results.at(-1)!,
        );
      return { statements, value };
    },
    extra,
    expressions.length,
  );
}
