// Families of cases whose shapes, axes and window settings are drawn at random (from a fixed
// seed): broadcasting of every rank, any axis subset, any permutation, batched matmul, and
// conv2d and pooling with their gradients' primitives over random geometries.
import {
  argmax,
  argmin,
  BINARY_PRIMITIVES,
  broadcastTo,
  cast,
  concat,
  ELEMENTWISE_OPS,
  gather,
  greater,
  logSumExp,
  matmul,
  max,
  mean,
  min,
  pad,
  prod,
  scatterAdd,
  slice,
  sum,
  type Tensor,
  transpose,
  UNARY_PRIMITIVES,
  where,
} from '../../index.js';
import type { ShapeDraws } from './random-shapes.js';
import { ACCUMULATED, at, floats, indices, type SeededCase, shapeName } from './seeded-case.js';
import { binaryKinds, unaryKind } from './seeded-elementwise-cases.js';
import { convCases, poolCases } from './seeded-linear-cases.js';

/** A family of random cases: each test of it draws a few cases and checks them all. */
export interface RandomFamily {
  readonly name: string;
  /** How many tests the family registers. */
  readonly tests: number;
  readonly draw: (d: ShapeDraws) => SeededCase;
}

function binaryFamilies(): RandomFamily[] {
  return BINARY_PRIMITIVES.map((op) => ({
    name: `${op} on random broadcasting shapes`,
    tests: 6,
    draw: (d) => {
      const out = d.shape(0, 4);
      const [a, b] = d.chance() ? [out, d.broadcastable(out)] : [d.broadcastable(out), out];
      const [kindA, kindB] = binaryKinds(op);
      return {
        name: `${op} ${shapeName(a)} with ${shapeName(b)}`,
        inputs: [floats(a, kindA), floats(b, kindB)],
        run: (xs) => ELEMENTWISE_OPS[op](at(xs, 0), at(xs, 1)),
      };
    },
  }));
}

function unaryFamilies(): RandomFamily[] {
  return UNARY_PRIMITIVES.map((op) => ({
    name: `${op} on random shapes`,
    tests: 3,
    draw: (d) => {
      const shape = d.shape(0, 4, 7);
      return {
        name: `${op} ${shapeName(shape)}`,
        inputs: [floats(shape, unaryKind(op))],
        run: (xs) => ELEMENTWISE_OPS[op](at(xs, 0)),
      };
    },
  }));
}

type Reduce = (x: Tensor, axis?: number | number[], keepdims?: boolean) => Tensor;

function reductionFamilies(): RandomFamily[] {
  const reductions: readonly (readonly [string, Reduce])[] = [
    ['sum', sum],
    ['prod', prod],
    ['max', max],
    ['min', min],
    ['mean', mean],
    ['logSumExp', logSumExp],
  ];
  const reduce = reductions.map(
    ([name, fn]): RandomFamily => ({
      name: `${name} over random axes`,
      tests: 6,
      draw: (d) => {
        const shape = d.shape(1, 4);
        const axes = d.chance(0.2) ? undefined : d.axes(shape.length);
        const keepdims = d.chance();
        return {
          name: `${name} ${shapeName(shape)} axes ${JSON.stringify(axes)} keepdims ${keepdims}`,
          inputs: [floats(shape, name === 'prod' ? 'nearOne' : 'any')],
          run: (xs) => fn(at(xs, 0), axes, keepdims),
        };
      },
    }),
  );
  const indexOf = (
    [
      ['argmax', argmax],
      ['argmin', argmin],
    ] as const
  ).map(
    ([name, fn]): RandomFamily => ({
      name: `${name} over a random axis`,
      tests: 4,
      draw: (d) => {
        const shape = d.shape(1, 4);
        const axis = d.int(-shape.length, shape.length - 1);
        const keepdims = d.chance();
        return {
          name: `${name} ${shapeName(shape)} axis ${axis} keepdims ${keepdims}`,
          inputs: [floats(shape)],
          run: (xs) => fn(at(xs, 0), axis, keepdims),
        };
      },
    }),
  );
  return [...reduce, ...indexOf];
}

