import { valueAndGrad as autogradValueAndGrad } from '@gradkit/autograd';
import type { RowSparse } from '@gradkit/optim';
import { sum, Tensor, ValueError } from '@gradkit/tensor';
import { checkOptionKeys } from '../options/check-option-keys.js';
import { describe, Parameter } from '../parameter/parameter.js';
import { CompiledGradient, type Differentiate } from './compiled-gradient.js';
import { type JitOption, type JitSettings, resolveJitOption } from './jit-option.js';
import { sparsify, withSparseFrame } from './sparse-rows.js';
import { type Weights, weightList } from './weights.js';

/** Which inputs of fn to differentiate: one position, several (a tuple), or none (null). */
export type GradPosition = number | readonly number[] | null;

/** A weight's gradient: dense, or row-sparse for an `Embedding` with `sparseGradient`. */
export type WeightGradient = Tensor | RowSparse;

/** The input gradient(s) for `gradPosition` G: one tensor for a number, a tuple for an array. */
export type InputGradients<G> = G extends number ? Tensor : Tensor[];

/** The weight gradient(s): one for a single Parameter, a tuple in weights order for a list. */
export type WeightGradients<W> = W extends Parameter ? WeightGradient : WeightGradient[];

/**
 * What valueAndGrad returns as gradients, as MindSpore: the input gradient(s), the weight
 * gradients, or `[inputGradients, weightGradients]` when both are asked.
 */
export type Gradients<G, W> = [G] extends [null]
  ? WeightGradients<W>
  : [W] extends [null]
    ? InputGradients<G>
    : [InputGradients<G>, WeightGradients<W>];

/** What fn may return: a tensor, or with hasAux `[loss, ...aux]`. */
export type Output = Tensor | readonly [Tensor, ...unknown[]];

/** The options-object form of valueAndGrad's trailing arguments. */
export interface ValueAndGradOptions<G extends GradPosition, W extends Weights> {
  /** Inputs to differentiate (default 0). */
  readonly gradPosition?: G;
  /** Parameters to differentiate (default null: none). */
  readonly weights?: W;
  /** fn returns `[loss, ...aux]`; only loss is differentiated (default false). */
  readonly hasAux?: boolean;
  /**
   * Compile the forward and backward pass with `@gradkit/jit` (default true): traced on the
   * first call, replayed on later ones with the same shapes, with the same numbers. A function
   * that draws random numbers, assigns parameters, reads values or looks rows up sparsely
   * while it runs falls back to eager, said once (`{ onFallback }` hears it instead of
   * `console.warn`). `false` runs eagerly.
   */
  readonly jit?: JitOption;
}

interface Request {
  readonly gradPosition: GradPosition;
  readonly weights: Weights;
  readonly hasAux: boolean;
  /** Compile settings; undefined runs eagerly. */
  readonly jit: JitSettings | undefined;
  /** A static part of the compiled signature read before each call (the cells' training flags). */
  readonly mode?: () => unknown;
}

function positionList(op: string, gradPosition: GradPosition, count: number): number[] {
  if (gradPosition === null) return [];
  const list = typeof gradPosition === 'number' ? [gradPosition] : gradPosition;
  if (!Array.isArray(list)) {
    throw new ValueError(
      op,
      'gradPosition',
      `must be a number, an array of numbers or null, got ${describe(gradPosition)}`,
    );
  }
  const seen = new Set<number>();
  return list.map((position: unknown) => {
    if (typeof position !== 'number' || !Number.isInteger(position) || position < 0) {
      throw new ValueError(
        op,
        'gradPosition',
        `must hold non-negative integers, got ${JSON.stringify(gradPosition)}`,
      );
    }
    if (position >= count) {
      throw new ValueError(
        op,
        'gradPosition',
        `${JSON.stringify(gradPosition)} is out of range: fn was called with ${count} input(s)`,
      );
    }
    if (seen.has(position)) {
      throw new ValueError(
        op,
        'gradPosition',
        `${JSON.stringify(gradPosition)} repeats ${position}`,
      );
    }
    seen.add(position);
    return position;
  });
}

/** Splits fn's result into [the scalar to differentiate, the value to return]. */
function splitOutput(op: string, output: unknown, hasAux: boolean): [Tensor, unknown] {
  let loss: unknown = output;
  if (hasAux) {
    if (!Array.isArray(output) || output.length === 0) {
      throw new ValueError(
        op,
        'fn',
        `must return [loss, ...aux] when hasAux is set, got ${describe(output)}`,
      );
    }
    loss = output[0];
  }
  if (!(loss instanceof Tensor)) {
    const hint = Array.isArray(output) && !hasAux ? ' (set hasAux to return [loss, ...aux])' : '';
    throw new ValueError(
      op,
      'fn',
      `must return a tensor${hasAux ? ' as loss' : ''}, got ${describe(loss)}${hint}`,
    );
  }
  // MindSpore seeds a non-scalar output with ones: the gradient of its sum.
  const scalar = loss.size === 1 ? loss : sum(loss);
  return [scalar, hasAux ? [...(output as unknown[])] : loss];
}

