import { RowSparse } from '@gradkit/optim';
import { memory, mul, sum, type Tensor, tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { valueAndGrad } from '../../grad/value-and-grad.js';
import { Embedding } from '../../layers/embedding.js';
import { Parameter } from '../../parameter/parameter.js';
import { Adam } from './adam.js';
import { AdamWeightDecay } from './adam-weight-decay.js';
import { ArgumentTypeError } from './errors.js';
import { LazyAdam } from './lazy-adam.js';
import { Momentum } from './momentum.js';
import { SGD } from './sgd.js';
import { f, nnAdamReference, pseudoRandom } from './testing/reference.js';

const STEPS = 5;
const values = (p: Parameter) => Array.from(p.value.dataSync());

function trajectory(
  optimizer: (g: Tensor[]) => unknown,
  params: Parameter[],
  grads: number[][][],
): number[][][] {
  const out: number[][][] = params.map(() => []);
  grads.forEach((step) => {
    const gs = step.map((g, i) => tensor(g, [...params[i]!.shape]));
    optimizer(gs);
    for (const g of gs) g.dispose();
    params.forEach((p, i) => {
      out[i]!.push(values(p));
    });
  });
  return out;
}

function setup(names: string[], size = 4) {
  const params = names.map((name, i) => new Parameter(tensor(pseudoRandom(size, i + 1)), name));
  const starts = params.map(values);
  const grads = Array.from({ length: STEPS }, (_, t) =>
    params.map((_, i) => pseudoRandom(size, 100 * t + i + 7)),
  );
  const per = (i: number) => grads.map((step) => step[i]!);
  return { params, starts, grads, per };
}

function close(actual: number[][], expected: number[][], tolerance = 1e-6): void {
  actual.forEach((row, t) => {
    row.forEach((x, i) => {
      expect(Math.abs(x - expected[t]![i]!)).toBeLessThanOrEqual(
        tolerance * Math.max(1, Math.abs(expected[t]![i]!)),
      );
    });
  });
}

/** MindSpore Momentum (float32): v ← v·μ + g; w ← w − lr·v, or nesterov w ← w − (g·lr + v·μ·lr). */
function momentumReference(
  w0: number[],
  grads: number[][],
  lr: number,
  mu: number,
  o: { nesterov?: boolean; wd?: number } = {},
) {
  let w = w0.map(f);
  let v = w.map(() => 0);
  return grads.map((step) => {
    const g = step.map((gi, i) => (o.wd ? f(f(gi) + f(w[i]! * f(o.wd))) : f(gi)));
    v = v.map((vi, i) => f(g[i]! + f(vi * f(mu))));
    w = w.map((wi, i) =>
      o.nesterov
        ? f(wi - f(f(g[i]! * f(lr)) + f(f(v[i]! * f(mu)) * f(lr))))
        : f(wi - f(v[i]! * f(lr))),
    );
    return w;
  });
}

describe('nn.Momentum (MindSpore formula; PyTorch SGD momentum with dampening 0)', () => {
  it('plain, with the beta/gamma weight-decay filter', () => {
    const { params, starts, per } = setup(['fc.weight', 'ln.gamma']);
    const got = trajectory(
      new Momentum(params, { learningRate: 0.1, momentum: 0.9, weightDecay: 0.01 }),
      params,
      setup(['a', 'b']).grads,
    );
    const grads = setup(['a', 'b']).per;
    expect(got[0]).toEqual(momentumReference(starts[0]!, grads(0), 0.1, 0.9, { wd: 0.01 }));
    expect(got[1]).toEqual(momentumReference(starts[1]!, grads(1), 0.1, 0.9));
    expect(per(0)).toHaveLength(STEPS);
  });

  it('nesterov', () => {
    const { params, starts, grads, per } = setup(['w']);
    const got = trajectory(
      new Momentum(params, { learningRate: 0.05, momentum: 0.8, useNesterov: true }),
      params,
      grads,
    );
    close(got[0]!, momentumReference(starts[0]!, per(0), 0.05, 0.8, { nesterov: true }));
  });

  it('validates: learningRate and momentum required, momentum >= 0 and a number', () => {
    const w = new Parameter(tensor([1]), 'w');
    expect(() => new Momentum([w], {} as never)).toThrow(/learningRate' is required/);
    expect(() => new Momentum([w], { learningRate: 0.1 } as never)).toThrow(
      /momentum' is required/,
    );
    expect(() => new Momentum([w], { learningRate: 0.1, momentum: -0.1 })).toThrow(ValueError);
    expect(() => new Momentum([w], { learningRate: 0.1, momentum: '0.9' as never })).toThrow(
      ArgumentTypeError,
    );
  });
});

describe('nn.SGD (MindSpore formula = PyTorch SGD)', () => {
  /** v = g at the first step, then v ← μ·v + (1−d)·g; w ← w − lr·v (nesterov: g + μ·v). */
  function sgdReference(
    w0: number[],
    grads: number[][],
    lr: number,
    mu: number,
    d: number,
    nesterov = false,
    wd = 0,
  ) {
    let w = w0.map(f);
    let v: number[] | undefined;
    return grads.map((step) => {
      const g = step.map((gi, i) => (wd ? f(f(gi) + f(w[i]! * f(wd))) : f(gi)));
      if (mu > 0) {
        v = v === undefined ? g : v.map((vi, i) => f(f(vi * f(mu)) + f(g[i]! * f(1 - d))));
      }
      const u = mu === 0 ? g : nesterov ? g.map((gi, i) => f(gi + f(v![i]! * f(mu)))) : v!;
      w = w.map((wi, i) => f(wi - f(u[i]! * f(lr))));
      return w;
    });
  }

  it.each([
    ['plain', { learningRate: 0.1 }, [0.1, 0, 0, false, 0]],
    [
      'momentum and dampening',
      { learningRate: 0.05, momentum: 0.9, dampening: 0.3 },
      [0.05, 0.9, 0.3, false, 0],
    ],
    [
      'nesterov with weight decay',
      { learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.1 },
      [0.05, 0.9, 0, true, 0.1],
    ],
  ] as const)('%s', (_name, options, [lr, mu, d, nesterov, wd]) => {
    const { params, starts, grads, per } = setup(['w']);
    const got = trajectory(new SGD(params, options), params, grads);
    expect(got[0]).toEqual(sgdReference(starts[0]!, per(0), lr, mu, d, nesterov, wd));
  });

  it('validates nesterov (momentum > 0, dampening 0) and its defaults', () => {
    const w = new Parameter(tensor([1]), 'w');
    expect(new SGD([w]).getLr()).toEqual([0.1]);
    expect(() => new SGD([w], { nesterov: true })).toThrow(/needs momentum > 0 and dampening 0/);
    expect(() => new SGD([w], { momentum: 0.9, dampening: 0.1, nesterov: true })).toThrow(
      ValueError,
    );
    expect(() => new SGD([w], { nesterov: 1 as never })).toThrow(ArgumentTypeError);
  });
});

describe('nn.AdamWeightDecay (MindSpore formula: decoupled decay, no bias correction)', () => {
  function reference(
    w0: number[],
    grads: number[][],
    lr: number,
    wd: number,
    o = { b1: 0.9, b2: 0.999, eps: 1e-6 },
  ) {
    const b1 = f(o.b1);
    const b2 = f(o.b2);
    let w = w0.map(f);
    const m = w.map(() => 0);
    const v = w.map(() => 0);
    return grads.map((step) => {
      w = w.map((wi, i) => {
        const g = f(step[i]!);
        m[i] = f(f(m[i]! * b1) + f(g * f(1 - b1)));
        v[i] = f(f(v[i]! * b2) + f(f(g * g) * f(1 - b2)));
        let u = f(m[i]! / f(f(Math.sqrt(v[i]!)) + f(o.eps)));
        if (wd) u = f(u + f(wi * f(wd)));
        return f(wi - f(u * f(lr)));
      });
      return w;
    });
  }

  it('decays parameters named without beta/gamma; others get the plain update', () => {
    const { params, starts, grads, per } = setup(['fc.weight', 'bn.beta']);
    const got = trajectory(
      new AdamWeightDecay(params, { learningRate: 0.01, weightDecay: 0.1 }),
      params,
      grads,
    );
    expect(got[0]).toEqual(reference(starts[0]!, per(0), 0.01, 0.1));
    expect(got[1]).toEqual(reference(starts[1]!, per(1), 0.01, 0));
  });

  it('validates like nn.Adam', () => {
    const w = new Parameter(tensor([1]), 'w');
    expect(() => new AdamWeightDecay([w], { beta1: 1 })).toThrow(
      /nn.AdamWeightDecay: argument 'beta1' must be in \(0, 1\)/,
    );
    expect(() => new AdamWeightDecay([w], { eps: 'x' as never })).toThrow(ArgumentTypeError);
  });
});

describe('nn.LazyAdam on RowSparse gradients', () => {
  it('touches only the listed rows (and their moments); nn.Adam decays every row', () => {
    const table = () => new Parameter(tensor(pseudoRandom(18, 9), [6, 3]), 'embedding');
    const lazyParam = table();
    const denseParam = table();
    const start = values(lazyParam);
    const row = (data: number[], r: number) => data.slice(3 * r, 3 * r + 3);
    const g1 = pseudoRandom(6, 21);
    const g2 = pseudoRandom(6, 22);
    const steps = [
      () => new RowSparse([1, 4], tensor(g1, [2, 3]), [6, 3]),
      () => new RowSparse([5, 4], tensor(g2, [2, 3]), [6, 3]),
    ];
    const lazy = new LazyAdam([lazyParam], { learningRate: 0.1 });
    const adam = new Adam([denseParam], { learningRate: 0.1 });
    const afterFirst: number[][] = [];
    for (const make of steps) {
      lazy([make()]);
      adam([make()]);
      afterFirst.push(values(lazyParam));
    }
    const end = values(lazyParam);
    for (const r of [0, 2, 3]) expect(row(end, r)).toEqual(row(start, r));
    // Row 1 was listed only in the first step: the second step left it (and its moments) alone.
    expect(row(end, 1)).toEqual(row(afterFirst[0]!, 1));
    expect(row(end, 1)).toEqual(
      nnAdamReference(row(start, 1), [g1.slice(0, 3)], { lr: () => 0.1 })[0],
    );
    // Row 4 stepped twice; row 5 once, at t = 2 (the global step's β powers).
    expect(row(end, 4)).toEqual(
      nnAdamReference(row(start, 4), [g1.slice(3), g2.slice(3)], { lr: () => 0.1 })[1],
    );
    expect(row(end, 5)).toEqual(
      nnAdamReference(row(start, 5), [[0, 0, 0], g2.slice(0, 3)], { lr: () => 0.1 })[1],
    );
    // nn.Adam treats the RowSparse as dense with zero rows: row 1 moves again in step 2.
    const dense = values(denseParam);
    expect(row(dense, 1)).not.toEqual(row(end, 1));
    expect(row(dense, 4)).toEqual(row(end, 4));
  });

  it("works on an Embedding's sparse gradient from valueAndGrad", () => {
    const embed = new Embedding(8, 2, { sparseGradient: true });
    const before = values(embed.embeddingTable);
    const optimizer = new LazyAdam(embed.trainableParams(), { learningRate: 0.1 });
    const ids = tensor([1, 6, 1], undefined, 'int32');
    const gradFn = valueAndGrad(() => sum(mul(embed(ids), embed(ids))), null, optimizer.parameters);
    const memoryBefore = memory().tensors;
    for (let i = 0; i < 3; i++) {
      const [loss, grads] = gradFn();
      expect(grads[0]).toBeInstanceOf(RowSparse);
      optimizer(grads as RowSparse[]);
      loss.dispose();
      for (const g of grads as RowSparse[]) {
        g.indices.dispose();
        g.values.dispose();
      }
    }
    expect(memory().tensors).toBe(memoryBefore);
    const after = values(embed.embeddingTable);
    for (const r of [0, 2, 3, 4, 5, 7])
      expect(after.slice(2 * r, 2 * r + 2)).toEqual(before.slice(2 * r, 2 * r + 2));
    expect(after.slice(2, 4)).not.toEqual(before.slice(2, 4));
  });
});
