import { memory } from '@gradkit/tensor';
import {
  type BackendChoice,
  isBackendChoice,
  type OpenedBackend,
  openBackend,
  webgpuOffered,
} from './backend/open-backend.js';
import { type Digits, decodeDigits } from './data/digit-codec.js';
import type { BuiltOptimizer } from './optim/optimizer-spec.js';
import { MovingAverage, ThroughputMeter } from './train/throughput-meter.js';
import { Trainer } from './train/trainer.js';
import { TrainingLoop } from './train/training-loop.js';
import { DrawPad } from './ui/draw-pad.js';
import { createLineChart } from './ui/line-chart.js';
import { OptimizerForm } from './ui/optimizer-form.js';
import { ProbabilityBars } from './ui/probability-bars.js';
import { StatusPanel } from './ui/status-panel.js';

const HIDDEN = 64;
const SEED = 0;
const TEST_EVERY = 50;

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`missing #${id}`);
  return element as T;
}

/** Wires the page: backend, trainer, loop, controls, charts and the drawing pad. */
export async function startApp(): Promise<void> {
  const body = document.body;
  const errorBox = byId<HTMLParagraphElement>('error');
  const startButton = byId<HTMLButtonElement>('start');
  const resetButton = byId<HTMLButtonElement>('reset');
  const sampleButton = byId<HTMLButtonElement>('sample');
  const backendSelect = byId<HTMLSelectElement>('backend');
  const batchSelect = byId<HTMLSelectElement>('batch-size');
  const status = new StatusPanel();
  const bars = new ProbabilityBars(byId('probabilities'), byId('prediction'));
  const lossChart = createLineChart(byId('loss-chart'), {
    title: 'Training loss',
    series: [
      { label: 'loss', stroke: '#8ab4f8', width: 1 },
      { label: 'smoothed', stroke: '#0b57d0', width: 2 },
    ],
  });
  const accuracyChart = createLineChart(byId('accuracy-chart'), {
    title: 'Accuracy',
    range: [0, 1],
    series: [
      { label: 'batch (smoothed)', stroke: '#137333', width: 2 },
      { label: `test (${TEST_EVERY}-step)`, stroke: '#b06000', width: 2, dash: [6, 4] },
    ],
  });

  const showError = (error: unknown) => {
    console.error(error);
    errorBox.textContent = error instanceof Error ? error.message : String(error);
    errorBox.hidden = false;
    body.dataset.state = 'error';
  };

  const data = await import('virtual:mnist-digits');
  const train: Digits = decodeDigits(data.train);
  const test: Digits = decodeDigits(data.test);

  let optimizer: BuiltOptimizer | undefined;
  let opened: OpenedBackend | undefined;
  let loop: TrainingLoop | undefined;
  let drawn: Float32Array | null = null;
  const lossAverage = new MovingAverage(0.9);
  const accuracyAverage = new MovingAverage(0.9);
  const meter = new ThroughputMeter();
  let firstLoss = Number.NaN;

  const form = new OptimizerForm(byId('controls'), (built) => {
    optimizer = built;
    void loop?.exclusive(async (t) => t.setOptimizer(built.transform)).catch(showError);
  });
  optimizer = form.build();

  // Predictions: one at a time; while one runs, only the latest drawing waits.
  let predicting = false;
  let waiting = false;
  const predict = async () => {
    if (loop === undefined || drawn === null) return;
    if (predicting) {
      waiting = true;
      return;
    }
    predicting = true;
    try {
      const input = drawn;
      const probabilities = await loop.exclusive((t) => t.predict(input));
      if (drawn !== null) bars.show(probabilities);
    } catch (error) {
      showError(error);
    } finally {
      predicting = false;
      if (waiting) {
        waiting = false;
        void predict();
      }
    }
  };
  const pad = new DrawPad(byId('pad'), (input) => {
    drawn = input;
    if (input === null) bars.clear();
    else void predict();
  });
  byId<HTMLButtonElement>('clear').addEventListener('click', () => pad.clear());
  sampleButton.addEventListener('click', () => {
    const index = Math.floor(Math.random() * test.count);
    pad.showDigit(test.pixels.subarray(index * 784, (index + 1) * 784));
  });

  const setRunning = (running: boolean) => {
    startButton.textContent = running ? 'Pause' : loop?.trainer.step ? 'Resume' : 'Start';
    startButton.setAttribute('aria-pressed', String(running));
    body.dataset.state = running ? 'training' : loop?.trainer.step ? 'paused' : 'ready';
  };

  const newTrainer = () => {
    if (optimizer === undefined) throw new Error('fix the optimizer form first');
    const trainer = new Trainer(train, test, optimizer.transform, { hidden: HIDDEN, seed: SEED });
    loop = new TrainingLoop(
      trainer,
      { batchSize: () => Number(batchSelect.value), testEvery: TEST_EVERY },
      {
        step: (r) => {
          meter.record(performance.now(), r.samples, r.ms);
          const loss = lossAverage.add(r.loss);
          if (Number.isNaN(firstLoss)) firstLoss = loss;
          const accuracy = accuracyAverage.add(r.accuracy);
          lossChart.push(r.step, [r.loss, loss]);
          accuracyChart.push(r.step, [accuracy, null]);
          status.showStep(
            r,
            { loss, accuracy, firstLoss },
            { samplesPerSecond: meter.samplesPerSecond(), msPerStep: meter.msPerStep() },
            trainer.epoch,
            memory().tensors,
          );
        },
        test: (_step, accuracy) => {
          accuracyChart.setLast(1, accuracy);
          status.showTest(accuracy);
          void predict();
        },
        running: setRunning,
        error: showError,
      },
    );
    lossAverage.reset();
    accuracyAverage.reset();
    meter.reset();
    firstLoss = Number.NaN;
    lossChart.clear();
    accuracyChart.clear();
    status.clear();
    setRunning(false);
    void predict();
  };

  const dropTrainer = async () => {
    if (loop === undefined) return;
    const old = loop;
    loop = undefined;
    await old.stop();
    old.trainer.dispose();
  };

  const useBackend = async (choice: BackendChoice) => {
    startButton.disabled = true;
    resetButton.disabled = true;
    sampleButton.disabled = true;
    body.dataset.state = 'loading';
    await dropTrainer();
    await opened?.dispose();
    opened = undefined;
    try {
      opened = await openBackend(choice);
    } catch (error) {
      status.showBackendError(choice);
      showError(error);
      return;
    }
    errorBox.hidden = true;
    status.showBackend(opened.name, opened.mode);
    newTrainer();
    startButton.disabled = false;
    resetButton.disabled = false;
    sampleButton.disabled = false;
  };

  startButton.addEventListener('click', () => {
    if (loop === undefined) return;
    if (loop.running) loop.pause();
    else loop.start();
  });
  resetButton.addEventListener('click', async () => {
    await dropTrainer();
    try {
      newTrainer();
    } catch (error) {
      showError(error);
    }
  });
  backendSelect.addEventListener('change', () => {
    if (isBackendChoice(backendSelect.value)) void useBackend(backendSelect.value);
  });

  const webgpu = backendSelect.querySelector<HTMLOptionElement>('option[value="webgpu"]')!;
  if (!webgpuOffered()) {
    webgpu.disabled = true;
    webgpu.textContent += ' (not offered by this browser)';
  }
  const requested = new URLSearchParams(location.search).get('backend') ?? 'webgl2';
  const choice: BackendChoice = isBackendChoice(requested) ? requested : 'webgl2';
  backendSelect.value = choice;
  await useBackend(choice);
}
