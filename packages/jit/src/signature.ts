import { type Backend, getBackend, Tensor, tree } from '@gradkit/tensor';

/** The flattened arguments of a call and the key of its signature. */
export interface Signature {
  readonly leaves: readonly unknown[];
  /** The first tensor argument's backend, else the one in force. */
  readonly backend: Backend;
  readonly key: string;
  /** One part per leaf (`shape float32[2, 3]`, `static number 3`), for retrace messages. */
  readonly parts: readonly string[];
}

const identities = new WeakMap<object, number>();
let nextIdentity = 0;
function identityOf(value: object): number {
  let id = identities.get(value);
  if (id === undefined) {
    id = nextIdentity++;
    identities.set(value, id);
  }
  return id;
}

function describeLeaf(leaf: unknown, index: number, buffers: Map<unknown, number>): string {
  if (leaf instanceof Tensor) {
    const same = buffers.get(leaf.buffer);
    if (same !== undefined) return `the same buffer as leaf ${same}`;
    buffers.set(leaf.buffer, index);
    return `${leaf.dtype}[${leaf.shape.join(', ')}]`;
  }
  if (typeof leaf === 'object' || typeof leaf === 'function') {
    // Other objects (a RandomKey, a function) are static by identity.
    return `static ${leaf === null ? 'null' : `object #${identityOf(leaf as object)}`}`;
  }
  return `static ${typeof leaf} ${String(leaf)}`;
}

/**
 * The signature of a call: its arguments' structure, each tensor's shape and dtype (and which
 * share a buffer), every other leaf's value (numbers, strings and booleans are static), and
 * the backend in force.
 */
export function signatureOf(args: readonly unknown[]): Signature {
  const [leaves, treedef] = tree.flatten(args);
  const first = leaves.find((leaf): leaf is Tensor => leaf instanceof Tensor);
  const backend = first?.backend ?? getBackend();
  const buffers = new Map<unknown, number>();
  const parts = leaves.map((leaf, i) => describeLeaf(leaf, i, buffers));
  const key = `${identityOf(backend)}|${treedef.toString()}|${parts.join('|')}`;
  return { leaves, backend, key, parts };
}

/** Where two signatures of the same arguments differ, for the retrace warning. */
export function describeChange(
  args: readonly unknown[],
  before: Signature,
  after: Signature,
): string {
  const paths = tree.leavesWithPath(args).map(([path]) => tree.pathToString(path));
  if (before.parts.length !== after.parts.length) {
    return `the structure of the arguments changed (${before.parts.length} leaves, now ${after.parts.length})`;
  }
  const changes: string[] = [];
  for (let i = 0; i < after.parts.length; i++) {
    if (before.parts[i] !== after.parts[i]) {
      const path = paths[i]!.replace(/^\[(\d+)\]\.?/, (_, n: string) => `argument ${n} `).trim();
      changes.push(`${path}: ${before.parts[i]} -> ${after.parts[i]}`);
    }
  }
  return changes.length === 0 ? 'the backend or the structure changed' : changes.join('; ');
}
