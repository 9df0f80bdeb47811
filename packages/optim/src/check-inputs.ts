import { DTypeError, isFloating, Tensor, tree, ValueError } from '@gradkit/tensor';
import { isRowSparse } from './row-sparse.js';
import type { GradientTransformation, Updates } from './types.js';

/**
 * Throws a DTypeError naming `transform` and the tree path unless every gradient leaf of
 * `updates` (a tensor or a RowSparse's values) is float32 or float64. Optimizer math on an
 * int32 or bool gradient would truncate or promote silently. Every transform in
 * @gradkit/optim runs this before it computes anything; custom transforms may call it too.
 *
 * @example
 * ```ts
 * import { checkFloatGradients } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * checkFloatGradients('myTransform', { w: tensor([0.1, 0.2]) }); // fine
 * // checkFloatGradients('myTransform', { w: tensor([1], undefined, 'int32') }) throws
 * ```
 */
export function checkFloatGradients(transform: string, updates: Updates): void {
  const [leaves, paths] = leavesAndPaths(updates);
  for (let i = 0; i < leaves.length; i++) {
    const leaf = leaves[i];
    const values = isRowSparse(leaf) ? leaf.values : leaf;
    if (values instanceof Tensor && !isFloating(values.dtype)) {
      throw new DTypeError(
        transform,
        'updates',
        `holds a gradient of dtype ${values.dtype} at ${paths[i]}; gradients must be float32 or float64 (cast it with cast(g, 'float32'))`,
      );
    }
  }
}

function leavesAndPaths(updates: Updates): [unknown[], string[]] {
  const found = tree.leavesWithPath(updates, { isLeaf: isRowSparse });
  return [
    found.map(([, leaf]) => leaf),
    found.map(([path]) => (path.length === 0 ? 'the root' : tree.pathToString(path))),
  ];
}

/**
 * Throws a ValueError naming `transform` unless `state` is an object (the value `init`
 * returned), so that `update(grads, undefined)` fails with a clear message instead of a
 * TypeError from inside the transform.
 *
 * @example
 * ```ts
 * import { checkState } from '@gradkit/optim';
 *
 * checkState('myTransform', { count: 0 }); // fine
 * // checkState('myTransform', undefined) throws: pass the state init returned
 * ```
 */
export function checkState(transform: string, state: unknown): void {
  if (typeof state !== 'object' || state === null) {
    throw new ValueError(
      transform,
      'state',
      `must be the state that init (or the previous update) returned, got ${String(state)}`,
    );
  }
}

/**
 * Throws a ValueError naming `op` and `argument` (such as `transforms[1]`) unless `value` is
 * a GradientTransformation: an object with `init` and `update` functions.
 *
 * @example
 * ```ts
 * import { checkTransform, sgd } from '@gradkit/optim';
 *
 * checkTransform('myCombinator', 'inner', sgd(0.1)); // fine
 * // checkTransform('myCombinator', 'inner', 42) throws naming 'inner'
 * ```
 */
export function checkTransform(op: string, argument: string, value: unknown): void {
  const candidate = value as Partial<GradientTransformation> | null | undefined;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.init !== 'function' ||
    typeof candidate.update !== 'function'
  ) {
    throw new ValueError(
      op,
      argument,
      `must be a GradientTransformation (an object with init and update functions), got ${describeValue(value)}`,
    );
  }
}

/**
 * A short description of a value for error messages: what a custom transform's checks can
 * say it got instead of what it expected.
 *
 * @example
 * ```ts
 * import { describeValue } from '@gradkit/optim';
 *
 * describeValue([1, 2]); // 'an array of 2'
 * describeValue(42); // '42'
 * ```
 */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object' && value !== null) return 'an object';
  return typeof value === 'function' ? 'a function' : String(value);
}
