import {
  add,
  type FloatDType,
  getBackend,
  isFloating,
  mul,
  scalar,
  scope,
  sum,
  Tensor,
  tensor,
  tree,
  ValueError,
} from '@gradkit/tensor';
import { flattenOutput } from './outputs.js';
import { trace, withTapes } from './trace.js';
import { checkFunction } from './value-and-grad.js';

export interface CheckGradsOptions {
  /** Step of the central differences (default 1e-6 in float64, 1e-2 in float32). */
  readonly eps?: number;
  /** Relative tolerance against the finite-difference value (default 1e-5 in float64, 1e-2 in float32). */
  readonly rtol?: number;
  /** Absolute tolerance (default 1e-6 in float64, 1e-3 in float32). */
  readonly atol?: number;
  /** Highest derivative order to check: 2 also checks the gradient of the gradient (default 1). */
  readonly order?: number;
}

type AnyFunction = (...args: never[]) => unknown;

type Resolved = Required<CheckGradsOptions> & { readonly dtype: FloatDType };

/**
 * Defaults per check dtype. In float64 a small step keeps the truncation error (~eps^2)
 * far below the tolerances. In float32 the rounding error of f, ~1e-7 |f| / eps, dominates
 * a small step, so the step is coarse and the tolerances are those of float32 arithmetic.
 */
const DEFAULTS: Record<FloatDType, Required<Omit<CheckGradsOptions, 'order'>>> = {
  float64: { eps: 1e-6, rtol: 1e-5, atol: 1e-6 },
  float32: { eps: 1e-2, rtol: 1e-2, atol: 1e-3 },
};

/** Deterministic values in ±[0.5, 1.5], so that no cotangent component is near zero. */
function probe(shape: readonly number[], seed: number, dtype: FloatDType): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float64Array(size);
  let state = (seed * 2654435761 + 12345) >>> 0;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const unit = state / 2 ** 32;
    values[i] = (unit < 0.5 ? -1 : 1) * (0.5 + 2 * Math.abs(unit - 0.5));
  }
  return tensor(values, shape, dtype);
}

function dot(pairs: readonly (readonly [Tensor, Tensor])[], dtype: FloatDType): Tensor {
  let total: Tensor = scalar(0, dtype);
  for (const [a, b] of pairs) total = add(total, sum(mul(a, b)));
  return total;
}

function formatIndex(flat: number, shape: readonly number[]): string {
  const index: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    index.unshift(flat % shape[d]!);
    flat = Math.floor(flat / shape[d]!);
  }
  return `[${index.join(', ')}]`;
}

/** The arguments' float tensors, and how to put replacements in their place. */
interface Primals {
  readonly tensors: readonly Tensor[];
  readonly names: readonly string[];
  rebuild(replacements: readonly Tensor[]): unknown[];
}

function primalsOf(args: readonly unknown[]): Primals {
  const withPaths = tree.leavesWithPath(args);
  const [flat, treedef] = tree.flatten(args);
  const positions: number[] = [];
  flat.forEach((leaf, i) => {
    if (leaf instanceof Tensor && isFloating(leaf.dtype)) positions.push(i);
  });
  return {
    tensors: positions.map((i) => flat[i] as Tensor),
    names: positions.map((i) => `args${tree.pathToString(withPaths[i]![0])}`),
    rebuild(replacements) {
      const leaves = [...flat];
      positions.forEach((p, k) => {
        leaves[p] = replacements[k];
      });
      return tree.unflatten(treedef, leaves) as unknown[];
    },
  };
}

/** `<f(args), c>` for fixed probe cotangents c: f reduced to a scalar. */
function objective(
  name: string,
  result: unknown,
  dtype: FloatDType,
): [Tensor, (readonly [Tensor, Tensor])[]] {
  const outputs = flattenOutput('checkGrads', result).leaves.filter((t) => isFloating(t.dtype));
  if (outputs.length === 0) {
    throw new ValueError('checkGrads', 'f', `(${name}) returned no floating-point tensor`);
  }
  const seeds = outputs.map((out, i) => [out, probe(out.shape, i + 1, dtype)] as const);
  return [dot(seeds, dtype), seeds];
}

function call(f: AnyFunction, args: readonly unknown[]): unknown {
  return (f as (...a: unknown[]) => unknown)(...args);
}

/** The reverse-mode gradients of the objective, one per float primal. */
function gradients(name: string, f: AnyFunction, primals: Primals, dtype: FloatDType): Tensor[] {
  const { result, tape, leaves } = trace('checkGrads', primals.tensors, (watched) =>
    call(f, primals.rebuild(watched)),
  );
  try {
    return tape.pullback(objective(name, result, dtype)[1], leaves) as Tensor[];
  } finally {
    tape.dispose();
  }
}

