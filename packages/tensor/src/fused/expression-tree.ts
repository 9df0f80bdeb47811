import type { BinaryPrimitive, UnaryPrimitive } from '../primitives.js';

// Only the type, so that the backend contract can name it without importing the ops.

/**
 * A tree of elementwise ops evaluated per output element, as `fusedElementwise` runs it.
 * Leaves are inputs (by position, broadcast to the output shape) and constants; inner nodes
 * are unary and binary primitives and `where` (true where the condition is not 0). Every
 * value is computed in the result's float dtype; comparisons and logical ops give 0 or 1,
 * as bool tensors do when they meet a float.
 *
 * ```ts
 * // gelu(x) = 0.5 x (1 + erf(x / sqrt 2))
 * const x = { op: 'input', index: 0 } as const;
 * const gelu: ElementwiseExpression = {
 *   op: 'mul',
 *   a: { op: 'mul', a: x, b: { op: 'constant', value: 0.5 } },
 *   b: {
 *     op: 'add',
 *     a: { op: 'erf', x: { op: 'mul', a: x, b: { op: 'constant', value: Math.SQRT1_2 } } },
 *     b: { op: 'constant', value: 1 },
 *   },
 * };
 * ```
 */
export type ElementwiseExpression =
  | { readonly op: 'input'; readonly index: number }
  | { readonly op: 'constant'; readonly value: number }
  | { readonly op: UnaryPrimitive; readonly x: ElementwiseExpression }
  | {
      readonly op: BinaryPrimitive;
      readonly a: ElementwiseExpression;
      readonly b: ElementwiseExpression;
    }
  | {
      readonly op: 'where';
      readonly condition: ElementwiseExpression;
      readonly a: ElementwiseExpression;
      readonly b: ElementwiseExpression;
    };
