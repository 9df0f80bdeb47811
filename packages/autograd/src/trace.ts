import {
  createAsyncContext,
  isFloating,
  type PrimitiveObserver,
  runPrimitive,
  type Tensor,
  ValueError,
  withPrimitiveObserver,
} from '@gradkit/tensor';
import { Tape, type WatchedLeaf } from './tape.js';

// The tapes recording in this flow, outermost first. tensor has one observer slot per flow,
// so a single observer forwards each primitive to all of them: the backward pass of an
// inner differentiation runs ops that the outer tapes record, which is what makes
// grad(grad(f)) work.
const tapeContext = createAsyncContext<readonly Tape[]>();

export function activeTapes(): readonly Tape[] {
  return tapeContext.get() ?? [];
}

/** Runs `fn` with exactly `tapes` recording the primitives it runs. */
export function withTapes<R>(tapes: readonly Tape[], fn: () => R): R {
  const observer: PrimitiveObserver = {
    onPrimitive(primitive, inputs, params, output) {
      for (const tape of tapes) tape.record(primitive, inputs, params, output);
    },
  };
  return tapeContext.run(tapes, () => withPrimitiveObserver(observer, fn));
}

/**
 * A copy of `x` in a new buffer, made by a primitive (a same-dtype cast) so that enclosing
 * tapes see it. Each differentiation watches its own copies: a tensor passed twice, or also
 * captured by `f`'s closure, is then differentiated only where it was passed.
 */
export function copyOf(x: Tensor): Tensor {
  return runPrimitive('cast', [x], { dtype: x.dtype }, { shape: x.shape, dtype: x.dtype }, ['x']);
}

export interface Trace<R> {
  readonly result: R;
  readonly tape: Tape;
  /** One entry per primal: its watched copy's identity, or null for integer and bool primals. */
  readonly leaves: readonly (WatchedLeaf | null)[];
}

/**
 * Runs `fn` on watched copies of the float `primals` (integer and bool ones are passed as
 * they are) and records what it computes. The caller owns the tape and must dispose it.
 */
export function trace<R>(
  op: string,
  primals: readonly Tensor[],
  fn: (inputs: readonly Tensor[]) => R,
): Trace<R> {
  const tape = new Tape();
  const inputs = primals.map((p) => (isFloating(p.dtype) ? copyOf(p) : p));
  const leaves = inputs.map((input, i) =>
    isFloating(primals[i]!.dtype) ? tape.watch(input) : null,
  );
  let result: R;
  try {
    result = withTapes([...activeTapes(), tape], () => fn(inputs));
    if (result instanceof Promise) {
      result.catch(() => undefined);
      throw new ValueError(op, 'f', 'must be synchronous, but it returned a Promise');
    }
  } catch (error) {
    tape.dispose();
    throw error;
  } finally {
    tape.close();
  }
  return { result, tape, leaves };
}
