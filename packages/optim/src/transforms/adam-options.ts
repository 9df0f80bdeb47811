import { decayRate, nonNegative } from '../validate.js';

/** Options shared by the Adam family. */
export interface AdamFamilyOptions {
  /** Decay of the first moment; default 0.9. */
  readonly b1?: number;
  /** Decay of the second moment; default 0.999. */
  readonly b2?: number;
  /** Added to the denominator outside the square root; default 1e-8. */
  readonly eps?: number;
  /** Added inside the square root (Optax's eps_root); default 0. */
  readonly epsRoot?: number;
  /**
   * For RowSparse gradients: step only the listed rows (MXNet's `lazy_update`) when true;
   * treat the gradient as dense with zero rows when false, the default.
   */
  readonly lazy?: boolean;
}

export interface ResolvedAdamOptions {
  readonly b1: number;
  readonly b2: number;
  readonly eps: number;
  readonly epsRoot: number;
  readonly lazy: boolean;
}

export function resolveAdamOptions(
  transform: string,
  options: AdamFamilyOptions,
  defaults: { b1?: number; b2?: number; eps?: number; epsRoot?: number } = {},
): ResolvedAdamOptions {
  return {
    b1: decayRate(transform, 'b1', options.b1 ?? defaults.b1 ?? 0.9),
    b2: decayRate(transform, 'b2', options.b2 ?? defaults.b2 ?? 0.999),
    eps: nonNegative(transform, 'eps', options.eps ?? defaults.eps ?? 1e-8),
    epsRoot: nonNegative(transform, 'epsRoot', options.epsRoot ?? defaults.epsRoot ?? 0),
    lazy: options.lazy ?? false,
  };
}
