import {
  type Backend,
  type BackendCapabilities,
  createCpuBackend,
  type DataId,
  type Kernel,
  type KernelTable,
  type Primitive,
} from '@gradkit/tensor';

/**
 * A CPU backend that counts kernel calls, fused calls (one for several trees in one
 * `fusedElementwiseOutputs` kernel, listed as 'fusedOutputs') and the new buffers kernels make.
 */
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
  const fusedElementwiseOutputs = cpu.capabilities!.fusedElementwiseOutputs!;
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
      // Several trees in one kernel: one fused call, its nodes summed over the trees.
      fusedElementwiseOutputs: (inputs, expressions, outputs) => {
        counts.fused++;
        calls.push('fusedOutputs');
        const nodes = expressions.reduce((total, e) => total + countNodes(e), 0);
        fusedSizes.push({ inputs: inputs.length, nodes });
        const dataIds = fusedElementwiseOutputs(inputs, expressions, outputs);
        dataIds.forEach((dataId, k) => {
          if (dataId !== outputs[k]!.into) counts.newBuffers++;
        });
        return dataIds;
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
