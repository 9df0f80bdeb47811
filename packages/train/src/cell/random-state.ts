import { RandomKey, ValueError } from '@gradkit/tensor';

/** Where a cell's random stream stands: its key and how many draws it has made from it. */
export interface RandomState {
  readonly key: readonly [number, number];
  readonly draws: number;
}

/**
 * A cell with random state (Dropout's masks): checkpoints save and restore it, so a resumed
 * run draws the same numbers as an uninterrupted one.
 *
 * @example
 * ```ts
 * import { Dropout, hasRandomState } from '@gradkit/train';
 *
 * const drop = new Dropout({ p: 0.1, seed: 0 });
 * if (hasRandomState(drop)) drop.getRandomState(); // { key: [0, 0], draws: 0 }
 * ```
 */
export interface RandomStateful {
  getRandomState(): RandomState;
  setRandomState(state: RandomState): void;
}

/**
 * Whether `cell` has random state to save (implements RandomStateful).
 *
 * @example
 * ```ts
 * import { Dense, Dropout, hasRandomState } from '@gradkit/train';
 *
 * hasRandomState(new Dropout()); // true
 * hasRandomState(new Dense(2, 2)); // false
 * ```
 */
export function hasRandomState(cell: unknown): cell is RandomStateful {
  const candidate = cell as Partial<RandomStateful> | null;
  return (
    typeof candidate?.getRandomState === 'function' &&
    typeof candidate.setRandomState === 'function'
  );
}

/**
 * Checks a random state from outside (a checkpoint) before a cell takes it; returns its key.
 */
export function checkRandomState(op: string, state: RandomState): RandomKey {
  const key = new RandomKey(state.key as [number, number]);
  if (!Number.isSafeInteger(state.draws) || state.draws < 0) {
    throw new ValueError(op, 'draws', `must be an integer >= 0, got ${state.draws}`);
  }
  return key;
}
