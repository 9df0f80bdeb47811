/**
 * Threefry-2x32 with 20 rounds (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
 * the Random123 library; JAX's default PRNG). A keyed bijection on 64-bit blocks: encrypting
 * the counters 0, 1, 2, ... gives a random stream that any element can reach directly.
 * All words are unsigned 32-bit integers held in numbers; `>>> 0` reduces sums mod 2^32.
 */

// Rotation distances of each round, repeating every 8 rounds (Random123's R_32x2).
const ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24] as const;
// Skein's key-schedule parity constant: the third schedule word is it xor both key words.
const PARITY = 0x1bd11bda;

/**
 * Encrypts the block (`counter0`, `counter1`) under the key (`key0`, `key1`) and writes the
 * two output words to `out[0]` and `out[1]`. Allocation-free for the samplers' inner loops.
 */
export function threefry2x32Into(
  key0: number,
  key1: number,
  counter0: number,
  counter1: number,
  out: Uint32Array,
): void {
  const schedule0 = key0 >>> 0;
  const schedule1 = key1 >>> 0;
  const schedule2 = (PARITY ^ schedule0 ^ schedule1) >>> 0;
  const schedule = [schedule0, schedule1, schedule2] as const;
  let x0 = (counter0 + schedule0) >>> 0;
  let x1 = (counter1 + schedule1) >>> 0;
  for (let round = 0; round < 20; round++) {
    const distance = ROTATIONS[round % 8]!;
    x0 = (x0 + x1) >>> 0;
    x1 = (((x1 << distance) | (x1 >>> (32 - distance))) ^ x0) >>> 0;
    if (round % 4 === 3) {
      // Key injection every 4 rounds; adding the injection count makes each one distinct.
      const injection = (round + 1) / 4;
      x0 = (x0 + schedule[injection % 3]!) >>> 0;
      x1 = (x1 + schedule[(injection + 1) % 3]! + injection) >>> 0;
    }
  }
  out[0] = x0;
  out[1] = x1;
}

/** Threefry-2x32-20 of one block: `counter` encrypted under `key`, as two uint32 words. */
export function threefry2x32(
  key: readonly [number, number],
  counter: readonly [number, number],
): [number, number] {
  const out = new Uint32Array(2);
  threefry2x32Into(key[0], key[1], counter[0], counter[1], out);
  return [out[0]!, out[1]!];
}
