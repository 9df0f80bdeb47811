import { finalized, usageSnapshot } from './buffer.js';

export interface MemoryInfo {
  /** Live tensors on all backends. */
  readonly tensors: number;
  /** Live buffers (several tensors may share one, e.g. after reshape). */
  readonly buffers: number;
  /** Bytes held by live buffers. */
  readonly bytes: number;
  /** Tensors freed by the garbage-collection backstop because nobody disposed them: leaks. */
  readonly finalized: number;
  /** The same counts per backend name, plus what each backend itself reports. */
  readonly backends: Readonly<
    Record<
      string,
      {
        tensors: number;
        buffers: number;
        bytes: number;
        backendBuffers: number;
        backendBytes: number;
      }
    >
  >;
}

/**
 * What tensors hold right now, in total and per backend.
 *
 * @example
 * ```ts
 * import { memory, tensor } from '@gradkit/tensor';
 *
 * const before = memory().tensors;
 * const x = tensor([1, 2, 3]);
 * memory().tensors - before; // 1
 * x.dispose();
 * ```
 */
export function memory(): MemoryInfo {
  let tensors = 0;
  let buffers = 0;
  let bytes = 0;
  const backends: Record<string, MemoryInfo['backends'][string]> = {};
  for (const [backend, usage] of usageSnapshot()) {
    tensors += usage.tensors;
    buffers += usage.buffers;
    bytes += usage.bytes;
    const own = backend.memory();
    const previous = backends[backend.name];
    backends[backend.name] = {
      tensors: usage.tensors + (previous?.tensors ?? 0),
      buffers: usage.buffers + (previous?.buffers ?? 0),
      bytes: usage.bytes + (previous?.bytes ?? 0),
      backendBuffers: own.buffers + (previous?.backendBuffers ?? 0),
      backendBytes: own.bytes + (previous?.backendBytes ?? 0),
    };
  }
  return { tensors, buffers, bytes, finalized: finalized(), backends };
}
