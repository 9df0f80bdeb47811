// CallableOptimizer: an instance is a function, `optimizer(grads)` runs the subclass's
// `construct(grads)` on that same instance, and the instance is still an ordinary object of
// its class (instanceof, methods, fields, getters named like a function's own properties).
import { mul, sub, type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { Parameter } from '../parameter/parameter.js';
import { CallableOptimizer, type Gradient, type OptimizerLike } from './callable-optimizer.js';

/** w ← w − rate·g, counting its steps. */
class Descent extends CallableOptimizer {
  steps = 0;
  readonly received: (readonly Gradient[])[] = [];
  constructor(
    readonly parameters: Parameter[],
    readonly rate: number,
  ) {
    super();
  }

  construct(grads: readonly Gradient[]): boolean {
    this.received.push(grads);
    this.parameters.forEach((p, i) => {
      p.value = sub(p.value, mul(grads[i] as Tensor, this.rate));
    });
    this.steps += 1;
    return true;
  }

  /** Named like a function's own property, which must not shadow it. */
  override get name(): string {
    return `descent(${this.rate})`;
  }

  override get length(): number {
    return this.parameters.length;
  }
}

/** A subclass with other gradient and result types: the count of non-zero gradients. */
class CountNonZero extends CallableOptimizer<number, number> {
  constructor(readonly parameters: Parameter[]) {
    super();
  }

  construct(grads: readonly number[]): number {
    return grads.filter((g) => g !== 0).length;
  }
}

class Failing extends CallableOptimizer {
  readonly parameters: Parameter[] = [];
  construct(): boolean {
    throw new Error('Failing.construct: no step');
  }
}

describe('CallableOptimizer', () => {
  it('is a function whose call runs construct on the instance itself', () => {
    const w = new Parameter(tensor([1, 2]), 'w');
    const optimizer = new Descent([w], 0.5);
    expect(typeof optimizer).toBe('function');
    const grads = [tensor([2, -2])];
    expect(optimizer(grads)).toBe(true);
    // w − 0.5·g = [1 − 1, 2 + 1].
    expect(Array.from(w.value.dataSync())).toEqual([0, 3]);
    expect(optimizer.steps).toBe(1);
    expect(optimizer.received).toEqual([grads]);
    expect(optimizer.received[0]).toBe(grads);
  });

  it('is an instance of its class and of CallableOptimizer, with its own fields', () => {
    const a = new Descent([], 0.1);
    const b = new Descent([], 0.2);
    expect(a).toBeInstanceOf(Descent);
    expect(a).toBeInstanceOf(CallableOptimizer);
    expect(Object.getPrototypeOf(a)).toBe(Descent.prototype);
    a([]);
    a([]);
    // Each instance has its own fields.
    expect(a.steps).toBe(2);
    expect(b.steps).toBe(0);
    expect(a.rate).toBe(0.1);
    expect(b.rate).toBe(0.2);
  });

  it("lets subclass getters named name and length stand, not the function's own", () => {
    const optimizer = new Descent([new Parameter(tensor([1]), 'w')], 0.25);
    expect(optimizer.name).toBe('descent(0.25)');
    expect(optimizer.length).toBe(1);
  });

  it('passes the result through, whatever the subclass returns', () => {
    const counter = new CountNonZero([]);
    expect(counter([0, 1.5, 0, -2])).toBe(2);
    expectTypeOf(counter).returns.toEqualTypeOf<number>();
    expectTypeOf(counter).parameter(0).toEqualTypeOf<readonly number[]>();
  });

  it('lets what construct throws through', () => {
    const optimizer = new Failing();
    expect(() => optimizer([])).toThrow('Failing.construct: no step');
  });

  it('fits OptimizerLike, what TrainOneStepCell and Model take', () => {
    const w = new Parameter(tensor([4]), 'w');
    const optimizer: OptimizerLike = new Descent([w], 1);
    optimizer([tensor([1])]);
    expect(Array.from(w.value.dataSync())).toEqual([3]);
    expect(optimizer.parameters).toEqual([w]);
  });
});
