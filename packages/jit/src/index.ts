export { type JitOptions, type JittedFunction, jit, type RetraceInfo } from './jit.js';
export { TraceError } from './trace-error.js';
