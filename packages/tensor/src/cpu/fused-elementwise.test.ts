import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.js';
import { tensor } from '../creation.js';
import type { DType } from '../dtype.js';
import { withBackend } from '../engine.js';
import { composeElementwise } from '../fused/compose-elementwise.js';
import type { ElementwiseExpression as E } from '../fused/elementwise-expression.js';
import { fusedElementwise } from '../fused/fused-elementwise.js';
import { gelu, softplus } from '../ops/activation.js';
import { BINARY_PRIMITIVES, UNARY_PRIMITIVES } from '../primitives.js';
import { scope } from '../scope.js';
import { shapeSize } from '../shape.js';
import { assertTensorClose } from '../testing/index.js';
import { createCpuBackend } from './cpu-backend.js';
import {
  createCpuFusedElementwise,
  type FusedLoopStrategy,
  singleOutput,
} from './fused-elementwise.js';
import { generateLoop, interpretLoop, loopKey } from './fused-loop.js';

/** The same CPU backend without the capability: every tree runs as one tensor op per node. */
function composingBackend(): Backend {
  const { capabilities, ...rest } = createCpuBackend();
  return { ...rest, capabilities: { ...capabilities, fusedElementwise: undefined } };
}

/** A small deterministic generator (mulberry32), so a failure names a reproducible seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomTree(next: () => number, inputs: number, depth: number): E {
  const r = next();
  if (depth === 0 || r < 0.2) {
    return r < 0.12
      ? { op: 'input', index: Math.floor(next() * inputs) }
      : { op: 'constant', value: Math.round((next() * 6 - 3) * 8) / 8 };
  }
  if (r < 0.5) {
    const op = UNARY_PRIMITIVES[Math.floor(next() * UNARY_PRIMITIVES.length)]!;
    return { op, x: randomTree(next, inputs, depth - 1) };
  }
  if (r < 0.9) {
    const op = BINARY_PRIMITIVES[Math.floor(next() * BINARY_PRIMITIVES.length)]!;
    return { op, a: randomTree(next, inputs, depth - 1), b: randomTree(next, inputs, depth - 1) };
  }
  return {
    op: 'where',
    condition: randomTree(next, inputs, depth - 1),
    a: randomTree(next, inputs, depth - 1),
    b: randomTree(next, inputs, depth - 1),
  };
}

const SPECIAL = [0, -0, 1, -1, 0.5, -2.5, 3, Number.NaN, Number.POSITIVE_INFINITY, -Infinity];

/** Values of `shape`: special values first, then random ones in [-4, 4). */
function values(next: () => number, shape: readonly number[]): number[] {
  return Array.from({ length: shapeSize(shape) }, (_, i) =>
    i < SPECIAL.length && next() < 0.5 ? SPECIAL[i]! : next() * 8 - 4,
  );
}

/** Runs `tree` fused on a CPU backend whose loops use `strategy`, and composed on one without. */
function both(
  tree: E,
  inputs: readonly [number[], number[], DType][],
  strategy: FusedLoopStrategy,
) {
  const fusing = createCpuBackend();
  const kernel = singleOutput(createCpuFusedElementwise(strategy));
  const backend: Backend = {
    ...fusing,
    capabilities: { ...fusing.capabilities, fusedElementwise: kernel },
  };
  const fused = withBackend(backend, () =>
    scope(() =>
      fusedElementwise(
        tree,
        inputs.map(([v, s, d]) => tensor(v, s, d)),
      ).dataSync(),
    ),
  );
  const composed = withBackend(composingBackend(), () =>
    scope(() =>
      composeElementwise(
        tree,
        inputs.map(([v, s, d]) => tensor(v, s, d)),
      ).dataSync(),
    ),
  );
  return { fused, composed };
}

