import { Tensor, type TreeDef, tree, ValueError } from '@gradkit/tensor';

/** Which positional arguments to differentiate: one index, or several (a tuple of gradients). */
export type Argnums = number | readonly number[];

/** The differentiated arguments, flattened to one list of tensors, and how to rebuild them. */
export interface Selection {
  /** Every tensor leaf of every selected argument, in argnums order. */
  readonly leaves: readonly Tensor[];
  /** `args` with the selected arguments rebuilt from `leaves` (same order as `leaves`). */
  rebuild(leaves: readonly Tensor[]): unknown[];
  /** Gradients (one per leaf) rebuilt in the arguments' structure: one tree, or a tuple. */
  assemble(gradients: readonly (Tensor | null)[]): unknown;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value}`;
}

function normalizeArgnums(op: string, argnums: Argnums, count: number): number[] {
  const list = typeof argnums === 'number' ? [argnums] : [...argnums];
  const seen = new Set<number>();
  return list.map((a) => {
    if (!Number.isInteger(a) || a < -count || a >= count) {
      throw new ValueError(
        op,
        'argnums',
        `${JSON.stringify(argnums)} is out of range: f was called with ${count} argument(s)`,
      );
    }
    const index = a < 0 ? a + count : a;
    if (seen.has(index))
      throw new ValueError(op, 'argnums', `${JSON.stringify(argnums)} repeats argument ${index}`);
    seen.add(index);
    return index;
  });
}

/** Splits the arguments named by `argnums` into tensor leaves; other leaves are an error. */
export function selectArguments(op: string, args: readonly unknown[], argnums: Argnums): Selection {
  const indices = normalizeArgnums(op, argnums, args.length);
  const parts: { index: number; treedef: TreeDef<unknown, never>; start: number; count: number }[] =
    [];
  const leaves: Tensor[] = [];
  for (const index of indices) {
    for (const [path, leaf] of tree.leavesWithPath(args[index])) {
      if (!(leaf instanceof Tensor)) {
        const where = path.length === 0 ? '' : ` at ${tree.pathToString(path)}`;
        throw new ValueError(
          op,
          `args[${index}]`,
          `holds ${describe(leaf)}${where}; differentiated arguments must be tensors or trees of tensors`,
        );
      }
    }
    const [flat, treedef] = tree.flatten(args[index]);
    parts.push({ index, treedef, start: leaves.length, count: flat.length });
    leaves.push(...(flat as Tensor[]));
  }
  return {
    leaves,
    rebuild(replacements) {
      const copy = [...args];
      for (const part of parts) {
        copy[part.index] = tree.unflatten(
          part.treedef,
          replacements.slice(part.start, part.start + part.count),
        );
      }
      return copy;
    },
    assemble(gradients) {
      const trees = parts.map((part) =>
        tree.unflatten(part.treedef, gradients.slice(part.start, part.start + part.count)),
      );
      return typeof argnums === 'number' ? trees[0] : trees;
    },
  };
}

/** Every argument, as vjp and jvp differentiate them. */
export function allArguments(args: readonly unknown[]): number[] {
  return args.map((_, i) => i);
}
