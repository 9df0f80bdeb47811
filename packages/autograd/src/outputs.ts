import { isFloating, ShapeError, Tensor, type TreeDef, tree, ValueError } from '@gradkit/tensor';

/** A function's result flattened to tensor leaves, as vjp, jvp and jacobian need it. */
export interface FlatOutput {
  readonly leaves: readonly Tensor[];
  readonly treedef: TreeDef<unknown, never>;
}

export function flattenOutput(op: string, result: unknown): FlatOutput {
  for (const [path, leaf] of tree.leavesWithPath(result)) {
    if (!(leaf instanceof Tensor)) {
      const where = path.length === 0 ? '' : ` at ${tree.pathToString(path)}`;
      throw new ValueError(
        op,
        'f',
        `must return a tensor or a tree of tensors, got ${typeof leaf}${where}`,
      );
    }
  }
  const [leaves, treedef] = tree.flatten(result);
  return { leaves: leaves as Tensor[], treedef };
}

/**
 * Matches a cotangent (or tangent) tree against the leaves it pairs with: same structure,
 * a tensor of the same shape at every floating-point position.
 */
export function matchLeaves(
  op: string,
  argument: string,
  value: unknown,
  like: readonly Tensor[],
  treedef: TreeDef<unknown, never>,
): (Tensor | null)[] {
  const [leaves, def] = tree.flatten(value);
  if (!tree.treedefEqual(def, treedef)) {
    throw new ShapeError(
      op,
      argument,
      'must have the same tree structure as the value it pairs with',
    );
  }
  return like.map((target, i) => {
    const leaf = leaves[i];
    if (!isFloating(target.dtype)) return null;
    if (!(leaf instanceof Tensor)) {
      throw new ValueError(op, argument, `must hold tensors, got ${typeof leaf} at leaf ${i}`);
    }
    if (
      leaf.size !== target.size ||
      leaf.rank !== target.rank ||
      leaf.shape.some((d, k) => d !== target.shape[k])
    ) {
      throw new ShapeError(
        op,
        argument,
        `has shape [${leaf.shape.join(', ')}] at leaf ${i} but the value there has shape [${target.shape.join(', ')}]`,
      );
    }
    return leaf;
  });
}
