import { describe, expect, it } from 'vitest';
import type { Backend, OutputInfo, TensorInfo } from '../backend.js';
import { createCpuBackend } from '../cpu/cpu-backend.js';
import { tensor } from '../creation.js';
import { getBackend, withBackend } from '../engine.js';
import {
  BackendError,
  DisposedError,
  IndexError,
  ShapeError,
  type TensorError,
  ValueError,
} from '../errors.js';
import { withPrimitiveObserver } from '../observer.js';
import { gelu, softplus } from '../ops/activation.js';
import type { BinaryPrimitive, Primitive, UnaryPrimitive } from '../primitives.js';
import { scope } from '../scope.js';
import { shapeSize } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertTensorClose } from '../testing/index.js';
import { composeElementwise } from './compose-elementwise.js';
import type { ElementwiseExpression as E } from './elementwise-expression.js';
import { fusedElementwise } from './fused-elementwise.js';

const input = (index: number): E => ({ op: 'input', index });
const constant = (value: number): E => ({ op: 'constant', value });
const unary = (op: UnaryPrimitive, x: E): E => ({ op, x });
const binary = (op: BinaryPrimitive, a: E, b: E): E => ({ op, a, b });
const where = (condition: E, a: E, b: E): E => ({ op: 'where', condition, a, b });

/** (a - b)^2 * 0.5 + exp(-|a|), or 0 where a is NaN or b > 1. */
const TREE = where(
  binary('logicalOr', unary('isNaN', input(0)), binary('greater', input(1), constant(1))),
  constant(0),
  binary(
    'add',
    binary('mul', binary('pow', binary('sub', input(0), input(1)), constant(2)), constant(0.5)),
    unary('exp', unary('neg', unary('abs', input(0)))),
  ),
);

interface Call {
  readonly inputs: readonly TensorInfo[];
  readonly expression: E;
  readonly output: OutputInfo;
}

/**
 * A CPU backend with a `fusedElementwise` capability that records each call and answers
 * from the composed ops on the plain CPU backend underneath (so only the wiring differs).
 */
function fusingBackend(limits?: { maxInputs: number; maxNodes: number }) {
  const inner = createCpuBackend();
  const calls: Call[] = [];
  const backend: Backend = {
    ...inner,
    name: 'cpu-with-fusion',
    capabilities: {
      ...inner.capabilities,
      fusedElementwise: (inputs, expression, output) => {
        calls.push({ inputs, expression, output });
        const values = withBackend(inner, () =>
          scope(() => {
            const copies = inputs.map((info) =>
              tensor(
                inner.readSync(info.dataId, info.dtype, shapeSize(info.shape)),
                info.shape,
                info.dtype,
              ),
            );
            return composeElementwise(expression, copies).dataSync();
          }),
        );
        return inner.write(values, output.shape, output.dtype);
      },
      ...(limits === undefined ? {} : { fusedElementwiseLimits: limits }),
    },
  };
  return { backend, calls };
}

/** The same values made on `backend`. */
function on(
  backend: Backend,
  ...values: readonly (readonly [number[], number[], 'float32' | 'float64' | 'int32' | 'bool'])[]
) {
  return withBackend(backend, () => values.map(([v, s, d]) => tensor(v, s, d)));
}

const A: [number[], number[], 'float32'] = [
  [-2, -0.5, 0, 0.75, 1.5, Number.NaN],
  [2, 3],
  'float32',
];
const B: [number[], number[], 'float32'] = [[0.25, 1.5, -1], [3], 'float32'];

/** The composed result on a plain CPU backend. */
function reference(
  expression: E,
  ...values: Parameters<typeof on>[1][]
): Float32Array | Float64Array {
  const cpu = createCpuBackend();
  return withBackend(cpu, () =>
    scope(() => composeElementwise(expression, on(cpu, ...values)).dataSync()),
  ) as Float32Array;
}

