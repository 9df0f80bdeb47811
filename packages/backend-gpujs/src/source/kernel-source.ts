/** The name of kernel argument `index`: the kernels take their inputs as x0, x1, ... */
export function argument(index: number): string {
  return `x${index}`;
}

/** A gpu.js kernel function as source text: one output element per thread. */
export function kernelSource(argumentCount: number, body: readonly string[]): string {
  const names = Array.from({ length: argumentCount }, (_, i) => argument(i)).join(', ');
  return `function(${names}) {\n${body.join('\n')}\n}`;
}

/** The flat index of the output element this thread computes. */
export const THREAD_INDEX = 'this.thread.x';
