import type { MapTree, Tensor } from '@gradkit/tensor';
import type { Argnums } from './arguments.js';

/**
 * The gradient of an argument: the same tree with a tensor for every leaf. At run time an
 * integer or boolean leaf has the gradient `null` (it has none; never a silent zero).
 */
export type Gradient<T> = MapTree<T, Tensor>;

/**
 * The argument an index names: a negative one counts from the end, as at run time (where
 * the argument count is not known at compile time, any argument's type).
 */
type ArgumentAt<
  Args extends readonly unknown[],
  N extends number,
> = `${N}` extends `-${infer Back extends number}`
  ? number extends Args['length']
    ? Args[number]
    : FromEnd<Args, Back>
  : Args[N];

/** The element `Back` places from the end of a tuple (1 is the last). */
type FromEnd<
  Args extends readonly unknown[],
  Back extends number,
  Counted extends unknown[] = [unknown],
> = Args extends readonly [...infer Init, infer Last]
  ? Counted['length'] extends Back
    ? Last
    : FromEnd<Init, Back, [...Counted, unknown]>
  : Args[number];

/** What `grad` returns for `argnums` N: one gradient tree, or a tuple of them. */
export type Gradients<Args extends readonly unknown[], N extends Argnums> = N extends number
  ? Gradient<ArgumentAt<Args, N>>
  : { -readonly [K in keyof N]: Gradient<ArgumentAt<Args, N[K] & number>> };

export interface GradOptions<N extends Argnums = Argnums> {
  /** The argument(s) to differentiate (default 0); an array gives a tuple of gradients. */
  readonly argnums?: N;
  /** When true, f returns `[value, aux]`: only `value` is differentiated, `aux` is passed through. */
  readonly hasAux?: boolean;
}
