import {
  type Backend,
  BINARY_PRIMITIVES,
  type DataId,
  type DType,
  type ElementwiseExpression,
  type Primitive,
  type PrimitiveParams,
  reshape,
  type Shape,
  type Tensor,
  type TensorInfo,
  tensorFromBuffer,
  UNARY_PRIMITIVES,
} from '@gradkit/tensor';
import { sameShape } from './graph.js';
import { outputsOf, type PlanGraph } from './merge-outputs.js';

const WRITES_INTO: ReadonlySet<string> = new Set<string>([
  ...UNARY_PRIMITIVES,
  ...BINARY_PRIMITIVES,
  'where',
]);

interface Operand {
  readonly value: number;
  readonly shape: Shape;
  readonly dtype: DType;
}

/** One kernel call of a replay, with where its outputs go and what dies after it. */
interface Instruction {
  readonly primitive: Primitive | undefined;
  readonly params: PrimitiveParams[Primitive] | undefined;
  /** The fused trees, one per output (several: one `fusedElementwiseOutputs` call). */
  readonly expressions: readonly ElementwiseExpression[] | undefined;
  readonly inputs: readonly Operand[];
  readonly outputs: readonly number[];
  /** The shape the kernel writes (a fused tree's broadcast shape; same size as the value's). */
  readonly shape: Shape;
  readonly dtype: DType;
  /** For each output, the planned buffer it writes into, or -1 for a new buffer. */
  readonly planned: readonly number[];
  /** For each output, the donated argument leaf whose buffer it may write into, or -1. */
  readonly donorLeaf: readonly number[];
  /** Step outputs in new buffers that nothing reads after this instruction. */
  readonly frees: readonly number[];
}

/** `x` with another shape of the same size, `x` itself given up for it. */
function reshapeOwned(x: Tensor, shape: Shape): Tensor {
  const view = reshape(x, shape);
  x.dispose();
  return view;
}

