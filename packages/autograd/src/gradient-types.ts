import type { MapTree, Tensor } from '@gradkit/tensor';
import type { Argnums } from './arguments.js';

/**
 * The gradient of an argument: the same tree with a tensor for every leaf. At run time an
 * integer or boolean leaf has the gradient `null` (it has none; never a silent zero).
 */
export type Gradient<T> = MapTree<T, Tensor>;

/** What `grad` returns for `argnums` N: one gradient tree, or a tuple of them. */
export type Gradients<Args extends readonly unknown[], N extends Argnums> = N extends number
  ? Gradient<Args[N]>
  : { -readonly [K in keyof N]: Gradient<Args[N[K] & number]> };

export interface GradOptions<N extends Argnums = Argnums> {
  /** The argument(s) to differentiate (default 0); an array gives a tuple of gradients. */
  readonly argnums?: N;
  /** When true, f returns `[value, aux]`: only `value` is differentiated, `aux` is passed through. */
  readonly hasAux?: boolean;
}