/** Runs fn once and returns [value, gradients] shaped as MindSpore does. */
function evaluate(
  op: string,
  fn: (...args: never[]) => unknown,
  args: unknown[],
  request: Request,
  compiled: CompiledGradient | undefined,
): [unknown, unknown] {
  const params = weightList(op, request.weights);
  const positions = positionList(op, request.gradPosition, args.length);
  const asksWeights = request.weights !== null && request.weights !== undefined;
  if (request.gradPosition === null && !asksWeights) {
    throw new ValueError(
      op,
      'gradPosition',
      'and weights cannot both be null: nothing to differentiate',
    );
  }
  const withWeights = params.length > 0;
  const offset = withWeights ? 1 : 0;
  const argnums = [...(withWeights ? [0] : []), ...positions.map((_, i) => i + offset)];
  let frame: Parameters<typeof sparsify>[0] = new Map();
  // One differentiation of fn at these weight values and arguments (traced once when compiled).
  const differentiate: Differentiate = (weightValues, callArgs) => {
    const run = (weights: readonly Tensor[], inputs: readonly unknown[]): [Tensor, unknown] => {
      const fnArgs = [...callArgs];
      positions.forEach((position, i) => {
        fnArgs[position] = inputs[i];
      });
      params.forEach((param, i) => {
        param.bind(weights[i]!);
      });
      try {
        return splitOutput(op, (fn as (...a: unknown[]) => unknown)(...fnArgs), request.hasAux);
      } finally {
        for (let i = params.length - 1; i >= 0; i--) params[i]!.unbind();
      }
    };
    const inner = (...xs: unknown[]) =>
      withWeights ? run(xs[0] as Tensor[], xs.slice(1)) : run([], xs);
    const callInputs = [
      ...(withWeights ? [weightValues] : []),
      ...positions.map((position) => callArgs[position]),
    ];
    const [[[scalar, value], gradients], used] = withSparseFrame(() =>
      autogradValueAndGrad(inner, { argnums, hasAux: true })(...callInputs),
    ) as [[[Tensor, unknown], unknown[]], Parameters<typeof sparsify>[0]];
    frame = used;
    const loss = request.hasAux ? (value as unknown[])[0] : value;
    if (scalar !== loss) scalar.dispose();
    return [value, gradients];
  };
  const weightValues = params.map((param) => param.value);
  const [value, gradients] =
    compiled === undefined
      ? differentiate(weightValues, args)
      : compiled.run(differentiate, weightValues, args, request.mode?.(), () => frame.size > 0);
  const inputGradients = gradients.slice(offset) as Tensor[];
  const weightGradients = withWeights
    ? (gradients[0] as Tensor[]).map((g, i) => sparsify(frame, params[i]!, g))
    : [];
  const inputs = typeof request.gradPosition === 'number' ? inputGradients[0] : inputGradients;
  const weights = request.weights instanceof Parameter ? weightGradients[0] : weightGradients;
  if (request.gradPosition === null) return [value, weights];
  return [value, asksWeights ? [inputs, weights] : inputs];
}

function requestOf(op: string, rest: readonly unknown[]): Request {
  const [first, weights = null, hasAux = false] = rest;
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
    const options = first as ValueAndGradOptions<GradPosition, Weights>;
    checkOptionKeys(op, options, ['gradPosition', 'weights', 'hasAux', 'jit']);
    return {
      gradPosition: options.gradPosition === undefined ? 0 : options.gradPosition,
      weights: options.weights ?? null,
      hasAux: options.hasAux ?? false,
      jit: resolveJitOption(op, options.jit),
    };
  }
  if (typeof hasAux !== 'boolean') {
    throw new ValueError(op, 'hasAux', `must be a boolean, got ${describe(hasAux)}`);
  }
  return {
    gradPosition: first === undefined ? 0 : (first as GradPosition),
    weights: weights as Weights,
    hasAux,
    jit: {},
  };
}

function checkFunction(op: string, fn: unknown): void {
  if (typeof fn !== 'function')
    throw new ValueError(op, 'fn', `must be a function, got ${describe(fn)}`);
}

