export { jit } from './jit.js';
export type { JitOptions, JittedFunction, RetraceInfo, TraceInfo } from './options.js';
export { TraceError } from './trace-error.js';
