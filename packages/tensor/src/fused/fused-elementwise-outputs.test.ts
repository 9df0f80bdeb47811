import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.js';
import { createCpuBackend } from '../cpu/cpu-backend.js';
import { tensor } from '../creation.js';
import { donate } from '../donation.js';
import { withBackend } from '../engine.js';
import { scope } from '../scope.js';
import { expectDonatedTo, onFreshBackend } from '../testing/donation-checks.js';
import { assertTensorClose } from '../testing/index.js';
import type { ElementwiseExpression as E } from './elementwise-expression.js';
import { fusedElementwise } from './fused-elementwise.js';
import { fusedElementwiseOutputs } from './fused-elementwise-outputs.js';

describe('fusedElementwiseOutputs', () => {
  const input = (index: number): E => ({ op: 'input', index });
  const constant = (value: number): E => ({ op: 'constant', value });
  // A momentum step over [p, m, g]: m' = 0.9 m + g, p' = p - 0.1 m'; and p itself read back.
  const momentum: E = { op: 'add', a: { op: 'mul', a: input(1), b: constant(0.9) }, b: input(2) };
  const param: E = { op: 'sub', a: input(0), b: { op: 'mul', a: momentum, b: constant(0.1) } };
  const values = { p: [0.5, -1, 2, 0.25], m: [0.01, 0.02, -0.03, 0.04], g: [0.1, -0.3, 0.02, 0] };

  /** Each tree on its own, undonated: the reference. */
  function reference(p: number[], m: number[], g: number[]) {
    return scope(() =>
      [param, momentum, input(0)].map((tree) =>
        Array.from(fusedElementwise(tree, [tensor(p), tensor(m), tensor(g)]).dataSync()),
      ),
    );
  }

  it('writes the results into donated inputs that other results still read, allocating nothing', () =>
    onFreshBackend((backend) => {
      const [p, m, g] = [values.p, values.m, values.g].map((x) => tensor(x));
      const expected = reference(values.p, values.m, values.g);
      const before = backend.memory().buffers;
      // The third result reads the old p, which the first overwrites.
      const [p1, m1, old] = fusedElementwiseOutputs(
        [param, momentum, input(0)],
        [donate(p!), donate(m!), g!],
        {
          into: [0, 1],
        },
      );
      expect(backend.memory().buffers).toBe(before + 1);
      assertTensorClose(p1!, expected[0]!);
      assertTensorClose(m1!, expected[1]!);
      assertTensorClose(old!, values.p);
      expectDonatedTo(p!, 'fusedElementwiseOutputs');
      expectDonatedTo(m!, 'fusedElementwiseOutputs');
      assertTensorClose(g!, values.g);
    }));

  it('does the same in place over large arrays (the threaded SIMD pass) on 1 and 2 threads', () => {
    const size = (1 << 17) + 3;
    const wave = (k: number) => Array.from({ length: size }, (_, i) => Math.sin(i * k) * 2);
    const [pv, mv, gv] = [wave(1), wave(2), wave(3)];
    const expected = withBackend(createCpuBackend({ threads: 1 }), () =>
      scope(() =>
        [param, momentum].map((tree) => {
          const inputs = [tensor(pv), tensor(mv), tensor(gv)];
          return fusedElementwise(tree, inputs).dataSync().slice();
        }),
      ),
    );
    for (const threads of [1, 2]) {
      const backend = createCpuBackend({ threads });
      withBackend(backend, () => {
        const [p, m, g] = [pv, mv, gv].map((x) => tensor(x));
        const before = backend.memory().buffers;
        const [p1, m1] = fusedElementwiseOutputs([param, momentum], [donate(p!), donate(m!), g!], {
          into: [0, 1],
        });
        expect(backend.memory().buffers).toBe(before);
        // Bit for bit: every element is the same float32 arithmetic however it is split.
        expect(p1!.dataSync()).toEqual(expected[0]);
        expect(m1!.dataSync()).toEqual(expected[1]);
        for (const t of [p1!, m1!, g!]) t.dispose();
      });
    }
  });

  it('leaves undonated inputs as they were', () => {
    const [p, m, g] = [values.p, values.m, values.g].map((x) => tensor(x));
    const expected = reference(values.p, values.m, values.g);
    const [p1, m1] = fusedElementwiseOutputs([param, momentum], [p!, m!, g!], { into: [0, 1] });
    assertTensorClose(p1!, expected[0]!);
    assertTensorClose(m1!, expected[1]!);
    assertTensorClose(p!, values.p);
    assertTensorClose(m!, values.m);
  });

  it('runs one fused tree per result on a backend without the capability, with the same values', () => {
    const cpu = createCpuBackend();
    const plain: Backend = {
      ...cpu,
      capabilities: { ...cpu.capabilities, fusedElementwiseOutputs: undefined },
    };
    const expected = reference(values.p, values.m, values.g);
    withBackend(plain, () => {
      const [p, m, g] = [values.p, values.m, values.g].map((x) => tensor(x));
      const [p1, m1, old] = fusedElementwiseOutputs(
        [param, momentum, input(0)],
        [donate(p!), m!, g!],
        {
          into: [0],
        },
      );
      assertTensorClose(p1!, expected[0]!);
      assertTensorClose(m1!, expected[1]!);
      assertTensorClose(old!, values.p);
      expect(p!.isDisposed).toBe(true);
      expect(m!.isDisposed).toBe(false);
    });
  });

  it('rejects bad targets and shapes before anything is donated', () => {
    const [p, m, g] = [values.p, values.m, values.g].map((x) => tensor(x));
    const call = (into: (number | undefined)[], inputs = [donate(p!), m!, g!]) =>
      fusedElementwiseOutputs([param, momentum], inputs, { into });
    expect(() => call([0, 3])).toThrow(
      "fusedElementwiseOutputs: argument 'into' names input 3 for output 1, but 3 inputs were given",
    );
    expect(() => call([0, 0])).toThrow('names input 0 for two outputs');
    expect(() => call([0], [donate(p!), tensor([1, 2, 3]), g!])).toThrow(/shape/);
    expect(() => fusedElementwiseOutputs([], [p!])).toThrow(
      "fusedElementwiseOutputs: argument 'expressions' must be a non-empty array of trees",
    );
    expect(p!.isDisposed).toBe(false);
  });
});
