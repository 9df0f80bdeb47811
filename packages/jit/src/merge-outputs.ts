import {
  type Backend,
  BINARY_PRIMITIVES,
  type ElementwiseExpression,
  type Shape,
  UNARY_PRIMITIVES,
} from '@gradkit/tensor';
import { type FusedStep, type Graph, type Step, sameShape, type Use } from './graph.js';

const UNARY: ReadonlySet<string> = new Set<string>(UNARY_PRIMITIVES);
const BINARY: ReadonlySet<string> = new Set<string>(BINARY_PRIMITIVES);

/** Several fused trees over the same elements, run as one `fusedElementwiseOutputs` kernel. */
export interface FusedOutputsStep {
  readonly kind: 'fusedOutputs';
  readonly expressions: readonly ElementwiseExpression[];
  readonly inputs: readonly Use[];
  /** The kernel's shape, every tree's broadcast shape. */
  readonly shape: Shape;
  /** The value each tree computes, in the order of `expressions`. */
  readonly outputs: readonly number[];
}

/** A step of a graph ready to plan: a recorded or fused step, or several fused trees at once. */
export type PlanStep = Step | FusedOutputsStep;

/** A graph whose fused steps may be merged (see `mergeFusedOutputs`). */
export interface PlanGraph extends Omit<Graph, 'steps'> {
  readonly steps: readonly PlanStep[];
}

/** The values a step computes. */
export function outputsOf(step: PlanStep): readonly number[] {
  return step.kind === 'fusedOutputs' ? step.outputs : [step.output];
}

/** `expression` reading input k as input `map[k]`. */
function renumber(
  expression: ElementwiseExpression,
  map: readonly number[],
): ElementwiseExpression {
  const node = expression as unknown as Record<string, unknown>;
  if (expression.op === 'input') return { op: 'input', index: map[expression.index]! };
  if (expression.op === 'constant') return expression;
  const copy: Record<string, unknown> = { op: expression.op };
  for (const key of ['x', 'a', 'b', 'condition']) {
    if (node[key] !== undefined) copy[key] = renumber(node[key] as ElementwiseExpression, map);
  }
  return copy as unknown as ElementwiseExpression;
}

function nodesOf(expression: ElementwiseExpression): number {
  const node = expression as unknown as Record<string, unknown>;
  let count = 1;
  for (const key of ['x', 'a', 'b', 'condition']) {
    if (node[key] !== undefined) count += nodesOf(node[key] as ElementwiseExpression);
  }
  return count;
}

interface Group {
  /** Where the merged kernel runs: the position of its first tree. */
  readonly at: number;
  readonly shape: Shape;
  readonly expressions: ElementwiseExpression[];
  readonly inputs: Use[];
  readonly outputs: number[];
  /** The positions of its trees' steps in the graph. */
  readonly members: number[];
  nodes: number;
}

/**
 * Merges fused trees that read the same buffers over the same elements into one kernel with
 * several results (`fusedElementwiseOutputs`), so that each element of a shared input is read
 * once: an optimizer's new parameter and moments, say, as one pass instead of one per result.
 * A tree joins an earlier kernel of its shape when it shares an input with it and every value
 * it reads exists by then (so it can run there); the kernel stays within the backend's
 * limits. Does nothing on a backend without the capability.
 */
export function mergeFusedOutputs(graph: Graph, backend: Backend): PlanGraph {
  const capabilities = backend.capabilities;
  if (
    capabilities?.fusedElementwiseOutputs === undefined ||
    capabilities.fusedElementwise === undefined ||
    backend.readsSynchronously === false
  ) {
    return graph;
  }
  const limits = capabilities.fusedElementwiseLimits;
  const { steps, values } = graph;
  // Where each step output is computed, as a position in the original order.
  const madeAt = new Map<number, number>();
  steps.forEach((step, i) => {
    madeAt.set(step.output, i);
  });
  const groups: Group[] = [];
  const groupOf = new Map<number, Group>();
  steps.forEach((step, i) => {
    if (step.kind !== 'fused' || values[step.output]!.dtype !== 'float32') return;
    const joined = groups.find((group) => {
      if (!sameShape(group.shape, step.shape)) return false;
      // Every value it reads must exist where the kernel runs.
      const readyThere = step.inputs.every((use) => {
        const at = madeAt.get(use.value);
        return at === undefined || at < group.at;
      });
      if (!readyThere) return false;
      const shares = step.inputs.some((use) =>
        group.inputs.some((u) => u.value === use.value && sameShape(u.shape, use.shape)),
      );
      if (!shares) return false;
      if (limits === undefined) return true;
      const added = step.inputs.filter(
        (use) => !group.inputs.some((u) => u.value === use.value && sameShape(u.shape, use.shape)),
      ).length;
      return (
        group.inputs.length + added <= limits.maxInputs &&
        group.nodes + nodesOf(step.expression) <= limits.maxNodes
      );
    });
    if (joined === undefined) {
      const group: Group = {
        at: i,
        shape: step.shape,
        expressions: [step.expression],
        inputs: [...step.inputs],
        outputs: [step.output],
        members: [i],
        nodes: nodesOf(step.expression),
      };
      groups.push(group);
      groupOf.set(i, group);
      return;
    }
    const map = step.inputs.map((use) => {
      const found = joined.inputs.findIndex(
        (u) => u.value === use.value && sameShape(u.shape, use.shape),
      );
      return found >= 0 ? found : joined.inputs.push(use) - 1;
    });
    joined.expressions.push(renumber(step.expression, map));
    joined.outputs.push(step.output);
    joined.members.push(i);
    joined.nodes += nodesOf(step.expression);
    groupOf.set(i, joined);
  });
  const absorbed = absorbOperands(graph, groups, madeAt, limits?.maxNodes);
  const merged: PlanStep[] = [];
  steps.forEach((step, i) => {
    if (absorbed.has(i)) return;
    const group = groupOf.get(i);
    if (group === undefined) merged.push(step);
    else if (group.at === i) {
      merged.push(
        group.outputs.length === 1
          ? (step as FusedStep)
          : {
              kind: 'fusedOutputs',
              expressions: group.expressions,
              inputs: group.inputs,
              shape: group.shape,
              outputs: group.outputs,
            },
      );
    }
  });
  return { ...graph, steps: merged };
}