const MATMUL: RandomFamily = {
  name: 'matmul on random batches and transposes',
  tests: 20,
  draw: (d) => {
    const [m, k, n] = [d.int(1, 9), d.int(1, 9), d.int(1, 9)];
    const batch = d.shape(0, 2, 3);
    const [transposeA, transposeB] = [d.chance(), d.chance()];
    const a = [...d.broadcastable(batch), ...(transposeA ? [k, m] : [m, k])];
    const b = [...d.broadcastable(batch), ...(transposeB ? [n, k] : [k, n])];
    return {
      name: `matmul ${shapeName(a)}${transposeA ? 'ᵀ' : ''} ${shapeName(b)}${transposeB ? 'ᵀ' : ''}`,
      inputs: [floats(a, 'unit'), floats(b, 'unit')],
      run: (xs) => matmul(at(xs, 0), at(xs, 1), { transposeA, transposeB }),
      tolerance: ACCUMULATED,
    };
  },
};

function layoutFamilies(): RandomFamily[] {
  return [
    {
      name: 'transpose by a random permutation',
      tests: 10,
      draw: (d) => {
        const shape = d.shape(1, 5, 4);
        const perm = d.permutation(shape.length);
        return {
          name: `transpose ${shapeName(shape)} perm ${shapeName(perm)}`,
          inputs: [floats(shape)],
          run: (xs) => transpose(at(xs, 0), perm),
        };
      },
    },
    {
      name: 'slice a random block',
      tests: 10,
      draw: (d) => {
        const shape = d.shape(1, 4, 6);
        const begin = shape.map((size) => d.int(0, size - 1));
        const size = shape.map((s, i) => (d.chance(0.2) ? -1 : d.int(1, s - begin[i]!)));
        return {
          name: `slice ${shapeName(shape)} begin ${shapeName(begin)} size ${shapeName(size)}`,
          inputs: [floats(shape)],
          run: (xs) => slice(at(xs, 0), begin, size),
        };
      },
    },
    {
      name: 'pad by random widths',
      tests: 10,
      draw: (d) => {
        const shape = d.shape(1, 4);
        const paddings = shape.map((): [number, number] => [d.int(0, 2), d.int(0, 2)]);
        const value = d.pick([0, -1.5, 2]);
        return {
          name: `pad ${shapeName(shape)} by ${JSON.stringify(paddings)} with ${value}`,
          inputs: [floats(shape)],
          run: (xs) => pad(at(xs, 0), paddings, value),
        };
      },
    },
    {
      name: 'concat along a random axis',
      tests: 10,
      draw: (d) => {
        const base = d.shape(1, 4);
        const axis = d.int(0, base.length - 1);
        const shapes = Array.from({ length: d.int(2, 4) }, () =>
          base.map((size, i) => (i === axis ? d.int(1, 4) : size)),
        );
        return {
          name: `concat ${shapes.map(shapeName).join(' ')} axis ${axis}`,
          inputs: shapes.map((s) => floats(s)),
          run: (xs) => concat(xs, axis),
        };
      },
    },
    {
      name: 'broadcastTo a random shape',
      tests: 10,
      draw: (d) => {
        const out = d.shape(0, 5, 4);
        const shape = d.broadcastable(out);
        return {
          name: `broadcastTo ${shapeName(shape)} to ${shapeName(out)}`,
          inputs: [floats(shape)],
          run: (xs) => broadcastTo(at(xs, 0), out),
        };
      },
    },
    {
      name: 'where on random broadcasting shapes',
      tests: 5,
      draw: (d) => {
        const out = d.shape(0, 4);
        const shapes = [d.broadcastable(out), d.broadcastable(out), out];
        const order = d.permutation(3).map((i) => shapes[i]!);
        return {
          name: `where ${order.map(shapeName).join(' ')}`,
          inputs: order.map((s) => floats(s)),
          run: (xs) => where(greater(at(xs, 0), 0), at(xs, 1), at(xs, 2)),
        };
      },
    },
    {
      name: 'cast to random dtypes',
      tests: 3,
      draw: (d) => {
        const shape = d.shape(0, 4);
        const dtype = d.pick(['int32', 'bool'] as const);
        return {
          name: `cast ${shapeName(shape)} to ${dtype}`,
          inputs: [floats(shape, dtype === 'bool' ? 'smallInt' : 'any')],
          run: (xs) => cast(at(xs, 0), dtype),
        };
      },
    },
  ];
}

