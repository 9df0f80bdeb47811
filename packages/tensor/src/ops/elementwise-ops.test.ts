import { describe, expect, it } from 'vitest';
import { tensor } from '../creation.js';
import { withPrimitiveObserver } from '../observer.js';
import {
  BINARY_PRIMITIVES,
  isUnaryPrimitive,
  type Primitive,
  UNARY_PRIMITIVES,
} from '../primitives.js';
import { scope } from '../scope.js';
import { ELEMENTWISE_OPS } from './elementwise-ops.js';

const LOGICAL: ReadonlySet<string> = new Set(['logicalNot', 'logicalAnd', 'logicalOr']);

describe('ELEMENTWISE_OPS', () => {
  it('is total over the unary and binary primitives, and holds nothing else', () => {
    expect(Object.keys(ELEMENTWISE_OPS).sort()).toEqual(
      [...UNARY_PRIMITIVES, ...BINARY_PRIMITIVES].sort(),
    );
    for (const fn of Object.values(ELEMENTWISE_OPS)) expect(fn).toBeTypeOf('function');
  });

  it.each([...UNARY_PRIMITIVES, ...BINARY_PRIMITIVES])('maps %s to the op running it', (name) => {
    const seen: Primitive[] = [];
    const observer = { onPrimitive: (primitive: Primitive) => void seen.push(primitive) };
    scope(() => {
      const x = LOGICAL.has(name)
        ? tensor([true, false, true], [3], 'bool')
        : tensor([0.25, -1.5, 2.75], [3], 'float32');
      withPrimitiveObserver(observer, () =>
        isUnaryPrimitive(name) ? ELEMENTWISE_OPS[name](x) : ELEMENTWISE_OPS[name](x, x),
      );
    });
    expect(seen.at(-1)).toBe(name);
  });
});
