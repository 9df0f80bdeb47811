import type { Tensor } from '@gradkit/tensor';
import type { Cell, Dataset } from '@gradkit/train';
import type { Digits } from '../data/digits.js';
import type { Schedule } from '../models/optimizers.js';
import { type Evaluation, evaluate } from './evaluate.js';
import type { EpochRecord } from './history.js';
import { startEpochProgress } from './progress.js';

export interface TrainEpochsOptions {
  readonly net: Cell<[Tensor], Tensor>;
  readonly trainStep: (data: Tensor, label: Tensor) => Tensor;
  /** The training batches; epoch e (from 1) reads the dataset's epoch e - 1. */
  readonly train: Dataset;
  readonly test: Dataset;
  /** The test digits, for scoring. */
  readonly testDigits: Digits;
  readonly schedule: Schedule | undefined;
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
  const steps = o.train.getDatasetSize();
  for (let epoch = o.startEpoch + 1; epoch <= o.epochs; epoch++) {
    const started = performance.now();
    const progress = startEpochProgress(epoch, o.epochs, steps);
    let lossSum = 0;
    let seen = 0;
    let step = 0;
    o.net.setTrain(true);
    for (const [images, labels] of o.train.createIterator(epoch - 1)) {
      const count = labels!.shape[0]!;
      const loss = o.trainStep(images!, labels!);
      const value = (await loss.data())[0]!;
      loss.dispose();
      images!.dispose();
      labels!.dispose();
      if (!Number.isFinite(value)) throw new Error(`epoch ${epoch}: the loss is ${value}`);
      o.schedule?.afterStep();
      lossSum += value * count;
      seen += count;
      progress.update(++step, lossSum / seen);
    }
    o.schedule?.afterEpoch();
    progress.stop();
    const evaluation = await evaluate(o.net, o.test, o.testDigits);
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
