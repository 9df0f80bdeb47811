// Resuming from a checkpoint replays an uninterrupted run bit for bit, Dropout's masks included.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { SequentialCell } from '../cell/sequential-cell.js';
import { setSeed } from '../initializers/seed.js';
import { ReLU } from '../layers/activations.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { TrainOneStepCell } from '../loss-scale/train-one-step-cell.js';
import { WithLossCell } from '../loss-scale/with-loss-cell.js';
import { CrossEntropyLoss } from '../losses/class-losses.js';
import { Adam } from '../mindspore/nn/adam.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { encodeSafetensors } from './safetensors.js';

const directory = mkdtempSync(join(tmpdir(), 'gradkit-resume-'));
const x = tensor([
  [1, 2, 3, 4],
  [0, -1, 2, 1],
  [3, 0, -2, 1],
]);
const y = tensor([0, 2, 1], undefined, 'int32');

/** A network whose dropout key comes from the global stream (so it depends on the seed). */
function build(seed: number) {
  setSeed(seed);
  const net = new SequentialCell([
    new Dense(4, 16),
    new ReLU(),
    new Dropout({ p: 0.5 }),
    new Dense(16, 3),
    new Dropout({ p: 0.2 }),
  ]);
  const optimizer = new Adam(net.trainableParams(), { learningRate: 0.05 });
  const step = new TrainOneStepCell(new WithLossCell(net, new CrossEntropyLoss()), optimizer);
  step.setTrain(true);
  const run = (steps: number) => {
    const losses: number[] = [];
    for (let i = 0; i < steps; i++) {
      const loss = step(x, y);
      losses.push(loss.item() as number);
      loss.dispose();
    }
    return losses;
  };
  const weights = () => net.getParameters().map((p) => Array.from(p.value.dataSync()));
  return { net, optimizer, run, weights };
}

describe('resuming from a checkpoint', () => {
  it('continues bit-exactly with Dropout, in a fresh model built with another seed', () => {
    const uninterrupted = build(1);
    const expected = uninterrupted.run(8);

    const first = build(1);
    const before = first.run(4);
    const path = join(directory, 'resume.safetensors');
    saveCheckpoint(first.net, path, { optimizer: first.optimizer });

    const resumed = build(99);
    loadCheckpoint(path, resumed.net, { optimizer: resumed.optimizer });
    const after = resumed.run(4);
    expect([...before, ...after]).toEqual(expected);
    expect(resumed.weights()).toEqual(uninterrupted.weights());

    // The check has teeth: the same resume with the masks started over diverges.
    const restarted = build(99);
    loadCheckpoint(path, restarted.net, { optimizer: restarted.optimizer });
    const dropout = restarted.net.at(2) as Dropout;
    dropout.setRandomState({ ...dropout.getRandomState(), draws: 0 });
    expect(restarted.run(4)).not.toEqual(expected.slice(4));
  });

  it('refuses a file without the random state a Dropout needs, changing nothing', () => {
    const { net } = build(2);
    const path = join(directory, 'resume-other.safetensors');
    saveCheckpoint(net, path);
    const plain = new SequentialCell([new Dense(4, 16), new ReLU(), new Dense(16, 3)]);
    expect(() => loadCheckpoint(path, plain)).toThrow(/unexpected 'random-state:2'/);
    const target = build(3);
    const stateBefore = (target.net.at(2) as Dropout).getRandomState();
    const bytes = encodeSafetensors(
      new Map(net.parametersAndNames().map(([name, p]) => [name, p.value])),
      { 'gradkit.format': '2' },
    );
    const withoutState = join(directory, 'without-state.safetensors');
    saveBytes(withoutState, bytes);
    expect(() => loadCheckpoint(withoutState, target.net)).toThrow(
      /missing 'random-state:2' \(the random state of that cell\); missing 'random-state:4'/,
    );
    expect((target.net.at(2) as Dropout).getRandomState()).toEqual(stateBefore);
  });

  it('loads a file from before random states were saved, keeping the cell state', () => {
    const { net } = build(4);
    const bytes = encodeSafetensors(
      new Map(net.parametersAndNames().map(([name, p]) => [name, p.value])),
      { 'gradkit.format': '1' },
    );
    const path = join(directory, 'format-1.safetensors');
    saveBytes(path, bytes);
    const target = build(5);
    const stateBefore = (target.net.at(2) as Dropout).getRandomState();
    loadCheckpoint(path, target.net);
    expect((target.net.at(2) as Dropout).getRandomState()).toEqual(stateBefore);
    expect(target.weights()).toEqual(
      net.getParameters().map((p) => Array.from(p.value.dataSync())),
    );
  });
});

function saveBytes(path: string, bytes: Uint8Array): void {
  writeFileSync(path, bytes);
}
