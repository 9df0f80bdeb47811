import { grad } from '@gradkit/autograd';
import {
  BackendError,
  type BinaryPrimitive,
  broadcastShapes,
  composeElementwise,
  createCpuBackend,
  type ElementwiseExpression as E,
  gelu,
  softplus,
  sum,
  type Tensor,
  tensor,
  type UnaryPrimitive,
  withBackend,
} from '@gradkit/tensor';
import { closeMismatch } from '@gradkit/tensor/testing';
import { describe, expect, it, vi } from 'vitest';
import { currentBackend } from './testing/current-backend.js';
import { spread } from './testing/inputs.js';

const cpu = createCpuBackend();

const input = (index: number): E => ({ op: 'input', index });
const constant = (value: number): E => ({ op: 'constant', value });
const unary = (op: UnaryPrimitive, x: E): E => ({ op, x });
const binary = (op: BinaryPrimitive, a: E, b: E): E => ({ op, a, b });
const where = (condition: E, a: E, b: E): E => ({ op: 'where', condition, a, b });

const x = input(0);
/** gelu(x) = 0.5 x (1 + erf(x / sqrt 2)), as @gradkit/tensor composes it. */
const GELU = binary(
  'mul',
  binary('mul', x, constant(0.5)),
  binary('add', unary('erf', binary('mul', x, constant(Math.SQRT1_2))), constant(1)),
);
/** softplus(x) = relu(x) + log1p(exp(-|x|)), linear above 20. */
const SOFTPLUS = where(
  binary('greater', x, constant(20)),
  x,
  binary(
    'add',
    where(binary('lessEqual', x, constant(0)), constant(0), x),
    unary('log1p', unary('exp', binary('mul', unary('abs', x), constant(-1)))),
  ),
);

interface Case {
  readonly name: string;
  readonly expression: E;
  readonly inputs: () => Tensor[];
}

const CASES: readonly Case[] = [
  { name: 'gelu', expression: GELU, inputs: () => [spread([4, 33], 1, -4, 4)] },
  {
    name: 'softplus, with where and comparisons',
    expression: SOFTPLUS,
    inputs: () => [tensor([-30, -2, -0.5, 0, 0.5, 3, 19.5, 25, Number.NaN], [9], 'float32')],
  },
  {
    name: '(a - b)^2 * c + a, broadcast over three shapes',
    expression: binary(
      'add',
      binary('mul', binary('pow', binary('sub', input(0), input(1)), constant(2)), input(2)),
      input(0),
    ),
    inputs: () => [spread([2, 3, 4], 1), spread([3, 1], 2), spread([4], 3)],
  },
  {
    name: 'two erfs and two pows: each op keeps its own locals',
    expression: binary(
      'add',
      binary('pow', unary('erf', input(0)), constant(3)),
      binary('pow', unary('erf', binary('mul', input(1), constant(2))), constant(-2)),
    ),
    inputs: () => [spread([5, 6], 1), spread([6], 2, 0.2, 1.5)],
  },
  {
    name: 'logical ops, isNaN, isFinite and a scalar input',
    expression: where(
      binary(
        'logicalAnd',
        unary('isFinite', input(0)),
        binary('logicalOr', binary('greater', input(0), input(1)), unary('isNaN', input(0))),
      ),
      binary('maximum', input(0), input(1)),
      unary('round', binary('mul', input(0), constant(3))),
    ),
    inputs: () => [
      tensor([-1.25, 0.5, 2.5, Number.POSITIVE_INFINITY, Number.NaN, -0.75], [6], 'float32'),
      tensor(0.25, [], 'float32'),
    ],
  },
  {
    name: 'int32 and bool inputs read as floats; non-finite constants',
    expression: where(
      input(1),
      binary('div', input(0), constant(Number.POSITIVE_INFINITY)),
      binary('minimum', input(0), constant(Number.NaN)),
    ),
    inputs: () => [tensor([3, -7, 0, 12], [4], 'int32'), tensor([1, 0, 1, 0], [4], 'bool')],
  },
];

const infoOf = (t: Tensor) => ({ dataId: t.buffer.dataId, shape: t.shape, dtype: t.dtype });

/** Runs the capability on tensors of the current backend and reads the result. */
async function fused(expression: E, inputs: readonly Tensor[]): Promise<Float32Array> {
  const backend = currentBackend();
  const shape = broadcastShapes(
    'test',
    inputs.map((t) => t.shape),
    inputs.map(String),
  );
  const size = shape.reduce((a, b) => a * b, 1);
  const id = backend.capabilities.fusedElementwise(inputs.map(infoOf), expression, {
    shape,
    dtype: 'float32',
  });
  try {
    return (await backend.read(id, 'float32', size)) as Float32Array;
  } finally {
    backend.free(id);
  }
}

/** The composed reference on the CPU backend, from the same host values. */
function reference(expression: E, inputs: readonly Tensor[]): Float32Array {
  const host = inputs.map((t) => ({ values: t.dataSync(), shape: t.shape, dtype: t.dtype }));
  return withBackend(cpu, () => {
    const onCpu = host.map((h) => tensor(h.values, h.shape, h.dtype));
    const out = composeElementwise(expression, onCpu);
    const values = out.dataSync() as Float32Array;
    for (const t of [...onCpu, out]) t.dispose();
    return values;
  });
}

