// Every primitive and composite op on seeded random inputs, checked against the same op
// computed in float64 on the CPU backend (plain TypeScript loops, independent of the float32
// kernels, WebAssembly or device code under test) and rounded once to float32.
import type { Backend } from '../../backend.js';
import { createCpuBackend } from '../../cpu/cpu-backend.js';
import { tensor } from '../../creation.js';
import type { DType } from '../../dtype.js';
import { withBackend } from '../../engine.js';
import { ALL_PRIMITIVES } from '../../primitives.js';
import { scope } from '../../scope.js';
import type { Tensor } from '../../tensor.js';
import type { assertTensorClose } from '../close.js';
import { assertThat, type ConformanceHarness } from './harness.js';
import { randomFamilies } from './random-shape-families.js';
import { ShapeDraws } from './random-shapes.js';
import type { SeededCase } from './seeded-case.js';
import { elementwiseCases } from './seeded-elementwise-cases.js';
import { layoutCases } from './seeded-layout-cases.js';
import { linearAndWindowCases } from './seeded-linear-cases.js';
import { reductionAndStatisticCases } from './seeded-reduction-cases.js';
import { drawIndices, drawValues, seededUniform } from './seeded-values.js';

/** The name the seeded cases are registered under (known-gap lists use it). */
export const SEEDED_SUITE = 'ops on seeded inputs against float64 on the CPU';

/** The name the random-shape families are registered under. */
export const RANDOM_SHAPE_SUITE = 'ops on random shapes against float64 on the CPU';

/** Cases each random-shape test draws and checks. */
const DRAWS_PER_TEST = 8;

/** Every seeded case, in registration order. */
export function seededCases(): SeededCase[] {
  return [
    ...elementwiseCases(),
    ...reductionAndStatisticCases(),
    ...linearAndWindowCases(),
    ...layoutCases(),
  ];
}

interface DrawnInput {
  readonly values: readonly number[];
  readonly shape: readonly number[];
  readonly integer: boolean;
}

function drawInputs(c: SeededCase, seed: number): DrawnInput[] {
  const next = seededUniform(seed);
  return c.inputs.map((spec) => {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    return 'kind' in spec
      ? { values: drawValues(spec.kind, count, next), shape: spec.shape, integer: false }
      : { values: drawIndices(spec.indicesBelow, count, next), shape: spec.shape, integer: true };
  });
}

function outputsOf(result: Tensor | readonly Tensor[]): readonly Tensor[] {
  return Array.isArray(result) ? result : [result as Tensor];
}

interface Expected {
  readonly values: number[];
  readonly shape: readonly number[];
  readonly dtype: DType;
}

let referenceBackend: Backend | undefined;

/** The case in float64 on a one-thread CPU backend, each float output rounded to float32. */
function expectedOutputs(c: SeededCase, drawn: readonly DrawnInput[]): Expected[] {
  referenceBackend ??= createCpuBackend({ threads: 1 });
  return withBackend(referenceBackend, () =>
    scope(() =>
      outputsOf(
        c.run(drawn.map((d) => tensor(d.values, d.shape, d.integer ? 'int32' : 'float64'))),
      ).map((t) => {
        const float = t.dtype === 'float64';
        const values = Array.from(t.dataSync(), (v) => (float ? Math.fround(v) : v));
        return { values, shape: t.shape, dtype: float ? 'float32' : t.dtype };
      }),
    ),
  );
}

function checkCase(c: SeededCase, seed: number, assertClose: typeof assertTensorClose): void {
  const drawn = drawInputs(c, seed);
  const expected = expectedOutputs(c, drawn);
  scope(() => {
    const outputs = outputsOf(
      c.run(drawn.map((d) => tensor(d.values, d.shape, d.integer ? 'int32' : 'float32'))),
    );
    assertThat(
      outputs.length === expected.length,
      `gives ${outputs.length} outputs, the reference ${expected.length}`,
    );
    outputs.forEach((t, i) => {
      const want = expected[i]!;
      try {
        assertClose(t, want.values, { shape: want.shape, dtype: want.dtype, ...c.tolerance });
      } catch (error) {
        throw new Error(`output ${i} (seed ${seed}): ${(error as Error).message}`);
      }
    });
  });
}

/**
 * Registers one test per seeded case and a few per random-shape family (each drawing and
 * checking several cases), except those named in `gaps`, plus a test that the seeded cases
 * cover every primitive.
 */
export function seededReferenceTests(
  harness: ConformanceHarness,
  backend: Backend,
  assertClose: typeof assertTensorClose,
  gaps: ReadonlySet<string>,
): void {
  if (!backend.dtypes.includes('float32')) return;
  const cases = seededCases();
  harness.describe(SEEDED_SUITE, () => {
    harness.it('has a case for every primitive, each under a unique name', () => {
      assertThat(new Set(cases.map((c) => c.name)).size === cases.length, 'repeats a name');
      // A case is named after the op it runs first.
      const named = new Set(cases.map((c) => /^\w+/.exec(c.name)?.[0]));
      const missing = ALL_PRIMITIVES.filter((p) => !named.has(p));
      assertThat(missing.length === 0, `has no case for ${missing.join(', ')}`);
    });
    cases.forEach((c, index) => {
      if (gaps.has(`${SEEDED_SUITE} ${c.name}`)) return;
      // One fixed seed per case: reruns see the same values.
      const seed = 0x5eed + index;
      harness.it(c.name, () => withBackend(backend, () => checkCase(c, seed, assertClose)));
    });
  });
  harness.describe(RANDOM_SHAPE_SUITE, () => {
    randomFamilies().forEach((family, f) => {
      for (let k = 0; k < family.tests; k++) {
        const name = `${family.name} #${k + 1}`;
        if (gaps.has(`${RANDOM_SHAPE_SUITE} ${name}`)) continue;
        const seed = 0x5a3e0000 + f * 256 + k;
        harness.it(name, () =>
          withBackend(backend, () => {
            // Shapes and values both follow from the test's seed.
            const draws = new ShapeDraws(seededUniform(seed));
            for (let i = 0; i < DRAWS_PER_TEST; i++) {
              const c = family.draw(draws);
              try {
                checkCase(c, seed + i, assertClose);
              } catch (error) {
                throw new Error(`${c.name}: ${(error as Error).message}`);
              }
            }
          }),
        );
      }
    });
  });
}
