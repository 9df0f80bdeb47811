import {
  type PrimitiveObserver,
  retain,
  type Shape,
  scope,
  Tensor,
  tree,
  withPrimitiveTracer,
} from '@gradkit/tensor';
import type { Graph, Step, Value } from './graph.js';
import { TraceError } from './trace-error.js';

/** What tracing a call gives: its graph, its result (computed on the way) and its leaves. */
export interface Recording {
  readonly graph: Graph;
  readonly result: unknown;
  /** The random samplers `fn` drew from on the host, in order. */
  readonly randomDraws: readonly string[];
}

/** Frees the tensors a graph keeps for its constants. */
export function releaseConstants(graph: Graph): void {
  for (const value of graph.values) {
    if (value.source.kind === 'constant') value.source.tensor.dispose();
  }
}

/**
 * Runs `fn` on `args`, recording every primitive it runs into a graph whose inputs are the
 * tensors among `leaves` (the flattened arguments). Tensors the primitives read that are not
 * inputs nor computed from them are constants of the graph: it keeps a handle on them.
 */
export function record(
  name: string,
  fn: (...args: never[]) => unknown,
  args: readonly unknown[],
  leaves: readonly unknown[],
): Recording {
  const values: Value[] = [];
  const steps: Step[] = [];
  const randomDraws: string[] = [];
  // Values are identified by buffer: views (reshape and friends) share their source's.
  const byBuffer = new Map<Tensor['buffer'], number>();
  // Values computed from the inputs: only these would be frozen by a read on the host.
  const fromInputs = new Set<number>();
  const add = (value: Value): number => {
    values.push(value);
    return values.length - 1;
  };
  leaves.forEach((leaf, index) => {
    if (leaf instanceof Tensor && !byBuffer.has(leaf.buffer)) {
      const id = add({
        shape: leaf.shape,
        dtype: leaf.dtype,
        source: { kind: 'input', leaf: index },
      });
      byBuffer.set(leaf.buffer, id);
      fromInputs.add(id);
    }
  });
  const valueOf = (t: Tensor): number => {
    const known = byBuffer.get(t.buffer);
    if (known !== undefined) return known;
    const id = add({
      shape: t.shape,
      dtype: t.dtype,
      source: { kind: 'constant', tensor: retain(t) },
    });
    byBuffer.set(t.buffer, id);
    return id;
  };
  const tracer: PrimitiveObserver = {
    onPrimitive(primitive, inputs, params, output) {
      const uses = inputs.map((t) => ({ value: valueOf(t), shape: t.shape }));
      const id = add({ shape: output.shape, dtype: output.dtype, source: { kind: 'step' } });
      steps.push({ kind: 'primitive', primitive, params, inputs: uses, output: id });
      if (uses.some((use) => fromInputs.has(use.value))) fromInputs.add(id);
      // A later step writing the same buffer (never under a tracer, but cheap to allow)
      // makes a new value of it.
      byBuffer.set(output.buffer, id);
    },
    onRandom(op) {
      randomDraws.push(op);
    },
    onRead(op, t) {
      const id = byBuffer.get(t.buffer);
      if (id !== undefined && fromInputs.has(id)) {
        throw new TraceError(
          op,
          undefined,
          `cannot read the values of a tensor of shape [${t.shape.join(', ')}] computed from the inputs while jit traces ${name}: the graph is recorded once and replayed, so a value read here would be frozen. Move the read out of the jitted function, or pass the value as a static argument (a number)`,
        );
      }
    },
  };
  let result: unknown;
  let outputs: number[];
  let outputShapes: Shape[];
  try {
    result = withPrimitiveTracer(tracer, () => scope(() => fn(...(args as never[]))));
    if (result instanceof Promise) {
      result.catch(() => undefined);
      throw new TypeError(`jit: ${name} must be synchronous, but it returned a Promise`);
    }
    const returned = tree.leaves(result).filter((leaf): leaf is Tensor => leaf instanceof Tensor);
    outputs = returned.map(valueOf);
    outputShapes = returned.map((t) => t.shape);
  } catch (error) {
    releaseConstants({ values, steps, outputs: [], outputShapes: [] });
    throw error;
  }
  return { graph: { values, steps, outputs, outputShapes }, result, randomDraws };
}
