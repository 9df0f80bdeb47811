/**
 * @module @gradkit/train
 */
export * from '@gradkit/train';
