import {
  type Backend,
  BINARY_PRIMITIVES,
  broadcastShapes,
  type ElementwiseExpression,
  UNARY_PRIMITIVES,
} from '@gradkit/tensor';
import { countReaders, type Graph, type PrimitiveStep, type Step, sameShape } from './graph.js';
import { recomputeMasks } from './recompute-masks.js';

const ELEMENTWISE: ReadonlySet<string> = new Set<string>([
  ...UNARY_PRIMITIVES,
  ...BINARY_PRIMITIVES,
  'where',
]);

const OPERANDS: Readonly<Record<number, readonly string[]>> = {
  1: ['x'],
  2: ['a', 'b'],
  3: ['condition', 'a', 'b'],
};

function isSizeOne(shape: readonly number[]): boolean {
  for (const d of shape) if (d !== 1) return false;
  return true;
}

/**
 * Fuses chains of float32 elementwise steps into `fusedElementwise` steps, one per tree: a
 * step's output is computed inside its reader's kernel when that reader is the only one and
 * reads it with its own shape; anything read twice, returned, or read by another kind of
 * step stays a buffer of its own. Comparisons feeding a `where` fuse too (as 0 or 1), and a
 * mask read by several elementwise steps is recomputed inside each (see recompute-masks.ts).
 * Constants of one element become literals of the tree. Does nothing on a backend without
 * the capability.
 */
