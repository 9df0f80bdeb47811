import { keep, Tensor, ValueError } from '@gradkit/tensor';
import { noteUnboundRead, noteWrite } from '../grad/compile-watch.js';

/** Options of `Parameter.assign`. */
export interface AssignOptions {
  /** Dispose the tensor the parameter held before (default true). */
  readonly dispose?: boolean;
}

/**
 * A named, trainable tensor slot, as MindSpore's `Parameter`. Tensors are immutable, so a
 * parameter holds the current tensor in `value` and training replaces it (`assign`); the name
 * stays. Ops take tensors, so pass `param.value` where a tensor is expected: inside a function
 * given to `valueAndGrad`, that read is what gets differentiated.
 *
 * @example
 * ```ts
 * import { matmul, mul, sub, tensor, zeros } from '@gradkit/tensor';
 * import { Parameter } from '@gradkit/train';
 *
 * const w = new Parameter(zeros([3, 2]), 'w');
 * const y = matmul(tensor([[1, 2, 3]]), w.value); // [1, 2]
 * const grad = tensor([[1, 1], [1, 1], [1, 1]]);
 * w.assign(sub(w.value, mul(0.1, grad))); // the old tensor is disposed
 * ```
 */
export class Parameter {
  /** The name; a cell renames its parameters to their dotted attribute path (`conv1.weight`). */
  name: string;
  /** Whether `cell.trainableParams()` lists this parameter (MindSpore's `requires_grad`). */
  requiresGrad: boolean;
  /**
   * The accumulated gradient of PyTorch-style training (`backward(loss)` adds to it,
   * `optimizer.zeroGrad()` clears it); null until a backward pass reaches the parameter.
   * The MindSpore-style API returns gradients instead and leaves this untouched.
   */
  grad: Tensor | null = null;
  #value: Tensor;
  // While valueAndGrad runs fn, reads see the traced copy (innermost last) instead of #value.
  readonly #bindings: Tensor[] = [];
  // A tensor assigned while bound; it becomes #value when the outermost binding ends.
  #pending: Tensor | undefined;

  constructor(value: Tensor, name = 'Parameter', requiresGrad = true) {
    if (!(value instanceof Tensor)) {
      throw new ValueError('Parameter', 'value', `must be a Tensor, got ${describe(value)}`);
    }
    value.assertLive('Parameter', 'value');
    this.#value = value;
    this.name = name;
    this.requiresGrad = requiresGrad;
  }

  /** The current tensor (inside `valueAndGrad`, the copy being differentiated). */
  get value(): Tensor {
    const bound = this.#bindings.at(-1);
    if (bound !== undefined) return bound;
    noteUnboundRead(this);
    return this.#value;
  }

  set value(next: Tensor) {
    this.assign(next);
  }

  get shape(): readonly number[] {
    return this.value.shape;
  }

  get dtype(): Tensor['dtype'] {
    return this.value.dtype;
  }

  /**
   * Replaces the tensor, keeping the name; the previous one is disposed unless
   * `{ dispose: false }`. Shape and dtype may change (as MindSpore's `set_data` allows).
   */
  assign(next: Tensor, options: AssignOptions = {}): this {
    if (!(next instanceof Tensor)) {
      throw new ValueError('Parameter.assign', 'value', `must be a Tensor, got ${describe(next)}`);
    }
    next.assertLive('Parameter.assign', 'value');
    noteWrite(this);
    if (this.#bindings.length > 0) {
      // The traced copy belongs to the tape; the stored tensor is replaced when fn ends.
      this.#bindings[this.#bindings.length - 1] = next;
      this.#pending = next;
      return this;
    }
    const previous = this.#value;
    // The parameter owns its value from now on: no enclosing scope may free it.
    this.#value = keep(next);
    if (previous !== next && (options.dispose ?? true)) previous.dispose();
    return this;
  }

  /** @internal Makes reads return `traced` until the matching `unbind`. */
  bind(traced: Tensor): void {
    this.#bindings.push(traced);
  }

  /** @internal Ends the innermost `bind`; a value assigned meanwhile is kept. */
  unbind(): void {
    this.#bindings.pop();
    const pending = this.#pending;
    if (pending === undefined) return;
    if (this.#bindings.length > 0) {
      this.#bindings[this.#bindings.length - 1] = pending;
    } else {
      this.#pending = undefined;
      this.assign(pending);
    }
  }

  toString(): string {
    return `Parameter(name=${this.name}, shape=[${this.#value.shape.join(', ')}], dtype=${this.#value.dtype}, requiresGrad=${this.requiresGrad})`;
  }
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'object'}`;
  return `a ${typeof value}`;
}
