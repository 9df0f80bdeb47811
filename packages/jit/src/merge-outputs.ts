import type { Backend, ElementwiseExpression, Shape } from '@gradkit/tensor';
import { type FusedStep, type Graph, type Step, sameShape, type Use } from './graph.js';

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
    joined.nodes += nodesOf(step.expression);
    groupOf.set(i, joined);
  });
  const merged: PlanStep[] = [];
  steps.forEach((step, i) => {
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
