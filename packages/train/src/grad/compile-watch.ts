import type { Tensor } from '@gradkit/tensor';

/** A parameter as the watch sees it (kept structural so that parameter.ts can report to it). */
export interface WatchedParameter {
  readonly name: string;
}

/** What a step did while jit traced it that a replay would not repeat or would freeze. */
export interface CompileWatch {
  /** Parameters read while not bound to a traced input: captured, so frozen at their value. */
  readonly unboundReads: Set<WatchedParameter>;
  /** Parameters assigned while tracing (BatchNorm's running statistics): a replay would not. */
  readonly writes: Set<WatchedParameter>;
}

let active: CompileWatch | undefined;

/** @internal Runs `fn` noting the parameter reads and writes that a compiled replay would lose. */
export function watchCompile<R>(fn: () => R): [R, CompileWatch] {
  const watch: CompileWatch = { unboundReads: new Set(), writes: new Set() };
  const outer = active;
  active = watch;
  try {
    return [fn(), watch];
  } finally {
    active = outer;
  }
}

/** @internal A parameter's value was read with no traced input bound to it. */
export function noteUnboundRead(param: WatchedParameter): void {
  active?.unboundReads.add(param);
}

/** @internal A parameter was assigned. */
export function noteWrite(param: WatchedParameter): void {
  active?.writes.add(param);
}

/**
 * @internal The values of `tensor` for bookkeeping (the rows a sparse lookup read). While a
 * compiled step is traced they are read through the backend instead of `dataSync`, which
 * the trace would refuse: the trace then completes, and the step falls back to eager because
 * it looked rows up.
 */
export function bookkeepingValues(tensor: Tensor): ArrayLike<number> {
  if (active === undefined) return tensor.dataSync();
  return tensor.backend.readSync(tensor.buffer.dataId, tensor.dtype, tensor.size);
}
