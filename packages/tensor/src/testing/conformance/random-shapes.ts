/** Draws of sizes, shapes and axes for the random-shape cases, from a uniform source. */
export class ShapeDraws {
  constructor(private readonly next: () => number) {}

  /** An integer in [low, high]. */
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  /** True with probability `p`. */
  chance(p = 0.5): boolean {
    return this.next() < p;
  }

  /** One of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  /** A shape of rank in [minRank, maxRank], each size in [1, maxSize]. */
  shape(minRank: number, maxRank: number, maxSize = 5): number[] {
    return Array.from({ length: this.int(minRank, maxRank) }, () => this.int(1, maxSize));
  }

  /** A shape that broadcasts to `shape`: some leading axes dropped, some sizes set to 1. */
  broadcastable(shape: readonly number[]): number[] {
    const dropped = this.int(0, shape.length);
    return shape.slice(dropped).map((size) => (this.chance(0.3) ? 1 : size));
  }

  /** A random order of 0..n-1. */
  permutation(n: number): number[] {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(0, i);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return order;
  }

  /** A non-empty subset of 0..rank-1 in increasing order, each axis possibly negative. */
  axes(rank: number): number[] {
    const chosen = Array.from({ length: rank }, (_, i) => i).filter(() => this.chance());
    const axes = chosen.length > 0 ? chosen : [this.int(0, rank - 1)];
    return axes.map((a) => (this.chance(0.25) ? a - rank : a));
  }
}
