import type { ElementwiseExpression } from '@gradkit/tensor';

// Builders for tensor's ElementwiseExpression trees, so an update reads as its formula and
// runs as one fused kernel on backends with `fusedElementwise` (composed ops elsewhere).

export type Operand = ElementwiseExpression | number;

const node = (value: Operand): ElementwiseExpression =>
  typeof value === 'number' ? { op: 'constant', value } : value;

/** The `index`-th input tensor. */
export const input = (index: number): ElementwiseExpression => ({ op: 'input', index });
/** a + b */
export const plus = (a: Operand, b: Operand): ElementwiseExpression => ({
  op: 'add',
  a: node(a),
  b: node(b),
});
/** a · b */
export const times = (a: Operand, b: Operand): ElementwiseExpression => ({
  op: 'mul',
  a: node(a),
  b: node(b),
});
/** a / b */
export const over = (a: Operand, b: Operand): ElementwiseExpression => ({
  op: 'div',
  a: node(a),
  b: node(b),
});
/** √x */
export const root = (x: Operand): ElementwiseExpression => ({ op: 'sqrt', x: node(x) });
/** max(a, b) */
export const larger = (a: Operand, b: Operand): ElementwiseExpression => ({
  op: 'maximum',
  a: node(a),
  b: node(b),
});
/** |x| */
export const magnitude = (x: Operand): ElementwiseExpression => ({ op: 'abs', x: node(x) });
/** a − b */
export const minus = (a: Operand, b: Operand): ElementwiseExpression => ({
  op: 'sub',
  a: node(a),
  b: node(b),
});
