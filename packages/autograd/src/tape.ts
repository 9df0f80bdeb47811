import {
  add,
  cast,
  type DType,
  isFloating,
  type Primitive,
  type PrimitiveParams,
  reshape,
  type Shape,
  scope,
  Tensor,
  zeros,
} from '@gradkit/tensor';
import { type GradientThunk, RULES, type VjpRule } from './rules/index.js';

/**
 * Tensors are identified by their buffer, not by the Tensor object: reshape, squeeze,
 * expandDims and flatten make new handles on the same buffer without running a primitive,
 * so the observer never sees them, yet gradients must flow through them.
 */
export type TensorKey = Tensor['buffer'];

export function keyOf(t: Tensor): TensorKey {
  return t.buffer;
}

/** A differentiated input as the tape knows it (the tensor itself may be disposed). */
export interface WatchedLeaf {
  readonly key: TensorKey;
  readonly shape: Shape;
  readonly dtype: DType;
}

/** A custom node's gradient, computed by a user function (see customVjp). */
type CustomPullback = (cotangent: Tensor) => readonly GradientThunk[];

/**
 * One recorded operation. A primitive's node keeps its rule and params rather than a
 * closure over them: a node per op is the tape's main allocation.
 */
interface TapeNode {
  /** The primitive's name (or 'customVjp'), for error messages. */
  readonly name: string;
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  /** Either a primitive's rule and params, or a custom pullback. */
  readonly rule: VjpRule<Primitive> | undefined;
  readonly params: PrimitiveParams[Primitive] | undefined;
  readonly custom: CustomPullback | undefined;
}

function sameShape(a: Shape, b: Shape): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `t` with `shape` (same size): itself when it already has it, else a view. */
function withShape(t: Tensor, shape: Shape): Tensor {
  return sameShape(t.shape, shape) ? t : reshape(t, shape);
}

let abandoned: FinalizationRegistry<Map<Tensor, Tensor>> | undefined;
/**
 * Frees the handles of a tape that was dropped without `dispose` (a vjp pullback nobody
 * calls again) once it is garbage collected. Registering once per tape instead of once per
 * handle keeps the registry off the per-op path.
 */
function abandonedTapes(): FinalizationRegistry<Map<Tensor, Tensor>> {
  abandoned ??= new FinalizationRegistry((held) => {
    for (const handle of held.values()) handle.dispose();
  });
  return abandoned;
}

function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/**
 * The record of one differentiation: the primitives that ran on tensors derived from its
 * leaves, in execution order (which is a topological order), with the tensors their rules
 * need kept alive by handles of the tape's own until `dispose`.
 */
export class Tape {
  private readonly nodes: TapeNode[] = [];
  /** Shape of every tensor that depends on a leaf, by buffer: what a gradient is reshaped to. */
  private readonly active = new Map<TensorKey, Shape>();
  /** The handle kept for each tensor a rule needs (an op's output is the next one's input). */
  private readonly held = new Map<Tensor, Tensor>();
  private recording = true;

  /** Marks `leaf` as an input to differentiate with respect to. */
  watch(leaf: Tensor): WatchedLeaf {
    this.active.set(keyOf(leaf), leaf.shape);
    return { key: keyOf(leaf), shape: leaf.shape, dtype: leaf.dtype };
  }

  /** Whether `t` depends on a watched leaf. */
  isActive(t: Tensor): boolean {
    return this.active.has(keyOf(t));
  }

  /** Ends recording: ops run later (the backward pass itself) are not part of this tape. */
  close(): void {
    this.recording = false;
  }

  /** Observer hook: keeps the primitive if it reads a watched tensor and yields a float. */
  record<P extends Primitive>(
    primitive: P,
    inputs: readonly Tensor[],
    params: PrimitiveParams[P],
    output: Tensor,
  ): void {
    if (!this.recording || !isFloating(output.dtype) || !this.readsActive(inputs)) return;
    const heldInputs: Tensor[] = new Array(inputs.length);
    for (let i = 0; i < inputs.length; i++) heldInputs[i] = this.hold(inputs[i]!);
    this.push({
      name: primitive,
      inputs: heldInputs,
      output: this.hold(output),
      rule: RULES[primitive] as VjpRule<Primitive>,
      params,
      custom: undefined,
    });
  }

  private readsActive(inputs: readonly Tensor[]): boolean {
    for (let i = 0; i < inputs.length; i++) if (this.active.has(keyOf(inputs[i]!))) return true;
    return false;
  }

  /** Records a node whose gradient a user function computes (see customVjp). */
  recordCustom(
    name: string,
    inputs: readonly Tensor[],
    output: Tensor,
    pullback: CustomPullback,
  ): void {
    this.push({
      name,
      inputs: inputs.map((t) => this.hold(t)),
      output: this.hold(output),
      rule: undefined,
      params: undefined,
      custom: pullback,
    });
  }

  /**
   * A handle on `t`'s buffer that lives until this tape is disposed; one per tensor. No
   * scope owns it, and it is not watched for leaks one by one: the tape is, as a whole.
   */
  hold(t: Tensor): Tensor {
    let handle = this.held.get(t);
    if (handle === undefined) {
      t.assertLive('retain');
      if (this.held.size === 0) abandonedTapes().register(this, this.held, this);
      handle = new Tensor(t.buffer, t.shape, t.dtype);
      this.held.set(t, handle);
    }
    return handle;
  }

