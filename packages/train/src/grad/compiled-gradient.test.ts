// valueAndGrad compiles fn from its second call on: the same numbers as { jit: false }, with
// parameters as inputs, and an eager fallback where a replay would be wrong.
import { grad as autogradGrad } from '@gradkit/autograd';
import { add, mean, mul, sub, sum, type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Cell } from '../cell/cell.js';
import { Dense } from '../layers/dense.js';
import { Embedding } from '../layers/embedding.js';
import { TrainOneStepCell } from '../loss-scale/train-one-step-cell.js';
import { WithLossCell } from '../loss-scale/with-loss-cell.js';
import { SoftmaxCrossEntropyWithLogits } from '../losses/class-losses.js';
import { SGD } from '../mindspore/nn/sgd.js';
import { Parameter } from '../parameter/parameter.js';
import type { JitFallbackInfo } from './jit-option.js';
import { valueAndGrad } from './value-and-grad.js';

const x = tensor([
  [1, 2, 3, 4],
  [0, -1, 2, 1],
  [3, 0, -2, 1],
]);
const y = tensor([0, 2, 1], undefined, 'int32');

/** MindSpore's documented train_step: valueAndGrad(forward, null, weights, true) + optimizer. */
function seedTrainStep(compiled: boolean) {
  const net = new Dense(4, 3);
  // The same start for both runs, whatever the global stream did before.
  net.weight.assign(
    tensor(
      Array.from({ length: 12 }, (_, i) => Math.cos(i) / 3),
      [3, 4],
    ),
  );
  net.bias!.assign(tensor([0.1, -0.2, 0.05]));
  const lossFn = new SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' });
  const optimizer = new SGD(net.trainableParams(), { learningRate: 0.1, momentum: 0.9 });
  let forwardCalls = 0;
  const forwardFn = (data: Tensor, label: Tensor) => {
    forwardCalls++;
    const logits = net(data);
    return [lossFn(logits, label), logits] as const;
  };
  const gradFn = compiled
    ? valueAndGrad(forwardFn, null, optimizer.parameters, true)
    : valueAndGrad(forwardFn, {
        gradPosition: null,
        weights: optimizer.parameters,
        hasAux: true,
        jit: false,
      });
  const trainStep = (data: Tensor, label: Tensor) => {
    const [[loss, logits], grads] = gradFn(data, label);
    optimizer(grads);
    logits.dispose();
    return loss;
  };
  const losses: number[] = [];
  for (let step = 0; step < 5; step++) {
    const loss = trainStep(x, y);
    losses.push(loss.item());
    loss.dispose();
  }
  const weights = net.getParameters().map((param) => Array.from(param.value.dataSync()));
  return { losses, weights, forwardCalls };
}

describe('valueAndGrad compiled', () => {
  it("MindSpore's train_step: the numbers of { jit: false }, bit for bit, fn run twice", () => {
    const eager = seedTrainStep(false);
    const compiled = seedTrainStep(true);
    expect(compiled.losses).toEqual(eager.losses);
    expect(compiled.weights).toEqual(eager.weights);
    expect(eager.forwardCalls).toBe(5);
    // Once eagerly, once to trace; the other three steps replay the recording.
    expect(compiled.forwardCalls).toBe(2);
    expect(eager.losses.at(-1)!).toBeLessThan(eager.losses[0]!);
  });

  it('a parameter read but not differentiated is an input too: assigning it is seen', () => {
    const w = new Parameter(tensor([1, 2]), 'w');
    const frozen = new Parameter(tensor([3, 4]), 'frozen', false);
    let calls = 0;
    const fn = (a: Tensor) => {
      calls++;
      return sum(mul(mul(a, w.value), frozen.value));
    };
    const compiled = valueAndGrad(fn, null, [w]);
    const eager = valueAndGrad(fn, { gradPosition: null, weights: [w], jit: false });
    const a = tensor([5, 6]);
    for (let step = 0; step < 6; step++) {
      if (step === 4) frozen.assign(tensor([-1, 0.5]));
      const [value, [dw]] = compiled(a);
      const [expectedValue, [expectedDw]] = eager(a);
      expect(value.toArray()).toEqual(expectedValue.toArray());
      expect((dw as Tensor).toArray()).toEqual((expectedDw as Tensor).toArray());
    }
    // Eager ran it 6 times; compiled once eagerly, a trace that found `frozen` captured, and
    // a trace with it as an input; the other three replayed.
    expect(calls).toBe(6 + 3);
  });

  it("traces again when a cell's training mode changes", () => {
    class Scaled extends Cell<[Tensor], Tensor> {
      readonly dense = new Dense(2, 1);
      construct(input: Tensor): Tensor {
        return mul(this.dense(input), this.training ? 2 : 1);
      }
    }
    const net = new Scaled();
    // Through the front end: TrainOneStepCell keys its recording on the training flags.
    const lossNet = new (class extends Cell<[Tensor], Tensor> {
      readonly net = net;
      construct(input: Tensor): Tensor {
        return mean(this.net(input));
      }
    })();
    const optimizer = new SGD(net.trainableParams(), { learningRate: 0 });
    const trainNet = new TrainOneStepCell<[Tensor]>(lossNet, optimizer);
    const input = tensor([[1, 2]]);
    const plain = () => mean(net.dense(input)).item();
    for (const mode of [true, true, true, false, false, true]) {
      net.setTrain(mode);
      const loss = trainNet(input);
      expect(loss.item()).toBeCloseTo(plain() * (mode ? 2 : 1), 6);
      loss.dispose();
    }
  });

  it('input gradients, weights and aux (a tensor and a number) replay as eager computes them', () => {
    const w = new Parameter(tensor([0.5, -1, 2]), 'w');
    let calls = 0;
    const fn = (a: Tensor, b: Tensor, scale: number) => {
      calls++;
      const product = mul(mul(a, b), w.value);
      return [sum(mul(product, product)), product, scale * 2] as const;
    };
    const compiled = valueAndGrad(fn, [0, 1], [w], true);
    const eager = valueAndGrad(fn, {
      gradPosition: [0, 1],
      weights: [w],
      hasAux: true,
      jit: false,
    });
    const plain = (t: unknown) => (t as Tensor).toArray();
    for (let step = 0; step < 4; step++) {
      const a = tensor([1 + step, 2, -3]);
      const b = tensor([0.5, step, 1]);
      const [[loss, product, doubled], [[da, db], [dw]]] = compiled(a, b, 3);
      const [[eLoss, eProduct, eDoubled], [[eDa, eDb], [eDw]]] = eager(a, b, 3);
      expect(plain(loss)).toEqual(plain(eLoss));
      expect(plain(product)).toEqual(plain(eProduct));
      expect(doubled).toBe(eDoubled);
      expect([plain(da), plain(db), plain(dw)]).toEqual([plain(eDa), plain(eDb), plain(eDw)]);
    }
    expect(calls).toBe(4 + 2);
  });

  it('TrainOneStepCell with sens: the numbers of { jit: false }', () => {
    const run = (jit: boolean) => {
      const net = new Dense(4, 3);
      net.weight.assign(
        tensor(
          Array.from({ length: 12 }, (_, i) => Math.sin(i) / 2),
          [3, 4],
        ),
      );
      net.bias!.assign(tensor([0, 0.1, -0.1]));
      const optimizer = new SGD(net.trainableParams(), { learningRate: 0.05, lossScale: 4 });
      const lossFn = new SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' });
      const step = new TrainOneStepCell(new WithLossCell(net, lossFn), optimizer, {
        sens: 4,
        jit,
      });
      const losses = Array.from({ length: 4 }, () => {
        const loss = step(x, y);
        const value = loss.item();
        loss.dispose();
        return value;
      });
      return { losses, weight: Array.from(net.weight.value.dataSync()) };
    };
    const eager = run(false);
    const compiled = run(true);
    expect(compiled).toEqual(eager);
  });
});

