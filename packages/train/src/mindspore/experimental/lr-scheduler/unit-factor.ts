import { invalidValue } from '../errors.js';

/**
 * Checks a multiplicative factor in [0, 1] (ConstantLR's, LinearLR's), with PyTorch's
 * `description` ("Constant multiplicative factor") in the message; returns it.
 */
export function checkUnitFactor(
  name: string,
  argument: string,
  value: number,
  description: string,
): number {
  if (value > 1 || value < 0) {
    throw invalidValue(name, argument, `${description} expected to be between 0 and 1.`);
  }
  return value;
}
