import { sharedState } from './shared-state.js';
import type { Tensor } from './tensor.js';

// Tensors given up with `donate`, and the ops that took them but could not reuse their
// buffers (inside a composite op, under a tape, a shared buffer): they are disposed when the
// outermost op returns, not before, since the op may still read them. One map for every copy
// of the package in the process, as the op depth it is settled by (see shared-state.ts).
let pendingDonations: Map<Tensor, string> | undefined;
function pendingMap(): Map<Tensor, string> {
  pendingDonations ??= sharedState('donations', () => new Map<Tensor, string>());
  return pendingDonations;
}

/**
 * Gives `x` up to the next op that takes it (JAX's `donate_argnums`): an elementwise op, a
 * `fusedElementwise` tree or `fusedElementwiseOutputs` may then write an output into `x`'s buffer instead
 * of a new one, when the shape and dtype match and nothing else holds the buffer (another
 * tensor sharing it, an autograd tape). Either way `x` is disposed when that op returns;
 * using it afterwards throws a `DisposedError` naming the op it was donated to. Values are
 * never changed under another holder: where reuse is not safe the op writes a new buffer.
 *
 * @example
 * ```ts
 * import { add, donate, tensor } from '@gradkit/tensor';
 *
 * let total = tensor([1, 2, 3]);
 * total = add(donate(total), 1); // [2, 3, 4], written into the old total's buffer
 * ```
 */
export function donate<T extends Tensor>(x: T): T {
  x.assertLive('donate');
  x.donated = true;
  return x;
}

/** @internal Notes that `op` took the donated `x`; it is disposed when the outermost op returns. */
export function deferDonation(x: Tensor, op: string): void {
  const pending = pendingMap();
  if (!pending.has(x)) pending.set(x, op);
}

/**
 * @internal Called when the outermost op ends: disposes every donated tensor it took when it
 * returned, and leaves them alive (still donated) when it threw.
 */
export function settleDonations(returned: boolean): void {
  const pending = pendingMap();
  if (pending.size === 0) return;
  if (returned) for (const [x, op] of pending) x.disposeAsDonated(op);
  pending.clear();
}

/**
 * @internal The input whose buffer an op's output may take: donated, the only holder of its
 * buffer, of the output's shape and dtype, taken by an op the user called (not a step inside
 * a composite op) while no tape records. Every donated input is noted for disposal.
 */
export function donorAmong(
  op: string,
  inputs: readonly Tensor[],
  shape: readonly number[],
  dtype: string,
  reusable: boolean,
): Tensor | undefined {
  let donor: Tensor | undefined;
  for (const input of inputs) {
    if (!input.donated) continue;
    deferDonation(input, op);
    if (
      reusable &&
      donor === undefined &&
      input.buffer.references === 1 &&
      input.dtype === dtype &&
      sameShape(input.shape, shape)
    ) {
      donor = input;
    }
  }
  return donor;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