  private push(node: TapeNode): void {
    this.nodes.push(node);
    this.active.set(keyOf(node.output), node.output.shape);
  }

  /**
   * Reverse pass: starting from `seeds` (an output and its cotangent), walks the nodes
   * backwards, asks each rule for its inputs' gradients and accumulates them by buffer.
   * Returns the gradient of every leaf: zeros for a float leaf nothing reached, `null` for
   * a leaf that is not watched (integer or boolean arguments). Can run several times.
   */
  pullback(
    seeds: readonly (readonly [Tensor, Tensor])[],
    leaves: readonly (WatchedLeaf | null)[],
  ): (Tensor | null)[] {
    const cotangents = new Map<TensorKey, Tensor>();
    const accumulate = (key: TensorKey, g: Tensor) => {
      const previous = cotangents.get(key);
      if (previous === undefined) {
        cotangents.set(key, g);
        return;
      }
      cotangents.set(key, add(previous, g));
      previous.dispose();
      g.dispose();
    };
    for (const [output, cotangent] of seeds) {
      const shape = this.active.get(keyOf(output));
      // A handle of our own: the pass disposes what it accumulates, never the caller's tensor.
      if (shape !== undefined) accumulate(keyOf(output), reshape(cotangent, shape));
    }
    for (let n = this.nodes.length - 1; n >= 0; n--) {
      const node = this.nodes[n]!;
      const g = cotangents.get(keyOf(node.output));
      if (g === undefined) continue;
      cotangents.delete(keyOf(node.output));
      const keys: TensorKey[] = [];
      // The scope frees the rule's intermediates; only the gradients survive. It returns
      // tensors only (walking the keys, buffer records, would walk backends), and a lone
      // tensor where it can, which the scope does not have to search for.
      const result = scope(() => {
        const results = this.inputGradients(node, g, keys);
        return results.length === 1 ? results[0]! : results;
      });
      const produced = result instanceof Tensor ? [result] : result;
      if (!produced.includes(g)) g.dispose();
      for (let i = 0; i < produced.length; i++) accumulate(keys[i]!, produced[i]!);
    }
    const gradients = leaves.map((leaf) => {
      if (leaf === null) return null;
      const g = cotangents.get(leaf.key);
      cotangents.delete(leaf.key);
      return g ?? zeros(leaf.shape, leaf.dtype);
    });
    for (const rest of cotangents.values()) rest.dispose();
    return gradients;
  }

  /** Runs `node`'s rule on its output's cotangent `g`; notes the gradients' keys in `keys`. */
  private inputGradients(node: TapeNode, g: Tensor, keys: TensorKey[]): Tensor[] {
    const cotangent = withShape(g, node.output.shape);
    const thunks =
      node.custom === undefined
        ? node.rule!(cotangent, node.inputs, node.output, node.params!)
        : node.custom(cotangent);
    const results: Tensor[] = [];
    for (let i = 0; i < node.inputs.length; i++) {
      const input = node.inputs[i]!;
      const thunk = thunks[i];
      const shape = this.active.get(keyOf(input));
      if (thunk === undefined || thunk === null || shape === undefined) continue;
      keys.push(keyOf(input));
      const gradient = this.conform(node, i, thunk(), input, shape);
      // The cotangent passed on as it is (add's rule) moves to its input, once.
      const owned =
        gradient === g ? !results.includes(g) : this.owned(node, gradient, cotangent, results);
      results.push(owned ? gradient : reshape(gradient, shape));
    }
    return results;
  }

  /** Checks a rule's result against its input and gives it the buffer's canonical shape. */
  private conform(node: TapeNode, index: number, g: Tensor, input: Tensor, shape: Shape): Tensor {
    if (g.size !== input.size) {
      throw new Error(
        `autograd: the gradient rule of ${node.name} returned shape ${formatShape(g.shape)} for input ${index} of shape ${formatShape(input.shape)}`,
      );
    }
    const typed = g.dtype === input.dtype ? g : cast(g, input.dtype);
    return withShape(typed, shape);
  }

  /**
   * Whether the pass may own `gradient` as it is: a tensor a primitive's rule made for this
   * node alone. Anything else (the cotangent passed through, a tensor a custom rule got from
   * elsewhere, one returned twice) gets a handle of its own, since the pass disposes it.
   */
  private owned(
    node: TapeNode,
    gradient: Tensor,
    cotangent: Tensor,
    earlier: readonly Tensor[],
  ): boolean {
    return (
      node.custom === undefined &&
      gradient !== cotangent &&
      gradient !== node.output &&
      !node.inputs.includes(gradient) &&
      !earlier.includes(gradient)
    );
  }

  /** Releases every tensor kept for the backward pass. */
  dispose(): void {
    this.recording = false;
    if (this.held.size > 0) abandonedTapes().unregister(this);
    for (const handle of this.held.values()) handle.dispose();
    this.held.clear();
    this.nodes.length = 0;
  }
}
