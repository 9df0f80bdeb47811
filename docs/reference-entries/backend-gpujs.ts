/**
 * @module @gradkit/backend-gpujs
 */
export * from '@gradkit/backend-gpujs';