function sizeOf(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/**
 * A graph ready to replay: its steps as kernel calls over a static buffer plan. Intermediates
 * that an elementwise or fused kernel writes live in planned buffers, made on the first replay
 * and reused by every later one (a buffer serves several values whose lifetimes do not
 * overlap); other kernels' outputs are freed after their last reader. Results go where a
 * donated argument lived, when that is safe.
 */
export class Program {
  private readonly instructions: Instruction[] = [];
  private readonly planned: (DataId | undefined)[] = [];
  private readonly slots: (DataId | undefined)[];
  private readonly graph: PlanGraph;
  private readonly backend: Backend;

  constructor(graph: PlanGraph, backend: Backend, donatedLeaves: ReadonlySet<number>) {
    this.graph = graph;
    this.backend = backend;
    const { values, steps, outputs } = graph;
    this.slots = new Array<DataId | undefined>(values.length);
    const lastUse = new Array<number>(values.length).fill(-1);
    steps.forEach((step, i) => {
      for (const use of step.inputs) lastUse[use.value] = i;
    });
    const isOutput = new Set(outputs);
    // Planned buffers by dtype and size, and those free at the current instruction.
    const plannedKey: string[] = [];
    const free: number[] = [];
    const plannedOf = new Map<number, number>();
    const donorUsed = new Set<number>();
    steps.forEach((step, i) => {
      const made = outputsOf(step);
      const out = values[made[0]!]!;
      const shape = step.kind === 'primitive' ? out.shape : step.shape;
      const writesInto = step.kind !== 'primitive' || WRITES_INTO.has(step.primitive);
      const plannedList: number[] = [];
      const donorList: number[] = [];
      for (const output of made) {
        const value = values[output]!;
        let planned = -1;
        let donorLeaf = -1;
        if (writesInto && !isOutput.has(output)) {
          const key = `${value.dtype}:${sizeOf(value.shape)}`;
          const at = free.findIndex((k) => plannedKey[k] === key);
          if (at >= 0) planned = free.splice(at, 1)[0]!;
          else planned = plannedKey.push(key) - 1;
          plannedOf.set(output, planned);
        } else if (writesInto) {
          // A result: written where a donated argument of its dtype and size lives, when that
          // argument is read by nothing after this step and here only at the same indices.
          for (let v = 0; v < values.length && donorLeaf < 0; v++) {
            const source = values[v]!.source;
            if (source.kind !== 'input' || !donatedLeaves.has(source.leaf)) continue;
            if (donorUsed.has(v) || isOutput.has(v) || lastUse[v]! > i) continue;
            if (
              values[v]!.dtype !== value.dtype ||
              sizeOf(values[v]!.shape) !== sizeOf(value.shape)
            )
              continue;
            if (
              lastUse[v] === i &&
              step.inputs.some((u) => u.value === v && !sameShape(u.shape, shape))
            )
              continue;
            donorUsed.add(v);
            donorLeaf = source.leaf;
          }
        }
        plannedList.push(planned);
        donorList.push(donorLeaf);
      }
      // What dies here: planned buffers return to the free list, others are freed.
      const frees: number[] = [];
      const released: number[] = [];
      const dying = step.inputs.map((use) => use.value);
      // A value nothing reads (none after dead-code removal, but cheap to allow) dies at once.
      for (const output of made) {
        if (lastUse[output] === -1 && !isOutput.has(output)) dying.push(output);
      }
      for (const v of dying) {
        if (values[v]!.source.kind !== 'step' || isOutput.has(v)) continue;
        if (lastUse[v] !== i && !(made.includes(v) && lastUse[v] === -1)) continue;
        const slot = plannedOf.get(v);
        if (slot !== undefined) {
          if (!released.includes(slot)) released.push(slot);
        } else if (!frees.includes(v)) frees.push(v);
      }
      this.instructions.push({
        primitive: step.kind === 'primitive' ? step.primitive : undefined,
        params: step.kind === 'primitive' ? step.params : undefined,
        expressions:
          step.kind === 'fused'
            ? [step.expression]
            : step.kind === 'fusedOutputs'
              ? step.expressions
              : undefined,
        inputs: step.inputs.map((u) => ({
          value: u.value,
          shape: u.shape,
          dtype: values[u.value]!.dtype,
        })),
        outputs: made,
        shape,
        dtype: out.dtype,
        planned: plannedList,
        donorLeaf: donorList,
        frees,
      });
      // Back on the free list after this instruction, so never the buffer it writes.
      free.push(...released);
    });
    this.planned.length = plannedKey.length;
    values.forEach((value, id) => {
      if (value.source.kind === 'constant') this.slots[id] = value.source.tensor.buffer.dataId;
    });
  }

  /** Runs the graph on `leaves` (the flattened arguments) and returns its tensor results. */
  run(op: string, leaves: readonly unknown[], donated: readonly Tensor[]): Tensor[] {
    const { values, outputs, outputShapes } = this.graph;
    const slots = this.slots;
    const backend = this.backend;
    values.forEach((value, id) => {
      if (value.source.kind === 'input') {
        slots[id] = (leaves[value.source.leaf] as Tensor).buffer.dataId;
      }
    });
    const written = new Map<number, Tensor>();
    const kernels = backend.kernels;
    const fused = backend.capabilities?.fusedElementwise;
    const fusedOutputs = backend.capabilities?.fusedElementwiseOutputs;
    for (const instruction of this.instructions) {
      const infos: TensorInfo[] = instruction.inputs.map((operand) => ({
        dataId: slots[operand.value]!,
        shape: operand.shape,
        dtype: operand.dtype,
      }));
      const targets = instruction.outputs.map((output, k) => {
        let into: DataId | undefined;
        const planned = instruction.planned[k]!;
        const donorLeaf = instruction.donorLeaf[k]!;
        if (planned >= 0) into = this.planned[planned];
        else if (donorLeaf >= 0) {
          const donor = leaves[donorLeaf] as Tensor;
          if (donor.buffer.references === 1 && donated.includes(donor)) {
            into = donor.buffer.dataId;
            written.set(output, donor);
          }
        }
        return into;
      });
      const outputInfos = targets.map((into) =>
        into === undefined
          ? { shape: instruction.shape, dtype: instruction.dtype }
          : { shape: instruction.shape, dtype: instruction.dtype, into },
      );
      const expressions = instruction.expressions;
      const dataIds: readonly DataId[] =
        expressions === undefined
          ? [
              (
                kernels[instruction.primitive!] as (
                  inputs: readonly TensorInfo[],
                  params: unknown,
                  output: unknown,
                ) => DataId
              )(infos, instruction.params, outputInfos[0]),
            ]
          : expressions.length === 1
            ? [fused!(infos, expressions[0]!, outputInfos[0]!)]
            : fusedOutputs!(infos, expressions, outputInfos);
      instruction.outputs.forEach((output, k) => {
        const dataId = dataIds[k]!;
        const into = targets[k];
        const planned = instruction.planned[k]!;
        if (planned >= 0 && dataId !== into) {
          // First replay (or a kernel that ignored the buffer offered): keep what it made.
          if (into !== undefined) backend.free(into);
          this.planned[planned] = dataId;
        }
        if (into !== undefined && dataId !== into) written.delete(output);
        slots[output] = dataId;
      });
      for (const v of instruction.frees) {
        backend.free(slots[v]!);
        slots[v] = undefined;
      }
    }
    const results: Tensor[] = [];
    const wrapped = new Map<number, Tensor>();
    outputs.forEach((v, k) => {
      const value = values[v]!;
      const shape = outputShapes[k]!;
      const earlier = wrapped.get(v);
      let result: Tensor;
      if (earlier !== undefined) result = reshape(earlier, shape);
      else if (value.source.kind === 'input') {
        result = reshape(leaves[value.source.leaf] as Tensor, shape);
      } else if (value.source.kind === 'constant') result = reshape(value.source.tensor, shape);
      else {
        const made = tensorFromBuffer(op, backend, slots[v]!, value, written.get(v));
        slots[v] = undefined;
        // A view of the value (a reshape after its last step) is returned as that view.
        result = sameShape(made.shape, shape) ? made : reshapeOwned(made, shape);
      }
      wrapped.set(v, result);
      results.push(result);
    });
    for (const t of donated) if (!t.isDisposed) t.disposeAsDonated(op);
    return results;
  }

  /** Frees the planned buffers. */
  dispose(): void {
    for (const dataId of this.planned) if (dataId !== undefined) this.backend.free(dataId);
    this.planned.fill(undefined);
  }
}
