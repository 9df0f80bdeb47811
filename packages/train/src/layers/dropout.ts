import {
  div,
  mul,
  type RandomKey,
  random,
  scope,
  type Tensor,
  ValueError,
  where,
} from '@gradkit/tensor';
import { Cell } from '../cell/cell.js';
import { checkOptions } from '../cell/check-arguments.js';
import { checkRandomState, type RandomState, type RandomStateful } from '../cell/random-state.js';
import { nextKey } from '../initializers/seed.js';

/** Options of Dropout. */
export interface DropoutOptions {
  /** Probability of zeroing an element (default 0.5), as MindSpore 2.x's `p`. */
  readonly p?: number;
  /** Seed or key of the masks; without one the global stream (`setSeed`) picks it. */
  readonly seed?: number | RandomKey;
}

/**
 * Zeroes each element with probability p in training and scales the rest by 1/(1-p), as
 * MindSpore's `nn.Dropout`; the identity when not training. Masks are drawn from the seed
 * and a call counter, so a seeded run is reproducible; checkpoints save both
 * (`getRandomState`), so a resumed run draws the masks an uninterrupted one would.
 *
 * @example
 * ```ts
 * import { ones } from '@gradkit/tensor';
 * import { Dropout } from '@gradkit/train';
 *
 * const drop = new Dropout({ p: 0.1, seed: 0 }).setTrain(true);
 * const y = drop(ones([2, 8]));
 * ```
 */
export class Dropout extends Cell implements RandomStateful {
  readonly p: number;
  #key: RandomKey;
  #calls = 0;

  constructor(options: DropoutOptions = {}) {
    super();
    const p = checkOptions('Dropout', options, 'new Dropout({ p: 0.5 })').p ?? 0.5;
    if (typeof p !== 'number' || !(p >= 0 && p < 1)) {
      throw new ValueError('Dropout', 'p', `must be in [0, 1), got ${p}`);
    }
    this.p = p;
    this.#key = nextKey(options.seed);
  }

  /** The key of the masks and how many have been drawn. */
  getRandomState(): RandomState {
    return { key: [...this.#key.data], draws: this.#calls };
  }

  /** Continues from a state `getRandomState` returned (checked first). */
  setRandomState(state: RandomState): void {
    this.#key = checkRandomState('Dropout.setRandomState', state);
    this.#calls = state.draws;
  }

  construct(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return mul(x, 1);
    const key = random.foldIn(this.#key, this.#calls++);
    return scope(() => {
      const keepMask = random.bernoulli(key, 1 - this.p, x.shape);
      return where(keepMask, div(x, 1 - this.p), 0);
    });
  }
}
