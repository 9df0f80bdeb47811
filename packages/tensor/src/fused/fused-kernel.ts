import type { BackendCapabilities } from '../backend.js';
import { currentObserver } from '../observer.js';
import type { Tensor } from '../tensor.js';

type FusedCapability = 'fusedElementwise' | 'fusedElementwiseOutputs';

/**
 * The backend's fused kernel `name` and the first input (whose backend runs it) when the call
 * may use it: the result is float32, no gradient is being recorded and the trees are within
 * the capability's limits. Undefined sends the caller to its composed path.
 */
export function fusedKernelFor<Name extends FusedCapability>(
  name: Name,
  inputs: readonly Tensor[],
  dtype: 'float32' | 'float64',
  nodes: number,
): { readonly first: Tensor; readonly kernel: NonNullable<BackendCapabilities[Name]> } | undefined {
  const first = inputs[0];
  const capabilities = first?.backend.capabilities;
  const kernel = capabilities?.[name];
  const limits = capabilities?.fusedElementwiseLimits;
  if (
    first === undefined ||
    kernel === undefined ||
    dtype !== 'float32' ||
    currentObserver() !== undefined ||
    (limits !== undefined && (inputs.length > limits.maxInputs || nodes > limits.maxNodes))
  ) {
    return undefined;
  }
  return { first, kernel: kernel as NonNullable<BackendCapabilities[Name]> };
}
