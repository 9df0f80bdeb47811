import { scalar } from '../creation.js';
import { getBackend, withBackend } from '../engine.js';
import { notEqual } from '../ops/binary.js';
import { cast } from '../ops/cast.js';
import { ELEMENTWISE_OPS } from '../ops/elementwise-ops.js';
import { broadcastTo } from '../ops/transpose.js';
import { where } from '../ops/where.js';
import { opScope } from '../scope.js';
import { shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { checkElementwiseCall, type ElementwiseExpression } from './elementwise-expression.js';

/** Ops that take bools as they are: a comparison feeding them needs no round trip through 0/1. */
const TAKES_BOOL: ReadonlySet<string> = new Set(['logicalNot', 'logicalAnd', 'logicalOr']);

/** @internal The composition, for inputs `checkElementwiseCall` accepted. */
export function composeChecked(
  expression: ElementwiseExpression,
  inputs: readonly Tensor[],
  shape: readonly number[],
  dtype: 'float32' | 'float64',
): Tensor {
  const backend = inputs[0]?.backend ?? getBackend();
  return withBackend(backend, () =>
    opScope(() => {
      const leaves = inputs.map((x) => (x.dtype === dtype ? x : cast(x, dtype)));
      // Values are float tensors of `dtype`, or bools from comparisons and logical ops.
      const asFloat = (t: Tensor) => (t.dtype === dtype ? t : cast(t, dtype));
      const asBool = (t: Tensor) => (t.dtype === 'bool' ? t : notEqual(t, 0));
      const visit = (e: ElementwiseExpression): Tensor => {
        if (e.op === 'input') return leaves[e.index]!;
        if (e.op === 'constant') return scalar(e.value, dtype);
        if (e.op === 'where')
          return where(asBool(visit(e.condition)), asFloat(visit(e.a)), asFloat(visit(e.b)));
        const operand = TAKES_BOOL.has(e.op) ? asBool : asFloat;
        if ('x' in e) return ELEMENTWISE_OPS[e.op](operand(visit(e.x)));
        return ELEMENTWISE_OPS[e.op](operand(visit(e.a)), operand(visit(e.b)));
      };
      const result = asFloat(visit(expression));
      // A new tensor of the broadcast shape, even when the tree is one of the inputs.
      return shapesEqual(result.shape, shape) && !inputs.includes(result)
        ? result
        : broadcastTo(result, shape);
    }),
  );
}

/**
 * The composed reference of `fusedElementwise`: the same tree as tensor ops, one primitive
 * per node, on any backend. Every value is computed in the result dtype (float64 when an
 * input is float64, float32 otherwise; inputs are cast to it, comparisons and logical ops
 * give 0 or 1), and the result has the broadcast shape of all inputs. Autograd sees every
 * primitive, so the result can be differentiated.
 *
 * @example
 * ```ts
 * import { composeElementwise, type ElementwiseExpression, tensor } from '@gradkit/tensor';
 *
 * // (x + y) * 2, one tensor op per node
 * const expression: ElementwiseExpression = {
 *   op: 'mul',
 *   a: { op: 'add', a: { op: 'input', index: 0 }, b: { op: 'input', index: 1 } },
 *   b: { op: 'constant', value: 2 },
 * };
 * composeElementwise(expression, [tensor([1, 2]), tensor([3])]).toArray(); // [8, 10]
 * ```
 */
export function composeElementwise(
  expression: ElementwiseExpression,
  inputs: readonly Tensor[],
): Tensor {
  const { shape, dtype } = checkElementwiseCall('composeElementwise', expression, inputs);
  return composeChecked(expression, inputs, shape, dtype);
}
