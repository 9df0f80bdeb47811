import { valueAndGrad as autogradValueAndGrad } from '@gradkit/autograd';
import { RowSparse } from '@gradkit/optim';
import { add, mean, memory, mul, scope, sin, sum, type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Cell } from '../cell/cell.js';
import { LeNet5 } from '../examples/lenet5.js';
import { BatchNorm1d } from '../layers/batch-norm.js';
import { Dense } from '../layers/dense.js';
import { Embedding } from '../layers/embedding.js';
import { SoftmaxCrossEntropyWithLogits } from '../losses/class-losses.js';
import { Parameter } from '../parameter/parameter.js';
import { ParameterTuple } from '../parameter/parameter-tuple.js';
import { expectClose } from '../testing/close.js';
import { grad, valueAndGrad } from './value-and-grad.js';

// f(x, y) = sum(sin(x) * y * w) + sum(b * x): every gradient is easy to derive by hand.
function setup() {
  const w = new Parameter(tensor([0.5, -1, 2]), 'w');
  const b = new Parameter(tensor([3, 1, -2]), 'b');
  const x = tensor([0.1, 0.7, -1.3]);
  const y = tensor([2, -0.5, 1.5]);
  const f = (a: Tensor, c: Tensor) => add(sum(mul(mul(sin(a), c), w.value)), sum(mul(b.value, a)));
  const xs = [0.1, 0.7, -1.3];
  const ys = [2, -0.5, 1.5];
  const ws = [0.5, -1, 2];
  const bs = [3, 1, -2];
  const expected = {
    value: xs.reduce((s, v, i) => s + Math.sin(v) * ys[i]! * ws[i]! + bs[i]! * v, 0),
    dx: xs.map((v, i) => Math.cos(v) * ys[i]! * ws[i]! + bs[i]!),
    dy: xs.map((v, i) => Math.sin(v) * ws[i]!),
    dw: xs.map((v, i) => Math.sin(v) * ys[i]!),
    db: xs,
  };
  return { w, b, x, y, f, expected };
}