function indexingFamilies(): RandomFamily[] {
  const draw = (d: ShapeDraws) => {
    const shape = d.shape(1, 3, 6);
    const axis = d.int(0, shape.length - 1);
    const index = d.shape(1, 2, 6);
    return { shape, axis, index };
  };
  return [
    {
      name: 'gather along a random axis',
      tests: 10,
      draw: (d) => {
        const { shape, axis, index } = draw(d);
        return {
          name: `gather ${shapeName(shape)} by ${shapeName(index)} axis ${axis}`,
          inputs: [floats(shape), indices(index, shape[axis]!)],
          run: (xs) => gather(at(xs, 0), at(xs, 1), axis),
        };
      },
    },
    {
      name: 'scatterAdd along a random axis',
      tests: 10,
      draw: (d) => {
        const { shape, axis, index } = draw(d);
        const updates = [...shape.slice(0, axis), ...index, ...shape.slice(axis + 1)];
        return {
          name: `scatterAdd ${shapeName(shape)} by ${shapeName(index)} axis ${axis}`,
          inputs: [floats(shape), indices(index, shape[axis]!), floats(updates)],
          run: (xs) => scatterAdd(at(xs, 0), at(xs, 1), at(xs, 2), axis),
        };
      },
    },
  ];
}

function windowFamilies(): RandomFamily[] {
  const conv = (d: ShapeDraws) => {
    const groups = d.pick([1, 1, 2, 3]);
    const [kh, kw, dilation] = [d.int(1, 4), d.int(1, 4), d.int(1, 2)];
    const padding = d.int(0, 2);
    const fits = (size: number, k: number) => Math.max(size, dilation * (k - 1) + 1 - 2 * padding);
    return {
      x: [d.int(1, 3), groups * d.int(1, 3), fits(d.int(3, 9), kh), fits(d.int(3, 9), kw)],
      w: [groups * d.int(1, 3), 0, kh, kw],
      stride: d.int(1, 3),
      padding,
      dilation,
      groups,
    };
  };
  const pool = (d: ShapeDraws) => {
    const kernel = d.int(1, 4);
    return {
      x: [d.int(1, 3), d.int(1, 3), d.int(kernel, 10), d.int(kernel, 10)],
      kernel,
      stride: d.int(1, 3),
      padding: d.int(0, Math.floor(kernel / 2)),
      countIncludePad: d.chance(),
    };
  };
  const settingOfConv = (d: ShapeDraws) => {
    const s = conv(d);
    return { ...s, w: [s.w[0]!, s.x[1]! / s.groups, s.w[2]!, s.w[3]!] };
  };
  return [
    ...(['conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter'] as const).map(
      (kind, k): RandomFamily => ({
        name: `${kind} on a random geometry`,
        tests: 8,
        draw: (d) => convCases(settingOfConv(d))[k]!,
      }),
    ),
    ...(['maxPool2d', 'maxPool2dBackprop', 'avgPool2d', 'avgPool2dBackprop'] as const).map(
      (kind, k): RandomFamily => ({
        name: `${kind} on a random geometry`,
        tests: 6,
        draw: (d) => poolCases(pool(d))[k]!,
      }),
    ),
  ];
}

/** Every random family, in registration order. */
export function randomFamilies(): RandomFamily[] {
  return [
    ...unaryFamilies(),
    ...binaryFamilies(),
    ...reductionFamilies(),
    MATMUL,
    ...layoutFamilies(),
    ...indexingFamilies(),
    ...windowFamilies(),
  ];
}