describe('fusedElementwise', () => {
  it('runs the capability for float32 results and gives what the composed ops give', () => {
    const { backend, calls } = fusingBackend();
    const [a, b] = on(backend, A, B);
    const before = backend.memory().buffers;
    const out = fusedElementwise(TREE, [a!, b!]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.expression).toBe(TREE);
    expect(calls[0]!.inputs.map((i) => i.shape)).toEqual([[2, 3], [3]]);
    expect(calls[0]!.output).toEqual({ shape: [2, 3], dtype: 'float32' });
    expect(out.backend).toBe(backend);
    expect(out.dtype).toBe('float32');
    // One new buffer: the result.
    expect(backend.memory().buffers).toBe(before + 1);
    assertTensorClose(out, reference(TREE, A, B), { shape: [2, 3], rtol: 0, atol: 0 });
    for (const t of [a!, b!, out]) t.dispose();
  });

  it('passes int32 and bool inputs as they are: the kernel reads them as floats', () => {
    const { backend, calls } = fusingBackend();
    const ints: Parameters<typeof on>[1] = [[3, -7, 0, 12], [4], 'int32'];
    const flags: Parameters<typeof on>[1] = [[1, 0, 1, 0], [4], 'bool'];
    const tree = where(input(1), binary('div', input(0), constant(4)), unary('neg', input(0)));
    const [i, f] = on(backend, ints, flags);
    const out = fusedElementwise(tree, [i!, f!]);
    expect(calls.map((c) => c.inputs.map((x) => x.dtype))).toEqual([['int32', 'bool']]);
    assertTensorClose(out, reference(tree, ints, flags), { dtype: 'float32', rtol: 0, atol: 0 });
    for (const t of [i!, f!, out]) t.dispose();
  });

  it('composes a float64 result: the capability computes in float32 only', () => {
    const { backend, calls } = fusingBackend();
    const wide: Parameters<typeof on>[1] = [[0.1, 0.2, 0.3], [3], 'float64'];
    const [w, b] = on(backend, wide, B);
    const out = fusedElementwise(TREE, [w!, b!]);
    expect(calls).toHaveLength(0);
    assertTensorClose(out, reference(TREE, wide, B), { dtype: 'float64', rtol: 0, atol: 0 });
    for (const t of [w!, b!, out]) t.dispose();
  });

  it('composes while a primitive observer (an autograd tape) is recording, so it sees every op', () => {
    const { backend, calls } = fusingBackend();
    const [a, b] = on(backend, A, B);
    const seen: Primitive[] = [];
    const out = withPrimitiveObserver({ onPrimitive: (p: Primitive) => void seen.push(p) }, () =>
      fusedElementwise(TREE, [a!, b!]),
    );
    expect(calls).toHaveLength(0);
    expect(seen).toEqual(expect.arrayContaining(['sub', 'pow', 'exp', 'isNaN', 'where']));
    assertTensorClose(out, reference(TREE, A, B), { rtol: 0, atol: 0 });
    for (const t of [a!, b!, out]) t.dispose();
  });

  it("composes trees beyond the capability's limits", () => {
    const { backend, calls } = fusingBackend({ maxInputs: 1, maxNodes: 8 });
    const [a, b] = on(backend, A, B);
    const small = binary('mul', input(0), constant(2));
    let deep: E = input(0);
    for (let k = 0; k < 4; k++) deep = binary('add', deep, constant(k)); // 9 nodes
    const tooManyInputs = fusedElementwise(TREE, [a!, b!]);
    const tooManyNodes = fusedElementwise(deep, [a!]);
    expect(calls).toHaveLength(0);
    const within = fusedElementwise(small, [a!]);
    expect(calls.map((c) => c.expression)).toEqual([small]);
    assertTensorClose(tooManyInputs, reference(TREE, A, B), { rtol: 0, atol: 0 });
    assertTensorClose(tooManyNodes, reference(deep, A), { rtol: 0, atol: 0 });
    assertTensorClose(within, reference(small, A), { rtol: 0, atol: 0 });
    for (const t of [a!, b!, tooManyInputs, tooManyNodes, within]) t.dispose();
  });

  it('composes on a backend without the capability', () => {
    const cpu = createCpuBackend();
    const [a, b] = on(cpu, A, B);
    const out = fusedElementwise(TREE, [a!, b!]);
    expect(out.backend).toBe(cpu);
    assertTensorClose(out, reference(TREE, A, B), { rtol: 0, atol: 0 });
    for (const t of [a!, b!, out]) t.dispose();
  });

  it('agrees with composeElementwise on the backend under test', () => {
    const [a, b] = on(getBackend(), A, B);
    const cases: E[] = [
      TREE,
      binary('maximum', unary('tanh', input(0)), unary('sigmoid', input(1))),
      where(binary('lessEqual', input(0), constant(0)), constant(0), input(0)),
      unary('round', binary('mul', input(1), constant(3))),
    ];
    for (const tree of cases) {
      const fused = fusedElementwise(tree, [a!, b!]);
      const composed = composeElementwise(tree, [a!, b!]);
      expect(fused.shape).toEqual([2, 3]);
      assertTensorClose(fused, composed.dataSync(), { dtype: 'float32' });
      fused.dispose();
      composed.dispose();
    }
    a!.dispose();
    b!.dispose();
  });

  it('gives a new tensor of the broadcast shape, even for a bare input or constants only', () => {
    const [a, b] = on(getBackend(), A, B);
    const same = fusedElementwise(input(1), [a!, b!]);
    expect(same.shape).toEqual([2, 3]);
    assertTensorClose(same, [0.25, 1.5, -1, 0.25, 1.5, -1]);
    const own = fusedElementwise(input(0), [a!]);
    own.dispose();
    expect(a!.isDisposed).toBe(false);
    const constants = fusedElementwise(binary('add', constant(1), constant(2)), []);
    assertTensorClose(constants, [3], { shape: [] });
    for (const t of [a!, b!, same, constants]) t.dispose();
  });

  describe('validation', () => {
    const [a, b] = on(createCpuBackend(), A, B);
    const cases: readonly [string, () => unknown, typeof TensorError, RegExp][] = [
      [
        'an input index out of range',
        () => fusedElementwise(binary('add', input(0), input(2)), [a!, b!]),
        IndexError,
        /^fusedElementwise: argument 'expression' reads input 2 at expression\.b, but 2 inputs were given$/,
      ],
      [
        'a negative input index',
        () => fusedElementwise(unary('exp', input(-1)), [a!]),
        IndexError,
        /reads input -1 at expression\.x, but 1 input was given/,
      ],
      [
        'a fractional input index',
        () => fusedElementwise(input(0.5), [a!]),
        ValueError,
        /reads input number 0\.5 at expression; an input index is an integer/,
      ],
      [
        'an unknown op',
        () => fusedElementwise({ op: 'softmax', x: input(0) } as unknown as E, [a!]),
        ValueError,
        /has op "softmax" at expression; expected 'input', 'constant', 'where' or an elementwise/,
      ],
      [
        'a missing operand',
        () => fusedElementwise({ op: 'add', a: input(0) } as unknown as E, [a!]),
        ValueError,
        /has undefined undefined at expression\.b, where a node/,
      ],
      [
        'a constant that is not a number',
        () =>
          fusedElementwise(
            binary('mul', input(0), { op: 'constant', value: '2' } as unknown as E),
            [a!],
          ),
        ValueError,
        /has constant string 2 at expression\.b; a constant is a number/,
      ],
      [
        'inputs that do not broadcast',
        () =>
          fusedElementwise(binary('add', input(0), input(1)), [
            a!,
            on(a!.backend, [[1, 2], [2], 'float32'])[0]!,
          ]),
        ShapeError,
        /^fusedElementwise: argument 'inputs\[1\]' cannot be broadcast: shapes inputs\[0\] \[2, 3\] and inputs\[1\] \[2\]/,
      ],
      [
        'an input that is not a tensor',
        () => fusedElementwise(input(0), [[1, 2]] as unknown as Tensor[]),
        ValueError,
        /^fusedElementwise: argument 'inputs\[0\]' must be a Tensor, got object$/,
      ],
      [
        'inputs on two backends',
        () =>
          fusedElementwise(binary('add', input(0), input(1)), [a!, on(createCpuBackend(), B)[0]!]),
        BackendError,
        /argument 'inputs\[1\]' lives on the cpu backend but inputs\[0\] lives on another cpu backend instance/,
      ],
    ];
    it.each(cases)('rejects %s, naming the op and argument', (_, call, type, message) => {
      expect(call).toThrow(type);
      expect(call).toThrow(message);
    });

    it('rejects a tree that contains itself', () => {
      const loop = { op: 'neg', x: input(0) } as { op: 'neg'; x: E };
      loop.x = loop;
      expect(() => fusedElementwise(loop, [a!])).toThrow(/contains itself at expression\.x/);
    });

    it('rejects a disposed input', () => {
      const gone = tensor([1, 2, 3]);
      gone.dispose();
      expect(() => fusedElementwise(input(0), [gone])).toThrow(DisposedError);
    });

    it('names composeElementwise in its own errors', () => {
      expect(() => composeElementwise(input(1), [a!])).toThrow(
        /^composeElementwise: argument 'expression' reads input 1/,
      );
    });
  });
});

