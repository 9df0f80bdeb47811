import type { Backend } from '../../backend.js';
import { createCpuBackend } from '../../cpu/cpu-backend.js';
import { tensor } from '../../creation.js';
import { donate } from '../../donation.js';
import { withBackend } from '../../engine.js';
import { composeElementwise } from '../../fused/compose-elementwise.js';
import type { ElementwiseExpression as E } from '../../fused/expression-tree.js';
import { fusedElementwise } from '../../fused/fused-elementwise.js';
import { fusedElementwiseOutputs } from '../../fused/fused-elementwise-outputs.js';
import { add, mul } from '../../ops/binary.js';
import { scope } from '../../scope.js';
import type { assertTensorClose } from '../close.js';
import { assertThat, type ConformanceHarness } from './harness.js';

/** The name the capability tests are registered under. */
export const CAPABILITY_SUITE = 'backend capabilities';

const x: E = { op: 'input', index: 0 };
const y: E = { op: 'input', index: 1 };
const z: E = { op: 'input', index: 2 };
const c = (value: number): E => ({ op: 'constant', value });

/** Trees that touch every kind of node: arithmetic, transcendental, comparisons, where. */
const TREES: Readonly<Record<string, E>> = {
  'x * y + z': { op: 'add', a: { op: 'mul', a: x, b: y }, b: z },
  'gelu (erf)': {
    op: 'mul',
    a: { op: 'mul', a: x, b: c(0.5) },
    b: { op: 'add', a: { op: 'erf', x: { op: 'mul', a: x, b: c(Math.SQRT1_2) } }, b: c(1) },
  },
  'where(x > y, exp(-|x|), tanh(z))': {
    op: 'where',
    condition: { op: 'greater', a: x, b: y },
    a: { op: 'exp', x: { op: 'neg', x: { op: 'abs', x } } },
    b: { op: 'tanh', x: z },
  },
  'logicalOr(isNaN(x), y <= 0) / sqrt(z * z + 1)': {
    op: 'div',
    a: { op: 'logicalOr', a: { op: 'isNaN', x }, b: { op: 'lessEqual', a: y, b: c(0) } },
    b: { op: 'sqrt', x: { op: 'add', a: { op: 'mul', a: z, b: z }, b: c(1) } },
  },
};

// Inputs broadcast three ways: full, a row, a scalar.
const X = { values: [-2, -0.5, 0, 0.5, 1.5, 3], shape: [2, 3] };
const Y = { values: [0.25, -1, 2], shape: [3] };
const Z = { values: [0.75], shape: [] };

/** Runs `fn` on the plain CPU backend, without any capability: the composed reference. */
function reference<R>(fn: () => R): R {
  const cpu = createCpuBackend();
  return withBackend({ ...cpu, capabilities: {} }, () => scope(fn));
}

/**
 * Registers the checks of the optional capabilities (fused trees, one or several) and of
 * donation: each result must match the composed ops on the CPU reference backend, whether
 * the backend implements the capability or falls back to composing.
 */
export function capabilityTests(
  harness: ConformanceHarness,
  backend: Backend,
  assertClose: typeof assertTensorClose,
  gaps: ReadonlySet<string>,
): void {
  const test = (name: string, body: () => void) => {
    if (!gaps.has(`${CAPABILITY_SUITE} ${name}`))
      harness.it(name, () => withBackend(backend, () => scope(body)));
  };
  harness.describe(CAPABILITY_SUITE, () => {
    for (const [name, tree] of Object.entries(TREES)) {
      test(`fusedElementwise ${name} matches the composed ops`, () => {
        const expected = reference(() =>
          Array.from(
            composeElementwise(
              tree,
              [X, Y, Z].map((t) => tensor(t.values, t.shape)),
            ).dataSync(),
          ),
        );
        const inputs = [X, Y, Z].map((t) => tensor(t.values, t.shape));
        assertClose(fusedElementwise(tree, inputs), expected, { shape: [2, 3] });
      });
    }

    test('fusedElementwiseOutputs gives each tree’s composed values, into a donated input', () => {
      const trees = Object.values(TREES);
      const expected = reference(() =>
        trees.map((tree) =>
          Array.from(
            composeElementwise(
              tree,
              [X, Y, Z].map((t) => tensor(t.values, t.shape)),
            ).dataSync(),
          ),
        ),
      );
      const inputs = [X, Y, Z].map((t) => tensor(t.values, t.shape));
      // The first result may overwrite input 0, which the other trees still read.
      const results = fusedElementwiseOutputs(trees, [donate(inputs[0]!), ...inputs.slice(1)], {
        into: [0],
      });
      for (const [k, result] of results.entries()) {
        assertClose(result, expected[k]!, { shape: [2, 3] });
      }
      assertThat(inputs[0]!.isDisposed, 'disposes the donated tensor');
    });

    test('a donated elementwise input gives the same values and is disposed', () => {
      const a = tensor(X.values, X.shape);
      const b = tensor(X.values, X.shape);
      const kept = tensor(Y.values, Y.shape);
      const sum = add(donate(a), kept);
      const product = mul(b, 2);
      assertThat(a.isDisposed, 'disposes the donated tensor');
      assertClose(
        sum,
        X.values.map((value, i) => value + Y.values[i % 3]!),
        { shape: X.shape },
      );
      assertClose(
        product,
        X.values.map((value) => value * 2),
        { shape: X.shape },
      );
      assertClose(b, X.values, { shape: X.shape });
    });
  });
}