describe.each(['generated', 'interpreted'] as const)('the CPU fused loop (%s)', (strategy) => {
  it('gives the composed ops’ float32 values, bit for bit, on random trees of every op', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const next = random(seed);
      const tree = randomTree(next, 3, 4);
      const shapes = [[2, 3, 4], [4], []] as const;
      const inputs = shapes.map(
        (shape, k) => [values(next, shape), [...shape], k === 1 ? 'int32' : 'float32'] as const,
      ) as [number[], number[], DType][];
      inputs[1]![0] = inputs[1]![0].map(Math.round);
      const { fused, composed } = both(tree, inputs, strategy);
      const mismatch = fused.findIndex(
        (v, i) => !Object.is(v, composed[i]) && !(Number.isNaN(v) && Number.isNaN(composed[i])),
      );
      expect(mismatch, `seed ${seed}: ${JSON.stringify(tree)}`).toBe(-1);
    }
  });

  it('broadcasts a bias row, a per-row column, a scalar and same-shape inputs', () => {
    const next = random(7);
    const tree: E = {
      op: 'add',
      a: { op: 'mul', a: { op: 'input', index: 0 }, b: { op: 'input', index: 1 } },
      b: { op: 'sub', a: { op: 'input', index: 2 }, b: { op: 'input', index: 3 } },
    };
    const { fused, composed } = both(
      tree,
      [
        [values(next, [3, 4]), [3, 4], 'float32'],
        [values(next, [4]), [4], 'float32'],
        [values(next, [3, 1]), [3, 1], 'float32'],
        [[2.5], [], 'float32'],
      ],
      strategy,
    );
    expect(fused).toHaveLength(12);
    assertTensorClose(tensor(fused), composed, { rtol: 0, atol: 0 });
  });

  it('reads bool inputs as 0 and 1 and treats NaN as true in logical ops and where', () => {
    const tree: E = {
      op: 'where',
      condition: { op: 'input', index: 0 },
      a: { op: 'logicalNot', x: { op: 'input', index: 1 } },
      b: { op: 'logicalAnd', a: { op: 'input', index: 1 }, b: { op: 'input', index: 0 } },
    };
    const { fused, composed } = both(
      tree,
      [
        [[1, 0, 1, 0], [4], 'bool'],
        [[Number.NaN, Number.NaN, 0, 2], [4], 'float32'],
      ],
      strategy,
    );
    expect(Array.from(fused)).toEqual([0, 0, 1, 0]);
    expect(Array.from(composed)).toEqual([0, 0, 1, 0]);
  });
});

describe('the CPU backend’s fusedElementwise', () => {
  it('runs gelu and softplus as one kernel: one new buffer, the composed values', () => {
    const backend = createCpuBackend();
    const x = [-3, -1, -0.25, 0, 0.25, 1, 3, 25];
    withBackend(backend, () => {
      const input = tensor(x);
      const before = backend.memory().buffers;
      const g = gelu(input);
      const s = softplus(input, { beta: 2, threshold: 10 });
      expect(backend.memory().buffers).toBe(before + 2);
      const composed = withBackend(composingBackend(), () =>
        scope(() => {
          const y = tensor(x);
          return [gelu(y).dataSync(), softplus(y, { beta: 2, threshold: 10 }).dataSync()];
        }),
      );
      assertTensorClose(g, composed[0]!, { rtol: 0, atol: 0 });
      assertTensorClose(s, composed[1]!, { rtol: 0, atol: 0 });
      for (const t of [input, g, s]) t.dispose();
    });
  });

  it('keys compiled loops by structure: equal trees share one, other constants do not', () => {
    const tree = (c: number): E => ({
      op: 'mul',
      a: { op: 'input', index: 0 },
      b: { op: 'constant', value: c },
    });
    expect(loopKey(tree(2), ['full'])).toBe(loopKey(tree(2), ['full']));
    expect(loopKey(tree(2), ['full'])).not.toBe(loopKey(tree(-0.5), ['full']));
    expect(loopKey(tree(0), ['full'])).not.toBe(loopKey(tree(-0), ['full']));
    expect(loopKey(tree(2), ['full'])).not.toBe(loopKey(tree(2), ['scalar']));
    const kernel = singleOutput(createCpuFusedElementwise('generated'));
    const info = (values: number[]) => ({
      dataId: { values: Float32Array.from(values) },
      shape: [values.length],
      dtype: 'float32' as const,
    });
    const out = { shape: [3], dtype: 'float32' as const };
    for (let k = 0; k < 3; k++) {
      const result = kernel([info([1, 2, 3])], tree(2), out) as { values: Float32Array };
      expect(Array.from(result.values)).toEqual([2, 4, 6]);
    }
    const other = kernel([info([1, 2, 3])], tree(-0.5), out) as { values: Float32Array };
    expect(Array.from(other.values)).toEqual([-0.5, -1, -1.5]);
  });

  it('gives the same loop results generated and interpreted for a shared subtree', () => {
    const shared: E = { op: 'exp', x: { op: 'input', index: 0 } };
    const tree: E = {
      op: 'div',
      a: shared,
      b: { op: 'add', a: shared, b: { op: 'constant', value: 1 } },
    };
    const inputs = [Float32Array.from([-2, 0, 2, Number.NaN])];
    const a = new Float32Array(4);
    const b = new Float32Array(4);
    generateLoop([tree], ['full'])(inputs, [a], 4);
    interpretLoop([tree], ['full'])(inputs, [b], 4);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a[1]).toBe(0.5);
  });
});