describe('gelu and softplus', () => {
  const values: Parameters<typeof on>[1] = [
    [-30, -4, -1.25, -0.5, 0, 0.5, 1.25, 3, 19.5, 25, Number.NaN, Number.POSITIVE_INFINITY],
    [12],
    'float32',
  ];
  const cases: readonly [string, (x: Tensor) => Tensor][] = [
    ['gelu', (x) => gelu(x)],
    ["gelu approximate: 'tanh'", (x) => gelu(x, { approximate: 'tanh' })],
    ['softplus', (x) => softplus(x)],
    ['softplus beta 0.5, threshold 1', (x) => softplus(x, { beta: 0.5, threshold: 1 })],
  ];

  it.each(cases)('%s is one fused call, with the composed values', (_, f) => {
    const { backend, calls } = fusingBackend();
    const [x] = on(backend, values);
    const out = f(x!);
    expect(calls).toHaveLength(1);
    const plain = createCpuBackend();
    const expected = withBackend(plain, () => scope(() => f(on(plain, values)[0]!).dataSync()));
    assertTensorClose(out, expected, { shape: [12], dtype: 'float32', rtol: 0, atol: 0 });
    // Under a tape the ops are composed, so autograd sees the primitives it differentiates.
    const seen: Primitive[] = [];
    const taped = withPrimitiveObserver({ onPrimitive: (p: Primitive) => void seen.push(p) }, () =>
      f(x!),
    );
    expect(calls).toHaveLength(1);
    expect(seen.length).toBeGreaterThan(3);
    assertTensorClose(taped, expected, { rtol: 0, atol: 0 });
    for (const t of [x!, out, taped]) t.dispose();
  });

  it('compose for float64 and keep int32 inputs working', () => {
    const { backend, calls } = fusingBackend();
    const [wide, ints] = on(backend, [[-1, 0.5, 2], [3], 'float64'], [[-3, 0, 4], [3], 'int32']);
    expect(gelu(wide!).dtype).toBe('float64');
    expect(calls).toHaveLength(0);
    const out = softplus(ints!);
    expect(out.dtype).toBe('float32');
    expect(calls).toHaveLength(1);
    assertTensorClose(out, [Math.log1p(Math.exp(-3)), Math.LN2, 4 + Math.log1p(Math.exp(-4))]);
  });
});
