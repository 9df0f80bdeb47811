import type { DeviceResult, GpujsInstance, GpujsKernel, KernelValue } from '../gpujs-types.js';

/** A device result that holds its values but hands them out only asynchronously. */
interface AsyncResult extends DeviceResult {
  readonly values: Float32Array;
}

/**
 * A stand-in for webgpu where no Vulkan adapter exists: gpu.js's CPU kernels, but every
 * call and every read settles later and results are device handles, as on webgpu.
 */
export function asyncDevice(gpu: GpujsInstance, deleted: { count: number }): GpujsInstance {
  return {
    createKernel(source, settings) {
      const inner = gpu.createKernel(source, settings);
      const call = (...args: unknown[]) =>
        Promise.resolve().then((): KernelValue => {
          const plain = args.map((a) =>
            a instanceof Float32Array ? a : (a as AsyncResult).values,
          );
          const values = inner(...plain) as Float32Array;
          const result: AsyncResult = {
            values,
            toArray: async () => values,
            delete: () => {
              deleted.count++;
            },
          };
          return result;
        });
      return Object.assign(call, {
        kernel: { constructor: { name: 'WebGPUKernel' }, fallbackReason: null },
        destroy: () => inner.destroy(),
      }) as unknown as GpujsKernel;
    },
    destroy: () => gpu.destroy(),
  };
}
