import { BackendError, IndexError, ValueError } from '../errors.js';
import { expectTensor } from '../ops/convert.js';
import { isBinaryPrimitive, isUnaryPrimitive } from '../primitives.js';
import { broadcastShapes, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import type { ElementwiseExpression } from './expression-tree.js';

export type { ElementwiseExpression } from './expression-tree.js';

/** What a checked call of `fusedElementwise` or `composeElementwise` computes. */
export interface ElementwiseCall {
  /** The broadcast shape of every input: the result's shape. */
  readonly shape: Shape;
  /** float64 when an input is float64, float32 otherwise. */
  readonly dtype: 'float32' | 'float64';
  /** How many nodes the tree has (a subtree reached twice counts twice). */
  readonly nodes: number;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/**
 * Checks the tree (known ops, operands present, input indices in range, no cycles) and
 * returns its node count. Errors name `op`, the argument 'expression' and the node's path.
 */
function checkExpression(op: string, root: unknown, inputCount: number): number {
  const ancestors = new Set<object>();
  const visit = (node: unknown, path: string): number => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) {
      throw new ValueError(
        op,
        'expression',
        `has ${describeValue(node)} at ${path}, where a node such as { op: 'input', index: 0 } belongs`,
      );
    }
    if (ancestors.has(node)) throw new ValueError(op, 'expression', `contains itself at ${path}`);
    const e = node as { readonly op?: unknown; readonly [key: string]: unknown };
    if (e.op === 'input') {
      const index = e.index;
      if (typeof index !== 'number' || !Number.isInteger(index)) {
        throw new ValueError(
          op,
          'expression',
          `reads input ${describeValue(index)} at ${path}; an input index is an integer`,
        );
      }
      if (index < 0 || index >= inputCount) {
        throw new IndexError(
          op,
          'expression',
          `reads input ${index} at ${path}, but ${inputCount} input${inputCount === 1 ? ' was' : 's were'} given`,
        );
      }
      return 1;
    }
    if (e.op === 'constant') {
      if (typeof e.value !== 'number') {
        throw new ValueError(
          op,
          'expression',
          `has constant ${describeValue(e.value)} at ${path}; a constant is a number`,
        );
      }
      return 1;
    }
    let operands: readonly string[];
    if (e.op === 'where') operands = ['condition', 'a', 'b'];
    else if (typeof e.op === 'string' && isUnaryPrimitive(e.op)) operands = ['x'];
    else if (typeof e.op === 'string' && isBinaryPrimitive(e.op)) operands = ['a', 'b'];
    else {
      throw new ValueError(
        op,
        'expression',
        `has op ${JSON.stringify(e.op) ?? String(e.op)} at ${path}; expected 'input', 'constant', 'where' or an elementwise unary or binary primitive`,
      );
    }
    ancestors.add(node);
    let count = 1;
    for (const operand of operands) count += visit(e[operand], `${path}.${operand}`);
    ancestors.delete(node);
    return count;
  };
  return visit(root, 'expression');
}

/**
 * @internal Validates a call of `fusedElementwise` or `composeElementwise`: live tensors on
 * one backend, a well-formed tree reading existing inputs, broadcast-compatible shapes.
 */
export function checkElementwiseCall(
  op: string,
  expression: ElementwiseExpression,
  inputs: readonly Tensor[],
): ElementwiseCall {
  if (!Array.isArray(inputs)) {
    throw new ValueError(op, 'inputs', `must be an array of tensors, got ${describeValue(inputs)}`);
  }
  inputs.forEach((x, i) => {
    expectTensor(op, `inputs[${i}]`, x);
    if (x.backend !== inputs[0]!.backend) {
      throw new BackendError(
        op,
        `inputs[${i}]`,
        `lives on the ${x.backend.name} backend but inputs[0] lives on ${x.backend.name === inputs[0]!.backend.name ? `another ${x.backend.name} backend instance` : `the ${inputs[0]!.backend.name} backend`}; move them to one backend with x.toBackend(backend) first`,
      );
    }
  });
  const nodes = checkExpression(op, expression, inputs.length);
  const shape = broadcastShapes(
    op,
    inputs.map((x) => x.shape),
    inputs.map((_, i) => `inputs[${i}]`),
  );
  const dtype = inputs.some((x) => x.dtype === 'float64') ? 'float64' : 'float32';
  return { shape, dtype, nodes };
}
