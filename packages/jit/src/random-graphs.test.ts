// Random graphs of elementwise ops (with broadcasting, values read twice, views and reductions
// between them), compiled and eager: the fusion, CSE and buffer plan keep the numbers.
import { valueAndGrad } from '@gradkit/autograd';
import {
  abs,
  add,
  exp,
  greater,
  lessEqual,
  maximum,
  minimum,
  mul,
  neg,
  reshape,
  sigmoid,
  sub,
  sum,
  type Tensor,
  tanh,
  tensor,
  where,
} from '@gradkit/tensor';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { jit } from './jit.js';
import { expectTreesClose } from './testing/close.js';

type Node =
  | { readonly kind: 'unary'; readonly op: number; readonly a: number }
  | { readonly kind: 'binary'; readonly op: number; readonly a: number; readonly b: number }
  | { readonly kind: 'select'; readonly a: number; readonly b: number; readonly c: number }
  | { readonly kind: 'reduce'; readonly a: number }
  | { readonly kind: 'masks'; readonly a: number; readonly b: number };

const UNARY = [neg, tanh, sigmoid, abs, (x: Tensor) => exp(tanh(x))];
const BINARY = [add, sub, mul, maximum, minimum];

/** Evaluates the nodes in order over three inputs of shapes [4, 3], [3] and [4, 1]. */
function evaluate(nodes: readonly Node[], inputs: readonly Tensor[]): Tensor[] {
  const values: Tensor[] = [...inputs];
  const pick = (i: number) => values[i % values.length]!;
  for (const node of nodes) {
    switch (node.kind) {
      case 'unary':
        values.push(UNARY[node.op % UNARY.length]!(pick(node.a)));
        break;
      case 'binary':
        values.push(BINARY[node.op % BINARY.length]!(pick(node.a), pick(node.b)));
        break;
      case 'select':
        values.push(where(greater(pick(node.a), pick(node.b)), pick(node.b), pick(node.c)));
        break;
      case 'masks': {
        // One mask read by two selects (as relu and its gradient do): it stays a bool buffer.
        const mask = lessEqual(pick(node.a), 0);
        values.push(where(mask, 0, pick(node.a)), where(mask, pick(node.b), 0));
        break;
      }
      case 'reduce': {
        // A reduction keeping rank 2, read through a view: breaks chains like matmul would.
        const x = pick(node.a);
        const rows = x.shape.length === 2 ? x.shape[0]! : 1;
        values.push(reshape(sum(reshape(x, [rows, -1]), 1), [rows, 1]));
        break;
      }
    }
  }
  // The last three values and a sum of everything, so that most nodes are live.
  const tail = values.slice(-3);
  return [...tail, values.slice(3).reduce((total, v) => add(total, sum(v)), tensor(0))];
}

const index = fc.nat({ max: 40 });
const node: fc.Arbitrary<Node> = fc.oneof(
  fc.record({ kind: fc.constant('unary' as const), op: fc.nat(), a: index }),
  fc.record({ kind: fc.constant('binary' as const), op: fc.nat(), a: index, b: index }),
  fc.record({ kind: fc.constant('select' as const), a: index, b: index, c: index }),
  fc.record({ kind: fc.constant('reduce' as const), a: index }),
  fc.record({ kind: fc.constant('masks' as const), a: index, b: index }),
);
const values = (n: number) =>
  fc.array(fc.float({ min: -3, max: 3, noNaN: true, noDefaultInfinity: true }), {
    minLength: n,
    maxLength: n,
  });

describe('random elementwise graphs', () => {
  it('compiled (traced, then replayed on new inputs) agrees with eager', () => {
    fc.assert(
      fc.property(
        fc.array(node, { minLength: 1, maxLength: 25 }),
        fc.array(fc.tuple(values(12), values(3), values(4)), { minLength: 2, maxLength: 3 }),
        (nodes, calls) => {
          const f = jit((a: Tensor, b: Tensor, c: Tensor) => evaluate(nodes, [a, b, c]));
          for (const [a, b, c] of calls) {
            const inputs = [tensor(a, [4, 3]), tensor(b, [3]), tensor(c, [4, 1])];
            expectTreesClose(f(inputs[0]!, inputs[1]!, inputs[2]!), evaluate(nodes, inputs), 1e-5);
          }
        },
      ),
      { numRuns: 150, seed: 15 },
    );
  });

  it('their gradients too (valueAndGrad compiled: the backward chains fuse)', () => {
    fc.assert(
      fc.property(
        fc.array(node, { minLength: 1, maxLength: 20 }),
        fc.array(fc.tuple(values(12), values(3), values(4)), { minLength: 2, maxLength: 3 }),
        (nodes, calls) => {
          const loss = (a: Tensor, b: Tensor, c: Tensor) => evaluate(nodes, [a, b, c])[3]!;
          const eager = valueAndGrad(loss, { argnums: [0, 1, 2] });
          const f = jit(eager);
          for (const [a, b, c] of calls) {
            const inputs = [tensor(a, [4, 3]), tensor(b, [3]), tensor(c, [4, 1])] as const;
            expectTreesClose(f(...inputs), eager(...inputs), 1e-4);
          }
        },
      ),
      { numRuns: 100, seed: 17 },
    );
  });

  it('with the first two arguments donated (results written in place) as well', () => {
    fc.assert(
      fc.property(
        fc.array(node, { minLength: 1, maxLength: 25 }),
        fc.array(fc.tuple(values(12), values(3), values(4)), { minLength: 2, maxLength: 3 }),
        (nodes, calls) => {
          const f = jit((a: Tensor, b: Tensor, c: Tensor) => evaluate(nodes, [a, b, c]), {
            donate: [0, 1],
          });
          for (const [a, b, c] of calls) {
            const make = () => [tensor(a, [4, 3]), tensor(b, [3]), tensor(c, [4, 1])];
            const expected = evaluate(nodes, make());
            const inputs = make();
            expectTreesClose(f(inputs[0]!, inputs[1]!, inputs[2]!), expected, 1e-5);
          }
        },
      ),
      { numRuns: 150, seed: 16 },
    );
  });
});
