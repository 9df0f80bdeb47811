import type { Backend, DataId } from './backend.js';
import { sharedState } from './shared-state.js';

/**
 * A backend buffer shared by one or more tensors (reshape and friends share buffers).
 * The buffer is freed when the last tensor holding it lets go.
 */
export interface BufferRecord {
  readonly backend: Backend;
  readonly dataId: DataId;
  readonly bytes: number;
  references: number;
  /** The backend's usage entry, looked up once rather than on every acquire and release. */
  readonly usage: BackendUsage;
}

export interface BackendUsage {
  tensors: number;
  buffers: number;
  bytes: number;
}

interface BufferState {
  readonly usage: Map<Backend, BackendUsage>;
  finalizedCount: number;
  // Backstop for tensors that were forgotten rather than disposed.
  readonly registry: FinalizationRegistry<BufferRecord>;
}

let bufferState: BufferState | undefined;
// One account of buffers for every copy of the package in the process (see shared-state.ts).
function buffers(): BufferState {
  bufferState ??= sharedState<BufferState>('buffers', () => {
    const state: BufferState = {
      usage: new Map(),
      finalizedCount: 0,
      registry: new FinalizationRegistry<BufferRecord>((buffer) => {
        state.finalizedCount++;
        release(buffer);
      }),
    };
    return state;
  });
  return bufferState;
}

function usageOf(backend: Backend): BackendUsage {
  const { usage } = buffers();
  let entry = usage.get(backend);
  if (entry === undefined) {
    entry = { tensors: 0, buffers: 0, bytes: 0 };
    usage.set(backend, entry);
  }
  return entry;
}

export function createBuffer(backend: Backend, dataId: DataId, bytes: number): BufferRecord {
  const entry = usageOf(backend);
  entry.buffers++;
  entry.bytes += bytes;
  return { backend, dataId, bytes, references: 0, usage: entry };
}

export function acquire(buffer: BufferRecord): void {
  buffer.references++;
  buffer.usage.tensors++;
}

export function release(buffer: BufferRecord): void {
  const entry = buffer.usage;
  entry.tensors--;
  buffer.references--;
  if (buffer.references === 0) {
    entry.buffers--;
    entry.bytes -= buffer.bytes;
    buffer.backend.free(buffer.dataId);
  }
}

export function watch(owner: object, buffer: BufferRecord): void {
  buffers().registry.register(owner, buffer, owner);
}

export function unwatch(owner: object): void {
  buffers().registry.unregister(owner);
}

export function usageSnapshot(): ReadonlyMap<Backend, Readonly<BackendUsage>> {
  return buffers().usage;
}

export function finalized(): number {
  return buffers().finalizedCount;
}