describe('valueAndGrad (MindSpore semantics)', () => {
  it('defaults to the gradient of input 0', () => {
    const { x, y, f, expected } = setup();
    const [value, dx] = valueAndGrad(f)(x, y);
    expectClose(value, expected.value);
    expectClose(dx, expected.dx);
  });

  it('gives one input gradient for a number and a tuple for an array', () => {
    const { x, y, f, expected } = setup();
    const [, dy] = valueAndGrad(f, 1)(x, y);
    expectClose(dy, expected.dy);
    const [, grads] = valueAndGrad(f, [1, 0])(x, y);
    expect(grads).toHaveLength(2);
    expectClose(grads[0]!, expected.dy);
    expectClose(grads[1]!, expected.dx);
    const [, single] = valueAndGrad(f, [0])(x, y);
    expect(Array.isArray(single)).toBe(true);
    expectClose(single[0]!, expected.dx);
  });

  it('gives the weight gradients in weights order when gradPosition is null', () => {
    const { w, b, x, y, f, expected } = setup();
    const [value, [db, dw]] = valueAndGrad(f, null, [b, w])(x, y) as [Tensor, Tensor[]];
    expectClose(value, expected.value);
    expectClose(dw!, expected.dw);
    expectClose(db!, expected.db);
    const [, onlyW] = valueAndGrad(f, null, w)(x, y);
    expectClose(onlyW as Tensor, expected.dw);
  });

  it('accepts a ParameterTuple and trainableParams() as weights', () => {
    const { w, b, x, y, f, expected } = setup();
    const [, grads] = valueAndGrad(f, null, new ParameterTuple([w, b]))(x, y);
    expectClose(grads[0] as Tensor, expected.dw);
    class Holder extends Cell<[Tensor, Tensor], Tensor> {
      readonly w = w;
      readonly b = b;
      construct(a: Tensor, c: Tensor) {
        return f(a, c);
      }
    }
    const net = new Holder();
    const [, fromCell] = valueAndGrad(net, null, net.trainableParams())(x, y);
    expectClose(fromCell[0] as Tensor, expected.dw);
    expectClose(fromCell[1] as Tensor, expected.db);
  });

  it('gives [inputGradients, weightGradients] when both are asked', () => {
    const { w, b, x, y, f, expected } = setup();
    const [, [dx, [dw, db]]] = valueAndGrad(f, 0, [w, b])(x, y);
    expectClose(dx, expected.dx);
    expectClose(dw as Tensor, expected.dw);
    expectClose(db as Tensor, expected.db);
    const [, [[gx, gy], weightGrads]] = valueAndGrad(f, [0, 1], [w])(x, y);
    expectClose(gx!, expected.dx);
    expectClose(gy!, expected.dy);
    expect(weightGrads).toHaveLength(1);
    expectClose(weightGrads[0] as Tensor, expected.dw);
  });

  it('matches @gradkit/autograd with the parameters as explicit arguments', () => {
    const { w, b, x, y, f } = setup();
    const explicit = (wv: Tensor, bv: Tensor, a: Tensor, c: Tensor) =>
      add(sum(mul(mul(sin(a), c), wv)), sum(mul(bv, a)));
    const [refValue, refGrads] = autogradValueAndGrad(explicit, { argnums: [0, 1, 2, 3] })(
      w.value,
      b.value,
      x,
      y,
    );
    const [value, [[dx, dy], [dw, db]]] = valueAndGrad(f, [0, 1], [w, b])(x, y);
    expect(value.item()).toBe(refValue.item());
    expect(dx!.toArray()).toEqual(refGrads[2].toArray());
    expect(dy!.toArray()).toEqual(refGrads[3].toArray());
    expect((dw as Tensor).toArray()).toEqual(refGrads[0].toArray());
    expect((db as Tensor).toArray()).toEqual(refGrads[1].toArray());
  });

  it('with hasAux differentiates only the loss and returns [loss, ...aux] as value', () => {
    const { w, x, y, f, expected } = setup();
    const withAux = (a: Tensor, c: Tensor) => [f(a, c), mul(a, 10), 'tag'] as const;
    const [[loss, scaled, tag], [dx, [dw]]] = valueAndGrad(withAux, 0, [w], true)(x, y);
    expectClose(loss, expected.value);
    expectClose(scaled, [1, 7, -13]);
    expect(tag).toBe('tag');
    expectClose(dx, expected.dx);
    expectClose(dw as Tensor, expected.dw);
  });

  it('takes the options-object form', () => {
    const { w, x, y, f, expected } = setup();
    const [, [dy, [dw]]] = valueAndGrad(f, { gradPosition: 1, weights: [w] })(x, y);
    expectClose(dy, expected.dy);
    expectClose(dw as Tensor, expected.dw);
    const [[loss], grads] = valueAndGrad((a: Tensor, c: Tensor) => [f(a, c)] as const, {
      gradPosition: null,
      weights: [w],
      hasAux: true,
    })(x, y);
    expectClose(loss, expected.value);
    expectClose(grads[0] as Tensor, expected.dw);
  });

  it('differentiates a non-scalar output as its sum (sensitivity of ones)', () => {
    const x = tensor([1, 2, 3]);
    const [value, dx] = valueAndGrad((a: Tensor) => mul(a, a))(x);
    expect(value.toArray()).toEqual([1, 4, 9]);
    expect(dx.toArray()).toEqual([2, 4, 6]);
  });

  it('gives null for an integer input', () => {
    const x = tensor([1.5, 2]);
    const labels = tensor([1, 0], undefined, 'int32');
    const [, [dx, dl]] = valueAndGrad((a: Tensor, l: Tensor) => sum(mul(a, l)), [0, 1])(x, labels);
    expect(dx!.toArray()).toEqual([1, 0]);
    expect(dl).toBeNull();
  });

  it('rejects nothing to differentiate, bad positions and bad weights', () => {
    const { f, x, y } = setup();
    expect(() => valueAndGrad(f, null, null)(x, y)).toThrow(/cannot both be null/);
    expect(() => valueAndGrad(f, 2)(x, y)).toThrow(/out of range/);
    expect(() => valueAndGrad(f, [0, 0])(x, y)).toThrow(/repeats 0/);
    expect(() => valueAndGrad(f, null, [x as never])(x, y)).toThrow(/weights\[0\].*Parameter/);
    expect(() => valueAndGrad((a: Tensor) => [a] as never)(x)).toThrow(/hasAux/);
  });

  it('restores parameters after the call, also when fn throws', () => {
    const { w, x, y, f } = setup();
    const stored = w.value;
    valueAndGrad(f, null, [w])(x, y);
    expect(w.value).toBe(stored);
    expect(() =>
      valueAndGrad(
        () => {
          throw new Error('boom');
        },
        null,
        [w],
      )(),
    ).toThrow('boom');
    expect(w.value).toBe(stored);
    expect(stored.isDisposed).toBe(false);
  });

  it('leaves only the value and the gradients behind', () => {
    const { w, b, x, y, f } = setup();
    const before = memory().tensors;
    const [value, [dx, [dw, db]]] = valueAndGrad(f, 0, [w, b])(x, y);
    expect(memory().tensors).toBe(before + 4);
    for (const t of [value, dx, dw, db]) (t as Tensor).dispose();
    expect(memory().tensors).toBe(before);
  });
});

