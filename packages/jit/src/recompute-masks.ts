import type { Graph, PrimitiveStep, Step, Value } from './graph.js';
import { sameShape } from './graph.js';

/** Past this many readers a mask stays one buffer: recomputing it each time costs more. */
const MAX_COPIES = 4;

/**
 * Gives each elementwise reader of a bool mask its own copy of the comparison computing it, so
 * that fusion computes the mask inside each reader's kernel instead of writing it to a buffer
 * and running the comparison and every select as kernels of their own (ReLU and its gradient
 * both read `x <= 0`). A comparison is cheap next to a kernel launch and a pass over memory;
 * the price is that its operands stay alive until its last reader. Only masks computed by an
 * elementwise step from float32 or bool buffers (or literals), read with their own shape by
 * float32 elementwise steps only and not returned, are copied.
 */
export function recomputeMasks(
  graph: Graph,
  isElementwise: (step: Step) => step is PrimitiveStep,
): Graph {
  const { steps, outputs } = graph;
  const readers = new Map<number, number[]>();
  steps.forEach((step, i) => {
    for (const use of step.inputs) {
      const list = readers.get(use.value) ?? [];
      if (!list.includes(i)) list.push(i);
      readers.set(use.value, list);
    }
  });
  const returned = new Set(outputs);
  const copied = new Set<number>();
  steps.forEach((step) => {
    const mask = step.output;
    const value = graph.values[mask]!;
    if (value.dtype !== 'bool' || !isElementwise(step) || returned.has(mask)) return;
    const list = readers.get(mask);
    if (list === undefined || list.length < 2 || list.length > MAX_COPIES) return;
    const operandsOk = step.inputs.every((use) => {
      const dtype = graph.values[use.value]!.dtype;
      return dtype === 'float32' || dtype === 'bool';
    });
    const readersOk = list.every((r) => {
      const reader = steps[r]!;
      return (
        isElementwise(reader) &&
        graph.values[reader.output]!.dtype === 'float32' &&
        reader.inputs.every((use) => {
          const dtype = graph.values[use.value]!.dtype;
          const fusible = dtype === 'float32' || dtype === 'bool';
          return fusible && (use.value !== mask || sameShape(use.shape, value.shape));
        })
      );
    });
    if (operandsOk && readersOk) copied.add(mask);
  });
  if (copied.size === 0) return graph;

  const values: Value[] = [...graph.values];
  const result: Step[] = [];
  const producer = new Map<number, PrimitiveStep>();
  for (const step of steps) {
    if (copied.has(step.output)) {
      // Emitted again right before each reader instead.
      producer.set(step.output, step as PrimitiveStep);
      continue;
    }
    const replaced = new Map<number, number>();
    for (const use of step.inputs) {
      const original = producer.get(use.value);
      if (original === undefined || replaced.has(use.value)) continue;
      const copy = values.push(values[use.value]!) - 1;
      replaced.set(use.value, copy);
      result.push({ ...original, output: copy });
    }
    if (replaced.size === 0) {
      result.push(step);
      continue;
    }
    const inputs = step.inputs.map((use) => {
      const copy = replaced.get(use.value);
      return copy === undefined ? use : { value: copy, shape: use.shape };
    });
    result.push({ ...step, inputs } as Step);
  }
  return { ...graph, values, steps: result };
}
