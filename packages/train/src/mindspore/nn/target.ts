import { type Backend, createCpuBackend, ValueError } from '@gradkit/tensor';

/** Where an nn optimizer's update runs (MindSpore's `Optimizer.target`). */
export type OptimizerTarget = 'CPU' | 'GPU';

/** Checks a `target` value: MindSpore's names, without 'Ascend' (gradkit has no such backend). */
export function checkTarget(op: string, value: unknown): OptimizerTarget {
  if (value === 'CPU' || value === 'GPU') return value;
  const detail =
    value === 'Ascend'
      ? "must be 'CPU' or 'GPU'; 'Ascend' has no gradkit backend"
      : `must be 'CPU' or 'GPU', got ${typeof value === 'string' ? `'${value}'` : String(value)}`;
  throw new ValueError(op, 'target', detail);
}

let host: Backend | undefined;

/** The host CPU backend updates with target 'CPU' run on (the parameters' own when on a CPU). */
function hostBackend(): Backend {
  host ??= createCpuBackend();
  return host;
}

/**
 * The backend an update with `target` runs on: 'CPU' the host CPU backend (the parameters'
 * own when they already live on a CPU backend); 'GPU' the injected device backend, else the
 * parameters' backend when it is not a CPU one.
 */
export function targetBackend(
  op: string,
  target: OptimizerTarget,
  parametersBackend: Backend,
  deviceBackend: Backend | undefined,
): Backend {
  if (target === 'CPU') return parametersBackend.name === 'cpu' ? parametersBackend : hostBackend();
  if (deviceBackend !== undefined) return deviceBackend;
  if (parametersBackend.name !== 'cpu') return parametersBackend;
  throw new ValueError(
    op,
    'target',
    "is 'GPU' but the parameters live on the cpu backend; pass a device backend as the deviceBackend option (e.g. gpu.js's)",
  );
}
