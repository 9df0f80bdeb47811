import type { Tensor } from '@gradkit/tensor';
import type { Cell } from '@gradkit/train';
import { batchIndices, type InputFormat, makeBatch } from '../data/batches.js';
import type { Digits } from '../data/mnist-digits.js';
import { createRng, epochSeed, permutation } from '../data/rng.js';
import { type Evaluation, evaluate } from './evaluate.js';
import type { EpochRecord } from './history.js';
import { startEpochProgress } from './progress.js';

export interface TrainEpochsOptions {
  readonly net: Cell<[Tensor], Tensor>;
  readonly trainStep: (data: Tensor, label: Tensor) => Tensor;
  readonly input: InputFormat;
  readonly train: Digits;
  readonly test: Digits;
  readonly batchSize: number;
  readonly seed: number;
  /** Epochs already done (a resumed run starts after them). */
  readonly startEpoch: number;
  readonly epochs: number;
  /** Called after every epoch, e.g. to print it and save a checkpoint. */
  readonly onEpoch: (record: EpochRecord, evaluation: Evaluation) => void | Promise<void>;
}

/**
 * Trains epochs startEpoch+1 … epochs. Each epoch's order depends only on (seed, epoch), so
 * a run resumed from a checkpoint replays exactly what an uninterrupted run would.
 */
export async function trainEpochs(o: TrainEpochsOptions): Promise<void> {
  for (let epoch = o.startEpoch + 1; epoch <= o.epochs; epoch++) {
    const started = performance.now();
    const order = permutation(o.train.count, createRng(epochSeed(o.seed, epoch)));
    const progress = startEpochProgress(epoch, o.epochs, o.train.count);
    let lossSum = 0;
    let seen = 0;
    for (const indices of batchIndices(order, o.batchSize)) {
      const [images, labels] = makeBatch(o.train, indices, o.input);
      const loss = o.trainStep(images, labels);
      const value = (await loss.data())[0]!;
      loss.dispose();
      images.dispose();
      labels.dispose();
      if (!Number.isFinite(value)) throw new Error(`epoch ${epoch}: the loss is ${value}`);
      lossSum += value * indices.length;
      seen += indices.length;
      progress.update(seen, lossSum / seen);
    }
    progress.stop();
    const evaluation = await evaluate(o.net, o.test, o.input);
    await o.onEpoch(
      {
        epoch,
        trainLoss: lossSum / seen,
        testAccuracy: evaluation.accuracy,
        seconds: (performance.now() - started) / 1000,
      },
      evaluation,
    );
  }
}
