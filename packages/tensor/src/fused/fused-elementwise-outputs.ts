import type { DataId } from '../backend.js';
import { adoptOutputOf, findDonor, runCapability, settleDonationsOutsideOps } from '../engine.js';
import { ValueError } from '../errors.js';
import { currentObserver } from '../observer.js';
import { opScope } from '../scope.js';
import type { Tensor } from '../tensor.js';
import { checkElementwiseCall, type ElementwiseExpression } from './elementwise-expression.js';
import { fusedElementwise } from './fused-elementwise.js';

/** Options of {@link fusedElementwiseOutputs}. */
export interface FusedElementwiseOutputsOptions {
  /**
   * For output k, the index of the input whose buffer it may take when that input is
   * donated (see `donate`) and of the result's shape and dtype: `into: [0, 2]` writes the
   * first result into input 0 and the second into input 2. Default: new buffers.
   */
  readonly into?: readonly (number | undefined)[];
}

/**
 * Evaluates several trees of elementwise ops over the same inputs (see
 * `ElementwiseExpression`), one result each, in a single pass where the backend offers the
 * `fusedElementwiseOutputs` capability: every element's inputs are read once and every
 * result written once, so an update of parameters and optimizer moments costs one trip
 * through memory, in place when they are donated. A subtree shared by several trees is
 * computed once per element. Elsewhere each tree runs through `fusedElementwise` (one
 * kernel per result). The values are those of `fusedElementwise` on each tree.
 *
 * @example
 * ```ts
 * import { donate, type ElementwiseExpression, fusedElementwiseOutputs, tensor } from '@gradkit/tensor';
 *
 * // A momentum step: m' = 0.9 m + g, p' = p - 0.1 m', both in place.
 * const input = (index: number): ElementwiseExpression => ({ op: 'input', index });
 * const constant = (value: number): ElementwiseExpression => ({ op: 'constant', value });
 * const m: ElementwiseExpression = {
 *   op: 'add',
 *   a: { op: 'mul', a: input(1), b: constant(0.9) },
 *   b: input(2),
 * };
 * const p: ElementwiseExpression = { op: 'sub', a: input(0), b: { op: 'mul', a: m, b: constant(0.1) } };
 * const [param, momentum] = fusedElementwiseOutputs(
 *   [p, m],
 *   [donate(tensor([1, 2])), donate(tensor([0, 0])), tensor([1, -1])],
 *   { into: [0, 1] },
 * );
 * param.toArray(); // [0.9, 2.1]
 * ```
 */
export function fusedElementwiseOutputs(
  expressions: readonly ElementwiseExpression[],
  inputs: readonly Tensor[],
  options: FusedElementwiseOutputsOptions = {},
): Tensor[] {
  const op = 'fusedElementwiseOutputs';
  if (!Array.isArray(expressions) || expressions.length === 0) {
    throw new ValueError(op, 'expressions', 'must be a non-empty array of trees');
  }
  let call = checkElementwiseCall(op, expressions[0]!, inputs);
  let nodes = 0;
  for (const expression of expressions) {
    call = checkElementwiseCall(op, expression, inputs);
    nodes = Math.max(nodes, call.nodes);
  }
  const { shape, dtype } = call;
  const into = options.into ?? [];
  if (!Array.isArray(into) || into.length > expressions.length) {
    throw new ValueError(op, 'into', `must be an array of at most ${expressions.length} indices`);
  }
  const taken = new Set<number>();
  into.forEach((index, k) => {
    if (index === undefined) return;
    if (!Number.isInteger(index) || index < 0 || index >= inputs.length) {
      throw new ValueError(
        op,
        'into',
        `names input ${String(index)} for output ${k}, but ${inputs.length} inputs were given`,
      );
    }
    if (taken.has(index)) {
      throw new ValueError(op, 'into', `names input ${index} for two outputs`);
    }
    taken.add(index);
  });
  const first = inputs[0];
  const capabilities = first?.backend.capabilities;
  const kernel = capabilities?.fusedElementwiseOutputs;
  const limits = capabilities?.fusedElementwiseLimits;
  if (
    first === undefined ||
    kernel === undefined ||
    dtype !== 'float32' ||
    currentObserver() !== undefined ||
    (limits !== undefined && (inputs.length > limits.maxInputs || nodes > limits.maxNodes))
  ) {
    // One kernel per tree. Each runs as a step inside this op (two op levels deep), where a
    // donated input is never written: the next tree still reads it. The donated inputs are
    // disposed when this op returns.
    return opScope(() =>
      opScope(() => expressions.map((expression) => fusedElementwise(expression, inputs))),
    );
  }
  const output = { shape, dtype } as const;
  const buffers = new Set<object>();
  const donors = expressions.map((_, k) => {
    const index = into[k];
    const donor = index === undefined ? undefined : findDonor(op, [inputs[index]!], output, true);
    // The same tensor passed twice gives its buffer to one output only.
    if (donor === undefined || buffers.has(donor.buffer)) return undefined;
    buffers.add(donor.buffer);
    return donor;
  });
  // Every other donated input is disposed too when the op returns.
  findDonor(op, inputs, output, false);
  const outputs = donors.map((donor) =>
    donor === undefined ? output : { shape, dtype, into: donor.buffer.dataId },
  );
  const dataIds: readonly DataId[] = runCapability(op, inputs, (...infos) =>
    kernel(infos, expressions, outputs),
  );
  const results = dataIds.map((dataId, k) =>
    adoptOutputOf(op, first.backend, dataId, output, donors[k]),
  );
  settleDonationsOutsideOps();
  return results;
}
