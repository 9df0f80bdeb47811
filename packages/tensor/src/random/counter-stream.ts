import type { RandomKey } from './random-key.js';
import { threefry2x32Into } from './threefry.js';

const WORD = 2 ** 32;
// Derived keys use counters (0, i); samples start at high word 1 so that a key used both
// to split and to sample (a mistake, but a common one) does not repeat the same words.
const FIRST_SAMPLE_BLOCK = 1;

/**
 * The random words of one lane of a key: block d of lane `lane` is Threefry of the counter
 * (1 + d, lane). Element i of a sample reads lane i, so its value depends only on the key
 * and on i — not on the shape, the other elements, or how many words they consumed.
 */
export class CounterStream {
  private readonly key0: number;
  private readonly key1: number;
  private readonly block = new Uint32Array(2);
  private lane = 0;
  private nextBlock = FIRST_SAMPLE_BLOCK;
  private nextInBlock = 2;

  constructor(key: RandomKey) {
    [this.key0, this.key1] = key.data;
  }

  /** Restarts the stream at the first word of `lane`. */
  seek(lane: number): this {
    this.lane = lane;
    this.nextBlock = FIRST_SAMPLE_BLOCK;
    this.nextInBlock = 2;
    return this;
  }

  /** The next uniformly random uint32. */
  nextWord(): number {
    if (this.nextInBlock === 2) {
      if (this.nextBlock >= WORD) throw new Error('random: a counter lane ran out of blocks');
      threefry2x32Into(this.key0, this.key1, this.nextBlock, this.lane, this.block);
      this.nextBlock++;
      this.nextInBlock = 0;
    }
    return this.block[this.nextInBlock++]!;
  }

  /** A uniform integer in [0, span), for 1 <= span <= 2^32; rejection keeps it unbiased. */
  nextBelow(span: number): number {
    // Accept only words below the largest multiple of span, so every residue is equally likely.
    const limit = WORD - (WORD % span);
    for (;;) {
      const word = this.nextWord();
      if (word < limit) return word % span;
    }
  }

  /** A uniform number in [0, 1) on a grid of 2^-32. */
  nextUnit32(): number {
    return this.nextWord() * 2 ** -32;
  }

  /** A uniform number in [0, 1) on a grid of 2^-53, the spacing of doubles just below 1. */
  nextUnit53(): number {
    const high = this.nextWord();
    const low = this.nextWord();
    return (high * 2 ** 21 + (low >>> 11)) * 2 ** -53;
  }
}
