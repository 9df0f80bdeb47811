import { ValueError } from '@gradkit/tensor';
import { describeArgument } from '../cell/check-arguments.js';
import { checkOptionKeys } from '../options/check-option-keys.js';

/** What `onFallback` is told when a step that would be compiled runs eagerly instead. */
export interface JitFallbackInfo {
  /** Who falls back: `valueAndGrad`, `TrainOneStepCell`, ... */
  readonly name: string;
  /** Why, such as `it draws random numbers (random.bernoulli)`. */
  readonly reason: string;
}

/** How a training step is compiled, where it can be. */
export interface JitSettings {
  /**
   * Called once when the step turns out not to be compilable and runs eagerly from then on
   * (with the same numbers). Without it, `console.warn` says so once.
   */
  readonly onFallback?: (info: JitFallbackInfo) => void;
}

/**
 * The `jit` option of the training front end: `true` (the default) compiles the forward and
 * backward pass with `@gradkit/jit` where it can, `false` runs them eagerly, and an object
 * compiles with settings.
 */
export type JitOption = boolean | JitSettings;

/** Checks a `jit` option; returns the settings, or undefined for `false`. */
export function resolveJitOption(op: string, value: unknown): JitSettings | undefined {
  if (value === undefined || value === true) return {};
  if (value === false) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValueError(
      op,
      'jit',
      `must be true, false or { onFallback }, got ${describeArgument(value)}`,
    );
  }
  checkOptionKeys(`${op} jit`, value, ['onFallback']);
  const { onFallback } = value as JitSettings;
  if (onFallback !== undefined && typeof onFallback !== 'function') {
    throw new ValueError(
      op,
      'jit.onFallback',
      `must be a function taking { name, reason }, got ${describeArgument(onFallback)}`,
    );
  }
  return value as JitSettings;
}
