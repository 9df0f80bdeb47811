// Every op against reference values computed by NumPy and PyTorch (fixtures/ops.json,
// written by scripts/generate_fixtures.py; see that script's header for how to regenerate
// it), on the backend under test.
import type { Backend } from '../../backend.js';
import type { DType } from '../../dtype.js';
import { withBackend } from '../../engine.js';
import { scope } from '../../scope.js';
import type { Tensor } from '../../tensor.js';
import type { assertTensorClose } from '../close.js';
import {
  decodeValues,
  fixtureCases,
  type OpCase,
  type TensorFixture,
  toTensor,
} from './fixture-format.js';
import { dtypeParam } from './fixture-params.js';
import { RUNNERS } from './fixture-runners.js';
import { assertThat, type ConformanceHarness } from './harness.js';

// ---------------------------------------------------------------------------------------
// Tolerances
// ---------------------------------------------------------------------------------------

/**
 * Per-op float32 tolerances that differ from assertTensorClose's defaults (rtol 1e-5,
 * atol 1e-6): none. The reference is the float64 result rounded once to float32, and the
 * sums of products (matmul, dot, conv2d and its gradients) are the ops whose float32
 * accumulation order genuinely differs between backends; with the fixtures' small shapes
 * (at most 27 terms) the CPU backend's worst such error is 16% of the default budget, so
 * they need no loosening. A backend that needs it adds the op here with the reason.
 */
const FLOAT32_TOLERANCES: Readonly<Record<string, { rtol: number; atol: number }>> = {};

// ---------------------------------------------------------------------------------------
// The cases
// ---------------------------------------------------------------------------------------

function expectedList(c: OpCase): readonly TensorFixture[] {
  return Array.isArray(c.expected) ? c.expected : [c.expected as TensorFixture];
}

function dtypesOf(c: OpCase): DType[] {
  const dtypes = [...c.inputs, ...expectedList(c)].map((t) => t.dtype);
  const requested = dtypeParam(c.params);
  return requested === undefined ? dtypes : [...dtypes, requested];
}

/** The name every fixture test is registered under (known-gap lists use it). */
export const REFERENCE_SUITE = 'ops against NumPy / PyTorch reference fixtures';

function check(
  assertClose: typeof assertTensorClose,
  actual: Tensor,
  expected: TensorFixture,
  op: string,
  label: string,
): void {
  const tolerance = expected.dtype === 'float32' ? FLOAT32_TOLERANCES[op] : undefined;
  try {
    assertClose(actual, decodeValues(expected.values), {
      shape: expected.shape,
      dtype: expected.dtype,
      ...tolerance,
    });
  } catch (error) {
    throw new Error(`${label}: ${(error as Error).message}`);
  }
}

function runCase(assertClose: typeof assertTensorClose, c: OpCase): void {
  const runner = RUNNERS[c.op];
  if (runner === undefined) throw new Error(`no runner for op ${c.op}`);
  scope(() => {
    const result = runner(c.inputs.map(toTensor), c.params);
    const expected = expectedList(c);
    const outputs = Array.isArray(result) ? result : [result];
    assertThat(
      Array.isArray(result) === Array.isArray(c.expected),
      'returns a list exactly when the fixture expects one',
    );
    assertThat(
      outputs.length === expected.length,
      `gives ${outputs.length} outputs, the fixture ${expected.length}`,
    );
    outputs.forEach((t, i) => {
      check(assertClose, t, expected[i]!, c.op, `output ${i}`);
    });
  });
}

/**
 * Registers one test per fixture case the backend can run (it stores every dtype the case
 * involves), except those named in `gaps`, plus a test that the runners cover the fixtures.
 */
export function referenceFixtureTests(
  harness: ConformanceHarness,
  backend: Backend,
  assertClose: typeof assertTensorClose,
  gaps: ReadonlySet<string>,
): void {
  const applicable = fixtureCases.filter((c) =>
    dtypesOf(c).every((d) => backend.dtypes.includes(d)),
  );
  harness.describe(REFERENCE_SUITE, () => {
    harness.it(
      'has a runner for every op in the fixtures and float32 cases for this backend',
      () => {
        const missing = [...new Set(fixtureCases.map((c) => c.op))].filter(
          (op) => RUNNERS[op] === undefined,
        );
        assertThat(missing.length === 0, `has no runner for ${missing.join(', ')}`);
        assertThat(
          new Set(fixtureCases.map((c) => c.name)).size === fixtureCases.length,
          'has unique case names',
        );
        const float32 = applicable.filter((c) => {
          const dtypes = dtypesOf(c);
          return dtypes.includes('float32') && !dtypes.includes('float64');
        });
        assertThat(float32.length > 300, `has only ${float32.length} float32 cases`);
      },
    );
    for (const c of applicable) {
      if (gaps.has(`${REFERENCE_SUITE} ${c.name}`)) continue;
      harness.it(c.name, () => withBackend(backend, () => runCase(assertClose, c)));
    }
  });
}