/**
 * MindSpore's `value_and_grad`: returns a function computing `[value, gradients]` of fn.
 * `gradPosition` picks inputs (a number, an array for a tuple, or null for none); `weights`
 * picks Parameters, whose `param.value` reads inside fn are differentiated. Gradients are
 * the input gradient(s), the weight gradients in weights order, or
 * `[inputGradients, weightGradients]` when both are asked. With `hasAux`, fn returns
 * `[loss, ...aux]`, only loss is differentiated and value is `[loss, ...aux]`. A non-scalar
 * loss is differentiated as its sum (MindSpore's default sensitivity of ones). Integer
 * inputs get the gradient null. Intermediates are freed when the call returns.
 *
 * The returned function compiles fn with `@gradkit/jit` from its second call on (the weights'
 * values and every other Parameter fn reads are inputs of the recording), with the eager
 * numbers; fn that draws random numbers, assigns parameters, reads values or looks rows up
 * sparsely runs eagerly instead, said once. `{ jit: false }` in the options form runs eagerly.
 *
 * @example
 * ```ts
 * import { type Tensor, tensor } from '@gradkit/tensor';
 * import { Dense, SoftmaxCrossEntropyWithLogits, valueAndGrad } from '@gradkit/train';
 *
 * const net = new Dense(4, 3);
 * const lossFn = new SoftmaxCrossEntropyWithLogits({ sparse: true });
 * const forwardFn = (data: Tensor, label: Tensor) => {
 *   const logits = net(data);
 *   return [lossFn(logits, label), logits] as const;
 * };
 * const gradFn = valueAndGrad(forwardFn, null, net.trainableParams(), true);
 * const [[loss, logits], grads] = gradFn(tensor([[1, 2, 3, 4]]), tensor([2], undefined, 'int32'));
 * ```
 */
export function valueAndGrad<
  Args extends unknown[],
  Out extends Output,
  const G extends GradPosition = 0,
  const W extends Weights = null,
>(
  fn: (...args: Args) => Out,
  gradPosition?: G,
  weights?: W,
  hasAux?: boolean,
): (...args: Args) => [Out, Gradients<G, W>];
export function valueAndGrad<
  Args extends unknown[],
  Out extends Output,
  const G extends GradPosition = 0,
  const W extends Weights = null,
>(
  fn: (...args: Args) => Out,
  options: ValueAndGradOptions<G, W>,
): (...args: Args) => [Out, Gradients<G, W>];
export function valueAndGrad(
  fn: (...args: never[]) => unknown,
  ...rest: unknown[]
): (...args: unknown[]) => [unknown, unknown] {
  const op = 'valueAndGrad';
  checkFunction(op, fn);
  const request = requestOf(op, rest);
  const compiled = request.jit === undefined ? undefined : new CompiledGradient(op, request.jit);
  return (...args: unknown[]) => evaluate(op, fn, args, request, compiled);
}

/**
 * valueAndGrad for the training cells: options form, with the cell's name in messages and a
 * static mode (its training flags) in the compiled signature; also returns what frees the
 * compiled step.
 */
export function cellValueAndGrad(
  op: string,
  fn: (...args: never[]) => unknown,
  options: {
    readonly weights: Weights;
    readonly hasAux: boolean;
    readonly jit: JitSettings | undefined;
    readonly mode: () => unknown;
  },
): [(...args: unknown[]) => [unknown, unknown], () => void] {
  const request: Request = { gradPosition: null, ...options };
  const compiled = request.jit === undefined ? undefined : new CompiledGradient(op, request.jit);
  return [
    (...args: unknown[]) => evaluate(op, fn, args, request, compiled),
    () => compiled?.clearCache(),
  ];
}

/** What `grad` returns: the gradients, or with hasAux `[gradients, aux]`. */
export type GradResult<Out, G, W> = Out extends readonly [Tensor, ...infer Aux]
  ? [Gradients<G, W>, Aux]
  : Gradients<G, W>;

/**
 * MindSpore's `grad`: as `valueAndGrad` but returns only the gradients; with `hasAux`,
 * `[gradients, aux]` where aux is fn's outputs after the loss.
 *
 * @example
 * ```ts
 * import { mul, sum, type Tensor, tensor } from '@gradkit/tensor';
 * import { grad } from '@gradkit/train';
 *
 * const gradFn = grad((x: Tensor, y: Tensor) => sum(mul(x, y)), [0, 1]);
 * const [dx, dy] = gradFn(tensor([1, 2]), tensor([3, 4])); // dx = y = [3, 4], dy = x = [1, 2]
 * ```
 */
export function grad<
  Args extends unknown[],
  Out extends Output,
  const G extends GradPosition = 0,
  const W extends Weights = null,
>(
  fn: (...args: Args) => Out,
  gradPosition?: G,
  weights?: W,
  hasAux?: boolean,
): (...args: Args) => GradResult<Out, G, W>;
export function grad<
  Args extends unknown[],
  Out extends Output,
  const G extends GradPosition = 0,
  const W extends Weights = null,
>(
  fn: (...args: Args) => Out,
  options: ValueAndGradOptions<G, W>,
): (...args: Args) => GradResult<Out, G, W>;
export function grad(
  fn: (...args: never[]) => unknown,
  ...rest: unknown[]
): (...args: unknown[]) => unknown {
  const op = 'grad';
  checkFunction(op, fn);
  const request = requestOf(op, rest);
  const compiled = request.jit === undefined ? undefined : new CompiledGradient(op, request.jit);
  return (...args: unknown[]) => {
    const [value, gradients] = evaluate(op, fn, args, request, compiled);
    if (!request.hasAux) {
      (value as Tensor).dispose();
      return gradients;
    }
    const [loss, ...aux] = value as unknown[];
    if (!aux.includes(loss)) (loss as Tensor).dispose();
    return [gradients, aux];
  };
}
