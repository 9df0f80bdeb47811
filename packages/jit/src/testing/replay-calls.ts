import { type Tensor, tensor, withBackend } from '@gradkit/tensor';
import { jit } from '../jit.js';
import { expectTreesClose } from './close.js';
import { createCountingBackend, resetCounts } from './counting-backend.js';

/**
 * The kernel calls of a replay of `jit(fn)` on tensors of `values` (after `warmUps` calls:
 * the trace, and any replays before the counted one), its result checked against eager.
 */
export function replayCalls(
  fn: (...args: Tensor[]) => unknown,
  values: readonly number[][],
  warmUps = 1,
): string[] {
  const backend = createCountingBackend();
  return withBackend(backend, () => {
    const args = values.map((v) => tensor(v));
    const f = jit(fn);
    for (let i = 0; i < warmUps; i++) f(...args);
    resetCounts(backend);
    const out = f(...args);
    const calls = [...backend.calls];
    expectTreesClose(out as never, fn(...args) as never);
    return calls;
  });
}
