/**
 * @module @gradkit/train/checkpoint
 */
export * from '@gradkit/train/checkpoint';