describe('grad', () => {
  it('returns only the gradients, or [gradients, aux] with hasAux', () => {
    const { w, x, y, f, expected } = setup();
    const before = memory().tensors;
    const dx = grad(f)(x, y);
    expectClose(dx, expected.dx);
    expect(memory().tensors).toBe(before + 1);
    const [[gx, gy], [dw]] = grad(f, [0, 1], [w])(x, y);
    expectClose(gx!, expected.dx);
    expectClose(gy!, expected.dy);
    expectClose(dw as Tensor, expected.dw);
    const [weightGrads, aux] = grad(
      (a: Tensor, c: Tensor) => [f(a, c), mean(a)] as const,
      null,
      [w],
      true,
    )(x, y);
    expectClose(weightGrads[0] as Tensor, expected.dw);
    expect(aux).toHaveLength(1);
    expectClose(aux[0], -0.5 / 3);
  });
});

describe('valueAndGrad with layers', () => {
  it("runs MindSpore's documented train_step on a LeNet5 with hand-written SGD", () => {
    const net = new LeNet5();
    const lossFn = new SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' });
    const parameters = net.trainableParams();
    const forwardFn = (data: Tensor, label: Tensor) => {
      const logits = net(data);
      const loss = lossFn(logits, label);
      return [loss, logits] as const;
    };
    const gradFn = valueAndGrad(forwardFn, null, parameters, true);
    const sgd = (grads: readonly (Tensor | RowSparse)[]) => {
      parameters.forEach((param, i) => {
        param.value = scope(() => add(param.value, mul(grads[i] as Tensor, -0.05)));
        (grads[i] as Tensor).dispose();
      });
    };
    const trainStep = (data: Tensor, label: Tensor) => {
      const [[loss, logits], grads] = gradFn(data, label);
      sgd(grads);
      logits.dispose();
      return loss;
    };
    const images = tensor(
      Array.from({ length: 2 * 32 * 32 }, (_, i) => Math.sin(i)),
      [2, 1, 32, 32],
    );
    const label = tensor([3, 7], undefined, 'int32');
    const first = trainStep(images, label).item() as number;
    // The second step compiles: its recording keeps its constants (scalars) from then on.
    trainStep(images, label).dispose();
    const before = memory().tensors;
    let last = first;
    for (let i = 0; i < 5; i++) {
      const loss = trainStep(images, label);
      last = loss.item() as number;
      loss.dispose();
    }
    expect(memory().tensors).toBe(before);
    expect(last).toBeLessThan(first);
  });

  it('updates BatchNorm moving statistics inside valueAndGrad and keeps them alive', () => {
    const bn = new BatchNorm1d(2).setTrain(true);
    const x = tensor([
      [1, 2],
      [3, 6],
    ]);
    const [, grads] = valueAndGrad((a: Tensor) => sum(bn(a)), null, bn.trainableParams())(x);
    expect(grads).toHaveLength(2);
    expectClose(bn.movingMean.value, [0.1 * 2, 0.1 * 4]);
    // Unbiased batch variance: [2, 8].
    expectClose(bn.movingVariance.value, [0.9 + 0.1 * 2, 0.9 + 0.1 * 8]);
  });

  it('gives an Embedding with sparseGradient a RowSparse gradient equal to the dense rows', () => {
    const sparse = new Embedding(6, 3, { sparseGradient: true });
    const dense = new Embedding(6, 3, { embeddingTable: sparse.embeddingTable.value });
    const ids = tensor(
      [
        [4, 1],
        [4, 5],
      ],
      undefined,
      'int32',
    );
    const head = new Dense(3, 1, { weightInit: tensor([[1, -2, 0.5]]) });
    const loss = (table: Embedding) => () => sum(mul(head(table(ids)), head(table(ids))));
    const [, [sparseGrad]] = valueAndGrad(loss(sparse), null, [sparse.embeddingTable])();
    const [, [denseGrad]] = valueAndGrad(loss(dense), null, [dense.embeddingTable])();
    expect(sparseGrad).toBeInstanceOf(RowSparse);
    const rs = sparseGrad as RowSparse;
    expect(rs.indices.toArray()).toEqual([1, 4, 5]);
    expect(rs.denseShape).toEqual([6, 3]);
    const rows = (denseGrad as Tensor).toArray() as number[][];
    expect(rs.values.toArray()).toEqual([rows[1], rows[4], rows[5]]);
    expect(rows[0]).toEqual([0, 0, 0]);
  });
});
