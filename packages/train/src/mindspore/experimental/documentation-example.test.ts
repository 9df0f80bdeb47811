// MindSpore's experimental.optim.Adam and Adamax documentation example, in TypeScript: a LeNet5,
// SoftmaxCrossEntropyWithLogits({ sparse: true }), valueAndGrad(forwardFn, null,
// optimizer.parameters, true) and optimizer(grads) — with the conv weights in a group with
// weight decay and a StepLR, checked against the same run in PyTorch
// (fixtures/optimizers-lenet5.json) from the same weights and data.
import { dispose, memory, type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { LeNet5 } from '../../examples/lenet5.js';
import { valueAndGrad } from '../../grad/value-and-grad.js';
import { SoftmaxCrossEntropyWithLogits } from '../../losses/class-losses.js';
import { Adam } from './adam.js';
import { Adamax } from './adamax.js';
import { StepLR } from './lr-scheduler/step-lr.js';
import type { Optimizer } from './optimizer.js';
import type { OptimizerParams } from './param-groups.js';
import { expectValuesClose, readFixture } from './testing/fixtures.js';

interface Summary {
  head: number[];
  sum: number;
  absSum: number;
}
interface Run {
  losses: number[][];
  params: Record<string, Summary>[];
  lrs: number[];
}
const fixtures = readFixture<{
  torch: string;
  labels: number[];
  sample: number;
  adam: Run;
  adamax: Run;
}>('optimizers-lenet5.json');

const FAN_IN: Record<string, number> = {
  'conv1.weight': 25,
  'conv2.weight': 150,
  'fc1.weight': 400,
  'fc1.bias': 400,
  'fc2.weight': 120,
  'fc2.bias': 120,
  'fc3.weight': 84,
  'fc3.bias': 84,
};

/** A LeNet5 with the script's weights: w[i] = sin(0.7·i + 1.1·k + 0.3)/√fanIn for the k-th parameter. */
function lenet(): LeNet5 {
  const net = new LeNet5();
  net.trainableParams().forEach((param, k) => {
    const n = param.shape.reduce((a, b) => a * b, 1);
    const scale = 1 / Math.sqrt(FAN_IN[param.name]!);
    const values = Float32Array.from(
      { length: n },
      (_, i) => Math.sin(0.7 * i + 1.1 * k + 0.3) * scale,
    );
    param.value = tensor(values, [...param.shape]);
  });
  return net;
}

function batch(): [Tensor, Tensor] {
  const images = Float32Array.from({ length: 4 * 32 * 32 }, (_, i) => Math.sin(0.37 * i));
  return [tensor(images, [4, 1, 32, 32]), tensor(fixtures.labels, undefined, 'int32')];
}

/** The documentation example, line for line. */
function seedTrainStep(net: LeNet5, optimizer: Optimizer) {
  const lossFn = new SoftmaxCrossEntropyWithLogits({ sparse: true });
  function forwardFn(data: Tensor, label: Tensor) {
    const logits = net(data);
    const loss = lossFn(logits, label);
    return [loss, logits] as const;
  }
  const gradFn = valueAndGrad(forwardFn, null, optimizer.parameters, true);
  return function trainStep(data: Tensor, label: Tensor): Tensor {
    const [[loss, logits], grads] = gradFn(data, label);
    optimizer(grads);
    dispose([logits, grads]); // MindSpore leaves these to its garbage collector
    return loss;
  };
}

function groups(net: LeNet5): OptimizerParams {
  const params = net.trainableParams();
  return [
    { params: params.filter((p) => p.name.startsWith('conv')), weightDecay: 0.01 },
    { params: params.filter((p) => !p.name.startsWith('conv')) },
  ];
}

const cases = [
  ['Adam', fixtures.adam, (net: LeNet5) => new Adam(groups(net), { lr: 0.01 })],
  ['Adamax', fixtures.adamax, (net: LeNet5) => new Adamax(groups(net), { lr: 0.02 })],
] as const;

describe(`the documented train_step on LeNet5, against torch ${fixtures.torch}`, () => {
  for (const [name, expected, make] of cases) {
    it(`${name} with a weight-decay group and StepLR matches PyTorch, and the loss falls`, () => {
      const net = lenet();
      const optimizer = make(net);
      expect(optimizer.paramGroups.map((g) => g.params.length)).toEqual([2, 6]);
      const scheduler = new StepLR(optimizer, 2, { gamma: 0.5 });
      const trainStep = seedTrainStep(net, optimizer);
      const [data, label] = batch();
      const totals: number[] = [];
      expected.losses.forEach((losses, step) => {
        const loss = trainStep(data, label);
        scheduler.step();
        expectValuesClose(loss.dataSync(), losses, `${name} step ${step + 1} loss`, 1e-4);
        totals.push(losses.reduce((a, b) => a + b, 0));
        loss.dispose();
        for (const [paramName, param] of net.parametersAndNames()) {
          const summary = expected.params[step]![paramName]!;
          const values = param.value.dataSync();
          const where = `${name} step ${step + 1} ${paramName}`;
          expectValuesClose(values.subarray(0, fixtures.sample), summary.head, where, 1e-4);
          let sum = 0;
          let absSum = 0;
          for (const v of values) {
            sum += v;
            absSum += Math.abs(v);
          }
          expectValuesClose([sum, absSum], [summary.sum, summary.absSum], `${where} sums`, 1e-3);
        }
      });
      expect(optimizer.paramGroups.map((g) => g.lr)).toEqual(expected.lrs);
      // The loss the steps saw falls from the first to the last.
      expect(totals.at(-1)!).toBeLessThan(totals[0]! * 0.6);
      dispose([data, label]);
    });
  }

  for (const [name, Class] of [
    ['Adam', Adam],
    ['Adamax', Adamax],
  ] as const) {
    it(`${name}(net.trainableParams(), { lr: 0.1 }) as written learns a fixed batch, memory flat`, () => {
      const net = lenet();
      const optimizer = new Class(net.trainableParams(), { lr: 0.1 });
      const trainStep = seedTrainStep(net, optimizer);
      const [data, label] = batch();
      const sumOf = (loss: Tensor) => {
        const total = Array.from(loss.dataSync()).reduce((a, b) => a + b, 0);
        loss.dispose();
        return total;
      };
      const first = sumOf(trainStep(data, label));
      // The second step compiles: its recording keeps its constants (scalars) from then on.
      sumOf(trainStep(data, label));
      const live = memory().tensors;
      let last = first;
      for (let step = 0; step < 13; step++) last = sumOf(trainStep(data, label));
      expect(memory().tensors).toBe(live);
      expect(last).toBeLessThan(first);
      dispose([data, label]);
    });
  }
});