describe('valueAndGrad falls back to eager, saying why once', () => {
  it('a function that reads a value while it runs', () => {
    const w = new Parameter(tensor([1, -2]), 'w');
    const heard: JitFallbackInfo[] = [];
    const fn = (a: Tensor) => {
      const s = sum(mul(a, w.value));
      // Control flow on data: a recording cannot replay it.
      return s.item() > 0 ? mul(s, 2) : sub(0, s);
    };
    const compiled = valueAndGrad(fn, {
      gradPosition: null,
      weights: [w],
      jit: { onFallback: (info) => heard.push(info) },
    });
    const eager = valueAndGrad(fn, { gradPosition: null, weights: [w], jit: false });
    for (const values of [
      [3, 1],
      [1, 1],
      [0, 1],
      [5, 0],
    ]) {
      const a = tensor(values);
      expect(compiled(a)[0].item()).toBe(eager(a)[0].item());
      expect((compiled(a)[1][0] as Tensor).toArray()).toEqual((eager(a)[1][0] as Tensor).toArray());
    }
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({ name: 'valueAndGrad' });
    expect(heard[0]!.reason).toMatch(/reads a value while it runs \(item: /);
  });

  it('an Embedding with sparse gradients: its rows change with every batch', () => {
    const embed = new Embedding(6, 2, { sparseGradient: true });
    const heard: JitFallbackInfo[] = [];
    const gradFn = valueAndGrad((ids: Tensor) => sum(embed(ids)), {
      gradPosition: null,
      weights: embed.trainableParams(),
      jit: { onFallback: (info) => heard.push(info) },
    });
    for (const ids of [
      [0, 1],
      [2, 3],
      [4, 5],
    ]) {
      const [, [g]] = gradFn(tensor(ids, undefined, 'int32'));
      expect((g as { indices: Tensor }).indices.toArray()).toEqual(ids);
    }
    expect(heard.map((info) => info.reason)).toEqual([
      'it looks rows up with sparse gradients, whose rows change with every batch',
    ]);
  });

  it('under a recorder (a gradient of the step) it runs as it is', () => {
    const w = new Parameter(tensor([1, 2]), 'w');
    const inner = valueAndGrad((a: Tensor) => sum(mul(mul(a, a), w.value)), 0);
    // d/da of the inner gradient's sum: d/da sum(2·a·w) = 2w, whichever call compiles.
    const outer = autogradGrad((a: Tensor) => sum(inner(a)[1]));
    for (let i = 0; i < 3; i++) expect(outer(tensor([3, 4])).toArray()).toEqual([2, 4]);
    expect(add(inner(tensor([1, 1]))[1], 0).toArray()).toEqual([2, 4]);
  });
});

describe('the jit option of valueAndGrad', () => {
  it('is checked with the other options, before anything runs', () => {
    const fn = (a: Tensor) => sum(a);
    expect(() => valueAndGrad(fn, { jitt: false } as never)).toThrow(
      /valueAndGrad: argument 'jitt' is not a known option; did you mean 'jit'\?/,
    );
    expect(() => valueAndGrad(fn, { jit: 0 } as never)).toThrow(
      /valueAndGrad: argument 'jit' must be true, false or \{ onFallback \}, got a number 0/,
    );
  });
});
