// `assertTensorClose` for modes that read back asynchronously only (webgpu), where
// `dataSync()` throws: src/conformance.test.ts passes it to the conformance suite. It keeps the
// tensor, starts `await data()` and makes the same check on a host copy once the values
// arrive; `settleDeferredReads` (an afterEach hook, deferred-reads-setup.ts) awaits them, so a
// mismatch fails the test that made it.
import { createCpuBackend, keep, tensor, withBackend } from '@gradkit/tensor';
import { assertTensorClose as assertNow } from '@gradkit/tensor/testing';

const host = createCpuBackend();
let pending: Promise<void>[] = [];

/** `assertTensorClose` of @gradkit/tensor/testing, checked once `await t.data()` settles. */
export function assertTensorClose(...[t, expected, options]: Parameters<typeof assertNow>): void {
  const kept = keep(t);
  pending.push(
    kept
      .data()
      .then((values) =>
        withBackend(host, () => {
          const copy = tensor(values, t.shape, t.dtype);
          try {
            assertNow(copy, expected, options);
          } finally {
            copy.dispose();
          }
        }),
      )
      .finally(() => kept.dispose()),
  );
}

/** Awaits every read started since the last call; throws the first mismatch. */
export async function settleDeferredReads(): Promise<void> {
  const reads = pending;
  pending = [];
  const outcomes = await Promise.allSettled(reads);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}
