import type {
  DType,
  ElementwiseExpression,
  Primitive,
  PrimitiveParams,
  Shape,
  Tensor,
} from '@gradkit/tensor';

/** A value read by a step, with the shape it is read as (a reshape view keeps the buffer). */
export interface Use {
  readonly value: number;
  readonly shape: Shape;
}

/** Where a value of the graph comes from. */
export type ValueSource =
  /** The tensor leaf at this index of the flattened arguments. */
  | { readonly kind: 'input'; readonly leaf: number }
  /** A tensor that does not depend on the inputs (a literal, a captured tensor), kept alive. */
  | { readonly kind: 'constant'; readonly tensor: Tensor }
  /** The output of a step. */
  | { readonly kind: 'step' };

export interface Value {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly source: ValueSource;
}

/** One primitive as recorded. */
export interface PrimitiveStep {
  readonly kind: 'primitive';
  readonly primitive: Primitive;
  readonly params: PrimitiveParams[Primitive];
  readonly inputs: readonly Use[];
  readonly output: number;
}

/** A tree of elementwise steps run as one `fusedElementwise` kernel. */
export interface FusedStep {
  readonly kind: 'fused';
  readonly expression: ElementwiseExpression;
  readonly inputs: readonly Use[];
  /** The broadcast shape of the inputs: the kernel's output shape (same size as the value's). */
  readonly shape: Shape;
  readonly output: number;
}

export type Step = PrimitiveStep | FusedStep;

/** A recorded function: values, the steps computing them in order, and what it returns. */
export interface Graph {
  readonly values: readonly Value[];
  readonly steps: readonly Step[];
  /** The value of each tensor leaf of the result, in flatten order. */
  readonly outputs: readonly number[];
  /** The shape of each result (a view of its value may have another). */
  readonly outputShapes: readonly Shape[];
}

/** The values each step reads, and graph outputs, as counts of readers per value. */
export function countReaders(graph: Graph): number[] {
  const readers = new Array<number>(graph.values.length).fill(0);
  for (const step of graph.steps) for (const use of step.inputs) readers[use.value]!++;
  for (const output of graph.outputs) readers[output]!++;
  return readers;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