/** The operand `use` of a kernel as an expression: a new input of `group`, or its own. */
function operandOf(group: Group, use: Use): ElementwiseExpression {
  let index = group.inputs.findIndex((u) => u.value === use.value && sameShape(u.shape, use.shape));
  if (index < 0) index = group.inputs.push(use) - 1;
  return { op: 'input', index };
}

/** `expression` with input `index` replaced by `by`, and inputs above it renumbered down. */
function substitute(
  expression: ElementwiseExpression,
  index: number,
  by: ElementwiseExpression,
): ElementwiseExpression {
  if (expression.op === 'input') {
    if (expression.index === index) return by;
    return expression.index > index ? { op: 'input', index: expression.index - 1 } : expression;
  }
  if (expression.op === 'constant') return expression;
  const node = expression as unknown as Record<string, unknown>;
  const copy: Record<string, unknown> = { op: expression.op };
  for (const key of ['x', 'a', 'b', 'condition']) {
    if (node[key] !== undefined) {
      copy[key] = substitute(node[key] as ElementwiseExpression, index, by);
    }
  }
  return copy as unknown as ElementwiseExpression;
}

/**
 * Moves into a merged kernel the one-op elementwise steps that only its trees read (the
 * squared gradient that an optimizer's second moment and its update both read): computed
 * inside, once per element, instead of written to a buffer and read back. Returns the
 * positions of the steps moved.
 */
function absorbOperands(
  graph: Graph,
  groups: readonly Group[],
  madeAt: ReadonlyMap<number, number>,
  maxNodes: number | undefined,
): Set<number> {
  const { steps, values, outputs } = graph;
  const isOutput = new Set(outputs);
  // The steps reading each value.
  const readBy = new Map<number, Set<number>>();
  steps.forEach((step, i) => {
    for (const use of step.inputs) {
      const set = readBy.get(use.value) ?? new Set<number>();
      set.add(i);
      readBy.set(use.value, set);
    }
  });
  const absorbed = new Set<number>();
  for (const group of groups) {
    if (group.outputs.length < 2) continue;
    for (let k = 0; k < group.inputs.length; k++) {
      const use = group.inputs[k]!;
      const at = madeAt.get(use.value);
      if (at === undefined || isOutput.has(use.value)) continue;
      const step = steps[at]!;
      if (step.kind !== 'primitive' || values[use.value]!.dtype !== 'float32') continue;
      const arity = UNARY.has(step.primitive) ? 1 : BINARY.has(step.primitive) ? 2 : 0;
      if (arity === 0 || step.inputs.length !== arity) continue;
      if (!sameShape(use.shape, group.shape) || !sameShape(values[use.value]!.shape, group.shape))
        continue;
      // Read only here: by the trees of this kernel, and as this one input.
      const readers = readBy.get(use.value) ?? new Set<number>();
      if (![...readers].every((r) => group.members.includes(r))) continue;
      if (group.inputs.some((u, j) => j !== k && u.value === use.value)) continue;
      const readsHere = group.expressions.reduce((n, e) => n + inputReads(e, k), 0);
      if (!step.inputs.every((u) => values[u.value]!.dtype === 'float32')) continue;
      if (maxNodes !== undefined && group.nodes + readsHere * (arity + 1) > maxNodes) continue;
      group.inputs.splice(k, 1);
      const shifted = group.expressions.map((e) => substitute(e, k, { op: 'input', index: -1 }));
      const operands = step.inputs.map((u) => operandOf(group, u));
      const by = (arity === 1
        ? { op: step.primitive, x: operands[0] }
        : {
            op: step.primitive,
            a: operands[0],
            b: operands[1],
          }) as unknown as ElementwiseExpression;
      shifted.forEach((e, t) => {
        group.expressions[t] = replacePlaceholder(e, by);
      });
      group.nodes += readsHere * (arity + 1);
      absorbed.add(at);
      k--;
    }
  }
  return absorbed;
}

/** How many times `expression` reads input `index`. */
function inputReads(expression: ElementwiseExpression, index: number): number {
  if (expression.op === 'input') return expression.index === index ? 1 : 0;
  if (expression.op === 'constant') return 0;
  const node = expression as unknown as Record<string, unknown>;
  let count = 0;
  for (const key of ['x', 'a', 'b', 'condition']) {
    if (node[key] !== undefined) count += inputReads(node[key] as ElementwiseExpression, index);
  }
  return count;
}

/** `expression` with the placeholder input (-1) replaced by `by` (one object, shared). */
function replacePlaceholder(
  expression: ElementwiseExpression,
  by: ElementwiseExpression,
): ElementwiseExpression {
  if (expression.op === 'input') return expression.index === -1 ? by : expression;
  if (expression.op === 'constant') return expression;
  const node = expression as unknown as Record<string, unknown>;
  const copy: Record<string, unknown> = { op: expression.op };
  for (const key of ['x', 'a', 'b', 'condition']) {
    if (node[key] !== undefined) {
      copy[key] = replacePlaceholder(node[key] as ElementwiseExpression, by);
    }
  }
  return copy as unknown as ElementwiseExpression;
}
