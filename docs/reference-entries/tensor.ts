/**
 * @module @gradkit/tensor
 */
export * from '@gradkit/tensor';
