import type { Backend } from '@gradkit/tensor';
import { keep } from '@gradkit/tensor';
import type { Parameter } from '../parameter/parameter.js';
import { CallableOptimizer } from './callable-optimizer.js';
import { type ComputedUpdate, computeUpdates, type UpdateWork } from './compute-updates.js';
import type { Gradient } from './gradient.js';
import { copyState, replaceState } from './state-tree.js';

/** One slot's share of a step: `UpdateWork` plus the slot it belongs to. */
export interface SlotWork<K> extends UpdateWork {
  /** The slot whose state this is: a parameter, or a group of parameters updated together. */
  readonly key: K;
}

/**
 * The one stateful base under every optimizer front end: MindSpore's `experimental.optim` and
 * `nn` optimizers, and through them PyTorch's. It is callable (`optimizer(grads)`), and it owns
 * the state: one entry per slot (a parameter, or a group updated by one transform), each
 * holding @gradkit/optim transform state. A step is all or nothing: every slot's new values
 * and state are computed first (`computeUpdates`), then parameters are assigned and the new
 * state kept from any enclosing `scope()` while what it replaced is freed. A loaded state is
 * copied, so the caller keeps what it passed, and replaces the old one only once it is all
 * checked. Front ends add their parameter groups, their options and their state-dict layout.
 *
 * `G` is what one gradient may be, `R` what a step returns, `K` a slot's key and `S` a slot's
 * entry (transform state, with whatever the front end keeps beside it, such as a step count).

 */
export abstract class StatefulOptimizer<
  G = Gradient,
  R = boolean,
  K extends object = object,
  S = unknown,
> extends CallableOptimizer<G, R> {
  /** Each slot's state; the tensors in it belong to the optimizer. */
  protected readonly slots = new Map<K, S>();

  /** Every parameter, in the order of the gradients the optimizer takes. */
  abstract get parameters(): readonly Parameter[];

  /**
   * One all-or-nothing step over `work`: computes everything, then commits. `entry` makes a
   * slot's new entry from its new transform state. With `backend`, the step runs there and the
   * state stays there (see `computeUpdates`).
   */
  protected applyUpdates<W extends SlotWork<K>>(
    work: readonly W[],
    entry: (work: W, state: unknown, previous: S | undefined) => S,
    backend?: Backend,
  ): void {
    const results: ComputedUpdate[] = computeUpdates(work, backend);
    work.forEach((item, i) => {
      const { values, state } = results[i]!;
      const previous = this.slots.get(item.key);
      const next = entry(item, state, previous);
      // Kept before the parameters change, so a throw cannot leave a half-kept state.
      replaceState(previous, next);
      item.params.forEach((param, j) => {
        param.assign(keep(values[j]!));
      });
      this.slots.set(item.key, next);
    });
  }

  /**
   * Replaces every slot's entry with a copy of `entries` (already checked by the caller); the
   * old state is freed and the given tensors stay the caller's.
   */
  protected replaceSlots(entries: Iterable<readonly [K, S]>): void {
    // Copy before freeing: the entries may hold this optimizer's own tensors.
    const copies = [...entries].map(([key, value]) => [key, copyState(value)] as const);
    const previous = [...this.slots.values()];
    replaceState(
      previous,
      copies.map(([, value]) => value),
    );
    this.slots.clear();
    for (const [key, value] of copies) this.slots.set(key, value);
  }
}
