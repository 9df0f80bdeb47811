/**
 * @module @gradkit/autograd
 */
export * from '@gradkit/autograd';
