import { describe, expect, it } from 'vitest';
import { callableInstance } from './callable-instance.js';

class Base {
  declare offset: number;
  constructor() {
    const self = callableInstance<Base, [number], number>(new.target.prototype, (s, x) =>
      s.apply(x),
    );
    self.offset = 1;
    // biome-ignore lint/correctness/noConstructorReturn: the pattern under test.
    return self;
  }
  apply(x: number): number {
    return x + this.offset;
  }
}

class Scaled extends Base {
  factor = 3;
  override apply(x: number): number {
    return super.apply(x) * this.factor;
  }
  get name(): string {
    return 'scaled';
  }
  get length(): number {
    return 7;
  }
}

describe('callableInstance', () => {
  it('calls through the prototype chain and keeps subclass fields', () => {
    const scaled = new Scaled() as unknown as Scaled & ((x: number) => number);
    expect(scaled(4)).toBe(15);
    expect(scaled instanceof Scaled && scaled instanceof Base).toBe(true);
    expect(typeof scaled).toBe('function');
    scaled.factor = 10;
    expect(scaled(1)).toBe(20);
  });

  it("does not let the function's own name and length shadow subclass getters", () => {
    const scaled = new Scaled();
    expect(scaled.name).toBe('scaled');
    expect(scaled.length).toBe(7);
  });
});
