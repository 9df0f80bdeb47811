import type { Updates } from '../types.js';

/**
 * The state of the Adam variants whose step count stays a number on the host (RAdam, whose
 * rectification branches on the count, AdaBelief, Yogi): the count and both moments.
 */
export interface MomentsState {
  /** Updates so far. */
  readonly count: number;
  readonly mu: Updates;
  readonly nu: Updates;
}