function checkOrder(
  name: string,
  f: AnyFunction,
  args: readonly unknown[],
  options: Resolved,
  order: number,
): void {
  const { eps, rtol, atol, dtype } = options;
  const primals = primalsOf(args);
  scope(() => {
    const analytic = gradients(name, f, primals, dtype);
    const evaluate = (replacements: readonly Tensor[]): number =>
      withTapes([], () =>
        scope(() =>
          Number(objective(name, call(f, primals.rebuild(replacements)), dtype)[0].item()),
        ),
      );
    // The step actually taken: in float32, x ± eps rounds, and dividing by 2 eps would add
    // that rounding (relative ~1e-7 / eps) to the difference quotient.
    const step = (x: number): number =>
      dtype === 'float64' ? 2 * eps : Math.fround(x + eps) - Math.fround(x - eps);
    primals.tensors.forEach((primal, j) => {
      const base = primal.dataSync();
      const reverse = analytic[j]!.dataSync();
      for (let k = 0; k < base.length; k++) {
        const shifted = (delta: number) => {
          const values = Float64Array.from(base);
          values[k] = values[k]! + delta;
          const replacements = [...primals.tensors];
          replacements[j] = tensor(values, primal.shape, dtype);
          return evaluate(replacements);
        };
        const numeric = (shifted(eps) - shifted(-eps)) / step(base[k]!);
        const got = reverse[k]!;
        const tolerance = atol + rtol * Math.abs(numeric);
        if (!(Math.abs(got - numeric) <= tolerance)) {
          const what = order === 1 ? 'gradient' : `derivative of order ${order}`;
          throw new Error(
            `checkGrads: the ${what} of ${name} with respect to ${primals.names[j]} at ${formatIndex(k, primal.shape)} is ${got} by reverse mode but ${numeric} by central differences (${dtype}, eps ${eps}); the difference ${Math.abs(got - numeric)} exceeds atol + rtol * |numeric| = ${tolerance}`,
          );
        }
      }
    });
  });
  if (order < options.order) {
    // The next order: the gradient itself, projected on fixed weights, must pass the check.
    const projected = (...inner: unknown[]): Tensor => {
      const projections = gradients(name, f, primalsOf(inner), dtype);
      return dot(
        projections.map((g, i) => [g, probe(g.shape, 100 + i, dtype)] as const),
        dtype,
      );
    };
    checkOrder(name, projected, args, options, order + 1);
  }
}

function toCheckDType(leaf: unknown, dtype: FloatDType): unknown {
  if (!(leaf instanceof Tensor)) return leaf;
  const values = leaf.dataSync();
  if (isFloating(leaf.dtype)) return tensor(Float64Array.from(values), leaf.shape, dtype);
  return tensor(values, leaf.shape, leaf.dtype);
}

/**
 * Checks f's reverse-mode derivatives against central finite differences on the current
 * backend, and throws an error naming the argument and element on a mismatch.
 * f may return any floating-point tensor (or tree of them): it is reduced to a scalar
 * with fixed random weights. Float tensors in `args` (trees allowed) are perturbed; other
 * leaves are passed through. With `order: 2` (or 3) the derivatives of the gradient are
 * checked too.
 *
 * The check runs in float64 when the current backend stores it (the CPU reference does):
 * float32 arguments are promoted, and the defaults are eps 1e-6, rtol 1e-5, atol 1e-6.
 * On a float32-only backend (gpu.js) it runs there in float32, so that the backend's own
 * kernels are checked, with defaults suited to float32: eps 1e-2, rtol 1e-2, atol 1e-3.
 * To check in float64 from such a backend instead, call it inside
 * `withBackend(createCpuBackend(), ...)`.
 *
 * @example
 * ```ts
 * import { checkGrads } from '@gradkit/autograd';
 * import { softmax, type Tensor, tensor } from '@gradkit/tensor';
 *
 * checkGrads((x: Tensor) => softmax(x), [tensor([0.2, -1, 3])]); // throws on a mismatch
 * ```
 */
export function checkGrads(
  f: AnyFunction,
  args: readonly unknown[],
  options: CheckGradsOptions = {},
): void {
  checkFunction('checkGrads', f);
  if (!Array.isArray(args))
    throw new ValueError('checkGrads', 'args', 'must be an array of arguments');
  const dtype: FloatDType = getBackend().dtypes.includes('float64') ? 'float64' : 'float32';
  const defaults = DEFAULTS[dtype];
  const resolved: Resolved = {
    eps: options.eps ?? defaults.eps,
    rtol: options.rtol ?? defaults.rtol,
    atol: options.atol ?? defaults.atol,
    order: options.order ?? 1,
    dtype,
  };
  if (!Number.isInteger(resolved.order) || resolved.order < 1) {
    throw new ValueError(
      'checkGrads',
      'order',
      `must be a positive integer, got ${resolved.order}`,
    );
  }
  const name = f.name === '' ? 'f' : f.name;
  scope(() => {
    const [flat, treedef] = tree.flatten(args as unknown[]);
    const inputs = tree.unflatten(
      treedef,
      flat.map((leaf) => toCheckDType(leaf, dtype)),
    ) as unknown[];
    if (primalsOf(inputs).tensors.length === 0) {
      throw new ValueError('checkGrads', 'args', 'holds no floating-point tensor to differentiate');
    }
    checkOrder(name, f, inputs, resolved, 1);
  });
}
