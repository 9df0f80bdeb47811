/**
 * @module @gradkit/jit
 */
export * from '@gradkit/jit';