export function fuseElementwise(recorded: Graph, backend: Backend): Graph {
  const capabilities = backend.capabilities;
  if (capabilities?.fusedElementwise === undefined || backend.readsSynchronously === false) {
    return recorded;
  }
  const limits = capabilities.fusedElementwiseLimits;
  const elementwise = (step: Step): step is PrimitiveStep =>
    step.kind === 'primitive' && ELEMENTWISE.has(step.primitive);
  const graph = recomputeMasks(recorded, elementwise);
  const { values, steps } = graph;
  const readers = countReaders(graph);
  const producer = new Map<number, number>();
  steps.forEach((step, i) => {
    producer.set(step.output, i);
  });
  const outputs = new Set(graph.outputs);
  const readerOf = new Map<number, number>();
  steps.forEach((step, i) => {
    for (const use of step.inputs) readerOf.set(use.value, i);
  });

  // A one-element value read by a bigger step (a step count's bias correction read by a
  // parameter's update) keeps a buffer of its own: inside the bigger kernel it would be
  // recomputed for every element, and its ops (expm1) could keep that kernel off SIMD.
  const broadcastScalar = (v: number, reader: number): boolean =>
    isSizeOne(values[v]!.shape) && !isSizeOne(values[steps[reader]!.output]!.shape);
  const literals = new Map<number, number | undefined>();
  const literal = (value: number): number | undefined => {
    if (literals.has(value)) return literals.get(value);
    const found = readLiteral(value);
    literals.set(value, found);
    return found;
  };
  const readLiteral = (value: number): number | undefined => {
    const v = values[value]!;
    if (v.source.kind !== 'constant' || !isSizeOne(v.shape)) return undefined;
    if (v.dtype !== 'float32' && v.dtype !== 'bool') return undefined;
    const t = v.source.tensor;
    return backend.readSync(t.buffer.dataId, t.dtype, 1)[0];
  };
  // Values kept in buffers of their own because a tree holding them was over the limits.
  const separate = new Set<number>();
  // fusible[i]: step i may be part of a tree; inline[v]: value v is computed inside its reader.
  let fusible: boolean[] = [];
  let inline: boolean[] = [];
  const decide = (): void => {
    fusible = steps.map(
      (step) =>
        elementwise(step) &&
        (values[step.output]!.dtype === 'float32' || values[step.output]!.dtype === 'bool'),
    );
    inline = new Array<boolean>(values.length).fill(false);
    for (let changed = true; changed; ) {
      changed = false;
      steps.forEach((step, i) => {
        const v = step.output;
        const reader = readerOf.get(v);
        const next =
          fusible[i]! &&
          readers[v] === 1 &&
          !outputs.has(v) &&
          !separate.has(v) &&
          reader !== undefined &&
          fusible[reader]! &&
          sameShape(steps[reader]!.inputs.find((u) => u.value === v)!.shape, values[v]!.shape) &&
          !broadcastScalar(v, reader);
        if (next !== inline[v]) {
          inline[v] = next;
          changed = true;
        }
        if (!fusible[i]) return;
        // Every operand must be a float32 or bool buffer (a mask, read as 0 or 1), a literal
        // or computed inside the tree.
        const ok = step.inputs.every(
          (use) =>
            inline[use.value] ||
            literal(use.value) !== undefined ||
            values[use.value]!.dtype === 'float32' ||
            values[use.value]!.dtype === 'bool',
        );
        if (!ok) {
          fusible[i] = false;
          changed = true;
        }
      });
    }
  };
  // Nodes and distinct buffer inputs of the tree rooted at step `root`.
  const measure = (root: Step): { nodes: number; inputs: Set<string> } => {
    const inputs = new Set<string>();
    let nodes = 0;
    const visit = (s: Step): void => {
      nodes++;
      for (const use of s.inputs) {
        if (inline[use.value]) visit(steps[producer.get(use.value)!]!);
        else {
          nodes++;
          if (literal(use.value) === undefined) inputs.add(`${use.value}:${use.shape.join('x')}`);
        }
      }
    };
    visit(root);
    return { nodes, inputs };
  };
  // Splits trees over the backend's limits: the biggest inlined operand of the root gets a
  // buffer of its own (and becomes a tree of its own), until every tree fits.
  for (let split = true; split; ) {
    decide();
    split = false;
    if (limits === undefined) break;
    steps.forEach((step, i) => {
      if (split || inline[step.output] || !fusible[i]) return;
      const size = measure(step);
      if (size.nodes <= limits.maxNodes && size.inputs.size <= limits.maxInputs) return;
      let biggest: number | undefined;
      let biggestNodes = 0;
      for (const use of step.inputs) {
        if (!inline[use.value]) continue;
        const nodes = measure(steps[producer.get(use.value)!]!).nodes;
        if (nodes > biggestNodes) {
          biggest = use.value;
          biggestNodes = nodes;
        }
      }
      if (biggest !== undefined) {
        separate.add(biggest);
        split = true;
      }
    });
  }

  const result: Step[] = [];
  steps.forEach((step, i) => {
    const v = step.output;
    if (inline[v]) return;
    if (!fusible[i] || values[v]!.dtype !== 'float32') {
      result.push(step);
      return;
    }
    const inputs: { value: number; shape: readonly number[] }[] = [];
    let nodes = 0;
    let fusedSteps = 0;
    const build = (root: PrimitiveStep): ElementwiseExpression => {
      nodes++;
      fusedSteps++;
      const operands = root.inputs.map((use): ElementwiseExpression => {
        if (inline[use.value]) return build(steps[producer.get(use.value)!] as PrimitiveStep);
        nodes++;
        const value = literal(use.value);
        if (value !== undefined) return { op: 'constant', value };
        let index = inputs.findIndex((u) => u.value === use.value && sameShape(u.shape, use.shape));
        if (index < 0) index = inputs.push(use) - 1;
        return { op: 'input', index };
      });
      const names = OPERANDS[operands.length]!;
      const node: Record<string, unknown> = { op: root.primitive };
      names.forEach((name, k) => {
        node[name] = operands[k];
      });
      return node as unknown as ElementwiseExpression;
    };
    const expression = build(step as PrimitiveStep);
    const withinLimits =
      limits === undefined || (inputs.length <= limits.maxInputs && nodes <= limits.maxNodes);
    if (fusedSteps < 2 || inputs.length === 0 || !withinLimits) {
      // Not worth a kernel, or too big: the tree's steps run one by one.
      const own: Step[] = [];
      const collect = (s: Step): void => {
        for (const use of s.inputs) {
          if (inline[use.value]) collect(steps[producer.get(use.value)!]!);
        }
        own.push(s);
      };
      collect(step);
      own.sort((a, b) => producer.get(a.output)! - producer.get(b.output)!);
      result.push(...own);
      return;
    }
    const shape = broadcastShapes(
      'jit',
      inputs.map((u) => u.shape),
      inputs.map((_, k) => `input ${k}`),
    );
    result.push({ kind: 'fused', expression, inputs, shape, output: v });
  });
  return { ...graph, steps: result };
}
