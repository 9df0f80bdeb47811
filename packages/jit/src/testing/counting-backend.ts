import {
  type Backend,
  type BackendCapabilities,
  createCpuBackend,
  type DataId,
  type Kernel,
  type KernelTable,
  type Primitive,
} from '@gradkit/tensor';

/** A CPU backend that counts kernel calls, fused calls and the new buffers kernels make. */
export interface CountingBackend extends Backend {
  readonly counts: { kernels: number; fused: number; newBuffers: number };
  readonly calls: string[];
  /** Inputs and nodes of each fused call. */
  readonly fusedSizes: { inputs: number; nodes: number }[];
}

function countNodes(expression: unknown): number {
  const node = expression as Record<string, unknown>;
  let count = 1;
  for (const key of ['x', 'a', 'b', 'condition']) {
    if (node[key] !== undefined) count += countNodes(node[key]);
  }
  return count;
}

export function createCountingBackend(
  limits?: BackendCapabilities['fusedElementwiseLimits'],
): CountingBackend {
  const cpu = createCpuBackend({ threads: 1 });
  const counts = { kernels: 0, fused: 0, newBuffers: 0 };
  const calls: string[] = [];
  const fusedSizes: { inputs: number; nodes: number }[] = [];
  const kernels = Object.fromEntries(
    Object.entries(cpu.kernels).map(([name, kernel]) => [
      name,
      (...args: Parameters<Kernel<Primitive>>) => {
        counts.kernels++;
        calls.push(name);
        const dataId: DataId = (kernel as Kernel<Primitive>)(...args);
        if (dataId !== args[2].into) counts.newBuffers++;
        return dataId;
      },
    ]),
  ) as unknown as KernelTable;
  const fusedElementwise = cpu.capabilities!.fusedElementwise!;
  return {
    ...cpu,
    kernels,
    capabilities: {
      ...cpu.capabilities,
      ...(limits === undefined ? {} : { fusedElementwiseLimits: limits }),
      fusedElementwise: (inputs, expression, output) => {
        counts.fused++;
        calls.push('fused');
        fusedSizes.push({ inputs: inputs.length, nodes: countNodes(expression) });
        const dataId = fusedElementwise(inputs, expression, output);
        if (dataId !== output.into) counts.newBuffers++;
        return dataId;
      },
    },
    counts,
    calls,
    fusedSizes,
  };
}

/** Resets a counting backend's counts. */
export function resetCounts(backend: CountingBackend): void {
  backend.counts.kernels = 0;
  backend.counts.fused = 0;
  backend.counts.newBuffers = 0;
  backend.calls.length = 0;
  backend.fusedSizes.length = 0;
}
