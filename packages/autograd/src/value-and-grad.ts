import {
  DTypeError,
  isFloating,
  onesLike,
  ShapeError,
  scope,
  Tensor,
  tree,
  ValueError,
} from '@gradkit/tensor';
import { type Argnums, selectArguments } from './arguments.js';
import type { Gradients } from './gradient-types.js';
import { trace } from './trace.js';

/** Splits f's result into the value to differentiate and the auxiliary data. */
function splitResult(op: string, result: unknown, hasAux: boolean): [Tensor, unknown] {
  if (hasAux) {
    if (!Array.isArray(result) || result.length !== 2) {
      throw new ValueError(op, 'f', 'must return [value, aux] when hasAux is set');
    }
    return [checkValue(op, result[0], ' as the first element of [value, aux]'), result[1]];
  }
  return [checkValue(op, result, ''), undefined];
}

function checkValue(op: string, value: unknown, where: string): Tensor {
  if (!(value instanceof Tensor)) {
    const got = Array.isArray(value)
      ? 'an array (set hasAux to return [value, aux])'
      : typeof value;
    throw new ValueError(op, 'f', `must return a scalar tensor${where}, got ${got}`);
  }
  if (value.size !== 1) {
    throw new ShapeError(
      op,
      'f',
      `must return a scalar${where}, got shape [${value.shape.join(', ')}]`,
    );
  }
  if (!isFloating(value.dtype)) {
    throw new DTypeError(
      op,
      'f',
      `must return a floating-point scalar${where}, got ${value.dtype}`,
    );
  }
  return value;
}

/** The shared core of grad and valueAndGrad; `op` names the caller in errors. */
export function evaluateWithGradient(
  op: string,
  f: (...args: never[]) => unknown,
  args: readonly unknown[],
  argnums: Argnums,
  hasAux: boolean,
): [Tensor, unknown, unknown] {
  // Everything f and the backward pass create is freed, except what is returned.
  return scope(() => {
    const selection = selectArguments(op, args, argnums);
    const { result, tape, leaves } = trace(op, selection.leaves, (inputs) =>
      (f as (...a: unknown[]) => unknown)(...selection.rebuild(inputs)),
    );
    try {
      const [value, aux] = splitResult(op, result, hasAux);
      const gradients = tape.pullback([[value, onesLike(value)]], leaves);
      return [value, aux, selection.assemble(gradients)];
    } finally {
      tape.dispose();
    }
  });
}

/**
 * Returns a function computing `[f(...args), gradient]`, or with `hasAux`
 * `[[value, aux], gradient]`. f must return a floating-point scalar (or `[scalar, aux]`).
 * The gradient has the structure of the argument(s) named by `argnums` (default 0).
 *
 * @example
 * ```ts
 * import { valueAndGrad } from '@gradkit/autograd';
 * import { matmul, mean, square, sub, type Tensor, tensor } from '@gradkit/tensor';
 *
 * const lossFn = (params: { w: Tensor }, batch: { x: Tensor; y: Tensor }) =>
 *   mean(square(sub(matmul(batch.x, params.w), batch.y)));
 * const params = { w: tensor([[1], [2]]) };
 * const batch = { x: tensor([[1, 0], [0, 1]]), y: tensor([[1], [1]]) };
 * const [loss, grads] = valueAndGrad(lossFn)(params, batch); // loss 0.5, grads.w [[0], [1]]
 * ```
 */
export function valueAndGrad<Args extends unknown[], const N extends Argnums = 0>(
  f: (...args: Args) => Tensor,
  options?: { readonly argnums?: N; readonly hasAux?: false },
): (...args: Args) => [Tensor, Gradients<Args, N>];
export function valueAndGrad<Args extends unknown[], Aux, const N extends Argnums = 0>(
  f: (...args: Args) => readonly [Tensor, Aux],
  options: { readonly argnums?: N; readonly hasAux: true },
): (...args: Args) => [[Tensor, Aux], Gradients<Args, N>];
export function valueAndGrad(
  f: (...args: never[]) => unknown,
  options: { readonly argnums?: Argnums; readonly hasAux?: boolean } = {},
): (...args: unknown[]) => unknown {
  checkFunction('valueAndGrad', f);
  const hasAux = options.hasAux ?? false;
  return (...args: unknown[]) => {
    const [value, aux, gradients] = evaluateWithGradient(
      'valueAndGrad',
      f,
      args,
      options.argnums ?? 0,
      hasAux,
    );
    return [hasAux ? [value, aux] : value, gradients];
  };
}

/**
 * Returns a function computing the gradient of f (a floating-point scalar function) with
 * respect to the argument(s) named by `argnums` (default 0). With `hasAux`, f returns
 * `[value, aux]` and the function returns `[gradient, aux]`.
 *
 * @example
 * ```ts
 * import { grad } from '@gradkit/autograd';
 * import { mul, sum, type Tensor, tensor } from '@gradkit/tensor';
 *
 * const df = grad((x: Tensor) => sum(mul(x, x)));
 * df(tensor([1, 2, 3])).toArray(); // [2, 4, 6]
 * ```
 */
export function grad<Args extends unknown[], const N extends Argnums = 0>(
  f: (...args: Args) => Tensor,
  options?: { readonly argnums?: N; readonly hasAux?: false },
): (...args: Args) => Gradients<Args, N>;
export function grad<Args extends unknown[], Aux, const N extends Argnums = 0>(
  f: (...args: Args) => readonly [Tensor, Aux],
  options: { readonly argnums?: N; readonly hasAux: true },
): (...args: Args) => [Gradients<Args, N>, Aux];
export function grad(
  f: (...args: never[]) => unknown,
  options: { readonly argnums?: Argnums; readonly hasAux?: boolean } = {},
): (...args: unknown[]) => unknown {
  checkFunction('grad', f);
  const hasAux = options.hasAux ?? false;
  return (...args: unknown[]) => {
    const [value, aux, gradients] = evaluateWithGradient(
      'grad',
      f,
      args,
      options.argnums ?? 0,
      hasAux,
    );
    // The value is not returned, unless aux holds it too.
    if (!(hasAux && tree.leaves(aux).includes(value))) value.dispose();
    return hasAux ? [gradients, aux] : gradients;
  };
}

export function checkFunction(op: string, f: unknown): void {
  if (typeof f !== 'function') {
    throw new ValueError(op, 'f', `must be a function, got ${f === null ? 'null' : typeof f}`);
  }
}
