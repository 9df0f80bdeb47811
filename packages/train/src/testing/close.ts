import type { Tensor } from '@gradkit/tensor';
import { assertTensorClose } from '@gradkit/tensor/testing';

/** Values compared in float32 against float64 references made from float32 inputs. */
export function expectClose(actual: Tensor, expected: unknown, tolerance = 2e-5): void {
  assertTensorClose(actual, expected as number[], { rtol: tolerance, atol: tolerance });
}
