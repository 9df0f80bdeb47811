import {
  cast,
  donate,
  type ElementwiseExpression,
  fusedElementwiseOutputs,
  scalar,
  Tensor,
  ValueError,
} from '@gradkit/tensor';
import { input, plus, times } from './expression.js';

// The Adam family's step count lives on the device as a float32 scalar tensor (exact for
// every integer up to 2^24), as Optax keeps `count` as an array: a compiled step (`jit`)
// then sees a tensor that changes, not a number it would have to trace again for. The count
// and the bias corrections derived from it are computed in one small fused kernel per step.

/**
 * A step count as a transform's state holds it: a float32 scalar tensor. A plain number
 * (a state saved before counts were tensors, or a front end that keeps its counts on the
 * host) is read the same way and stays a number.
 */
export type StepCount = Tensor | number;

/** One bias correction: 1 − baseᵗ⁺ᵒᶠᶠˢᵉᵗ at the new count t, its square root with `root`. */
export interface CorrectionSpec {
  readonly base: number;
  readonly offset?: number;
  readonly root?: boolean;
}

/** @internal A fresh count: 0, as a float32 scalar tensor. */
export function initialCount(): Tensor {
  return scalar(0, 'float32');
}

/**
 * 1 − bᵗ as −expm1(t·ln b), with ln b computed here in float64: on float32 the result keeps
 * a few ulps of relative accuracy, where 1 − pow(b, t) would lose the digits of b's rounding
 * (float32(0.999) is off by 1e-8, which is 1e-5 of 1 − 0.999).
 */
function correctionOf(count: ElementwiseExpression, spec: CorrectionSpec): ElementwiseExpression {
  const exponent = (spec.offset ?? 0) === 0 ? count : plus(count, spec.offset ?? 0);
  const complement: ElementwiseExpression = {
    op: 'neg',
    x: { op: 'expm1', x: times(exponent, Math.log(spec.base)) },
  };
  return spec.root === true ? { op: 'sqrt', x: complement } : complement;
}

/**
 * @internal Advances `count` by one and computes `specs`' corrections at the new count, on
 * the device: the new count and the float32 corrections come out of one fused pass over the
 * scalar count (with `donated`, the new count takes the old one's buffer). Float64 leaves get
 * float64 corrections from a second pass over the new count cast to float64, made on first
 * use. The count is checked at once; the passes run on first use (after the caller's own
 * checks), so a refused update leaves a donated count as it was.
 */
export function advanceCount(
  transform: string,
  count: StepCount,
  specs: readonly CorrectionSpec[],
  donated: boolean,
): { readonly next: () => StepCount; readonly corrections: (like: Tensor) => Tensor[] } {
  const host = typeof count === 'number';
  if (host ? !Number.isFinite(count) : !isScalarCount(count)) {
    throw new ValueError(
      transform,
      'state.count',
      `must be a float32 scalar tensor (or a finite number), got ${describeCount(count)}`,
    );
  }
  let outputs: Tensor[] | undefined;
  let float64: Tensor[] | undefined;
  const run = (): Tensor[] => {
    if (outputs !== undefined) return outputs;
    const nextCount = plus(input(0), 1);
    const expressions = specs.map((spec) => correctionOf(nextCount, spec));
    outputs = host
      ? fusedElementwiseOutputs(expressions, [scalar(count, 'float32')])
      : fusedElementwiseOutputs([nextCount, ...expressions], [donated ? donate(count) : count], {
          into: [0],
        });
    return outputs;
  };
  return {
    next: () => (host ? count + 1 : run()[0]!),
    corrections: (like) => {
      const made = run();
      if (like.dtype !== 'float64') return host ? made : made.slice(1);
      float64 ??= fusedElementwiseOutputs(
        specs.map((spec) => correctionOf(input(0), spec)),
        [cast(host ? scalar(count + 1, 'float32') : made[0]!, 'float64')],
      );
      return float64;
    },
  };
}

function isScalarCount(count: unknown): count is Tensor {
  return (
    count instanceof Tensor &&
    count.dtype === 'float32' &&
    count.shape.length === 0 &&
    !count.isDisposed
  );
}

function describeCount(count: unknown): string {
  if (!(count instanceof Tensor)) return typeof count === 'number' ? String(count) : typeof count;
  return count.isDisposed
    ? 'a disposed tensor'
    : `a ${count.dtype} tensor of shape [${count.shape.join(', ')}]`;
}
