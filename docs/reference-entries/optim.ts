/**
 * @module @gradkit/optim
 */
export * from '@gradkit/optim';