describe('the fusedElementwise capability', () => {
  it('is offered', () => {
    expect(currentBackend().capabilities.fusedElementwise).toBeTypeOf('function');
  });

  it.each(CASES)('matches the composed ops on the CPU backend: $name', async (testCase) => {
    const inputs = testCase.inputs();
    const expected = reference(testCase.expression, inputs);
    const got = await fused(testCase.expression, inputs);
    expect(closeMismatch(got, expected, { rtol: 1e-5, atol: 1e-6 })).toBeUndefined();
    for (const t of inputs) t.dispose();
  });

  it("computes @gradkit/tensor's gelu in one kernel, into one buffer", async () => {
    const values = spread([1000], 4, -5, 5);
    const expected = withBackend(cpu, () => {
      const onCpu = tensor(values.dataSync(), [1000], 'float32');
      return gelu(onCpu).dataSync();
    });
    const before = currentBackend().memory().buffers;
    const compiled = currentBackend().compiledKernels();
    const got = await fused(GELU, [values]);
    // 1 + erf(x / sqrt 2) cancels for x << 0: GL's exp (inside erf) is off by ~1e-7, which
    // leaves ~1e-6 absolute in gelu near x = -4, composed or fused.
    expect(closeMismatch(got, expected, { rtol: 1e-5, atol: 1e-5 })).toBeUndefined();
    expect(currentBackend().memory().buffers).toBe(before);
    expect(currentBackend().compiledKernels()).toBeLessThanOrEqual(compiled + 1);
    values.dispose();
  });

  it('compiles once per tree structure: constants are an argument, not literals', async () => {
    const scaled = (slope: number) =>
      where(binary('greater', x, constant(0)), x, binary('mul', x, constant(slope)));
    const values = spread([7], 5);
    await fused(scaled(0.01), [values]);
    const compiled = currentBackend().compiledKernels();
    for (const slope of [0.1, 0.2, 0.3]) {
      const got = await fused(scaled(slope), [values]);
      expect(
        closeMismatch(got, reference(scaled(slope), [values]), { rtol: 1e-6, atol: 0 }),
      ).toBeUndefined();
    }
    expect(currentBackend().compiledKernels()).toBe(compiled);
    values.dispose();
  });

  it('gives an empty buffer for an empty output', async () => {
    const empty = tensor([], [0, 3], 'float32');
    expect(await fused(GELU, [empty])).toHaveLength(0);
    empty.dispose();
  });

  it('rejects what one kernel cannot run, naming the problem', () => {
    const t = spread([2], 1);
    const info = infoOf(t);
    const { fusedElementwise } = currentBackend().capabilities;
    const out = { shape: [2], dtype: 'float32' } as const;
    expect(() => fusedElementwise([info], input(1), out)).toThrow(BackendError);
    expect(() => fusedElementwise([info], input(1), out)).toThrow(/reads input 1 of 1/);
    expect(() => fusedElementwise([info], x, { shape: [2], dtype: 'int32' })).toThrow(
      /must be float32/,
    );
    expect(() => fusedElementwise(Array(7).fill(info), x, out)).toThrow(/at most 6/);
    let deep: E = x;
    for (let i = 0; i < 40; i++) deep = binary('add', deep, constant(i));
    expect(() => fusedElementwise([info], deep, out)).toThrow(/at most 64/);
    t.dispose();
  });
});

describe('@gradkit/tensor on this backend', () => {
  const ACTIVATIONS: readonly [string, (x: Tensor) => Tensor][] = [
    ['gelu', (x) => gelu(x)],
    ["gelu approximate: 'tanh'", (x) => gelu(x, { approximate: 'tanh' })],
    ['softplus', (x) => softplus(x)],
    ['softplus beta 2, threshold 5', (x) => softplus(x, { beta: 2, threshold: 5 })],
  ];

  it.each(ACTIVATIONS)(
    '%s dispatches one fused kernel and matches the CPU backend',
    async (_, f) => {
      const backend = currentBackend();
      const values = spread([3, 333], 6, -8, 8);
      const expected = withBackend(cpu, () => {
        const onCpu = tensor(values.dataSync(), values.shape, 'float32');
        const out = f(onCpu).dataSync();
        onCpu.dispose();
        return out;
      });
      const spy = vi.spyOn(backend.capabilities, 'fusedElementwise');
      try {
        f(values).dispose(); // compiles
        const buffers = backend.memory().buffers;
        const compiled = backend.compiledKernels();
        spy.mockClear();
        const out = f(values);
        expect(spy).toHaveBeenCalledTimes(1);
        // One launch into one buffer: no intermediates, nothing compiled anew.
        expect(backend.memory().buffers).toBe(buffers + 1);
        expect(backend.compiledKernels()).toBe(compiled);
        expect(out.dtype).toBe('float32');
        // erf and exp differ from the CPU backend's by a few float32 ulps (see above).
        expect(
          closeMismatch(await out.data(), expected, { rtol: 1e-5, atol: 1e-5 }),
        ).toBeUndefined();
        out.dispose();
      } finally {
        spy.mockRestore();
        values.dispose();
      }
    },
  );

  it('composes under autograd, so gradients of gelu and softplus still match the CPU backend', async () => {
    const backend = currentBackend();
    const values = spread([64], 7, -4, 4);
    const loss = (x: Tensor) => sum(softplus(gelu(x)));
    const expected = withBackend(cpu, () => {
      const onCpu = tensor(values.dataSync(), values.shape, 'float32');
      const g = grad(loss)(onCpu);
      const out = g.dataSync();
      onCpu.dispose();
      g.dispose();
      return out;
    });
    const spy = vi.spyOn(backend.capabilities, 'fusedElementwise');
    try {
      const g = grad(loss)(values);
      expect(spy).not.toHaveBeenCalled();
      expect(closeMismatch(await g.data(), expected, { rtol: 1e-4, atol: 1e-5 })).toBeUndefined();
      g.dispose();
    } finally {
      spy.mockRestore();
      values.dispose();
    }
  });
});
