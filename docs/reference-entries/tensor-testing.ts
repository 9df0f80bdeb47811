/**
 * @module @gradkit/tensor/testing
 */
export * from '@gradkit/tensor/testing';
