import { memory } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { type Digits, PIXELS } from '../data/digit-codec.js';
import { buildOptimizer, DEFAULT_SPEC } from '../optim/optimizer-spec.js';
import { Trainer } from './trainer.js';
import { TrainingLoop } from './training-loop.js';

/** n synthetic digits: class c lights row band c (rows 2c+4 .. 2c+6), with some noise. */
function bands(n: number, seed: number): Digits {
  const pixels = new Float32Array(n * PIXELS);
  const labels = new Uint8Array(n);
  let s = seed;
  const noise = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  for (let i = 0; i < n; i++) {
    const c = i % 10;
    labels[i] = c;
    for (let p = 0; p < PIXELS; p++) {
      const row = Math.floor(p / 28);
      pixels[i * PIXELS + p] =
        row >= 2 * c + 4 && row < 2 * c + 6 ? 0.8 + 0.2 * noise() : 0.1 * noise();
    }
  }
  return { pixels, labels, count: n };
}

describe('Trainer (CPU backend)', () => {
  const optimizer = () =>
    buildOptimizer({ ...DEFAULT_SPEC, schedule: 'constant', learningRate: 0.01 });

  it('drives the loss down, learns the test set and keeps memory flat', async () => {
    const trainer = new Trainer(bands(200, 1), bands(50, 2), optimizer().transform, {
      hidden: 16,
      seed: 0,
    });
    const first = await trainer.trainStep(32);
    expect(first.step).toBe(1);
    expect(first.loss).toBeGreaterThan(1.5);
    const baseline = memory().tensors;
    let last = first;
    for (let i = 0; i < 60; i++) last = await trainer.trainStep(32);
    expect(memory().tensors).toBe(baseline);
    expect(last.step).toBe(61);
    expect(last.loss).toBeLessThan(0.3 * first.loss);
    expect(await trainer.testAccuracy()).toBeGreaterThan(0.9);
    expect(memory().tensors).toBe(baseline);

    const probabilities = await trainer.predict(bands(10, 3).pixels.slice(3 * PIXELS, 4 * PIXELS));
    expect(probabilities).toHaveLength(10);
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(probabilities.indexOf(Math.max(...probabilities))).toBe(3);

    trainer.setOptimizer(optimizer().transform);
    await trainer.trainStep(32);
    expect(memory().tensors).toBe(baseline);
    trainer.dispose();
  });

  it('the loop runs steps until paused and tests every few steps', async () => {
    const trainer = new Trainer(bands(100, 4), bands(20, 5), optimizer().transform, {
      hidden: 8,
      seed: 1,
    });
    const steps: number[] = [];
    const tests: number[] = [];
    let paused: () => void = () => {};
    const twelve = new Promise<void>((resolve) => {
      paused = resolve;
    });
    const loop = new TrainingLoop(
      trainer,
      { batchSize: () => 10, testEvery: 5 },
      {
        step: (r) => {
          steps.push(r.step);
          if (r.step === 12) {
            loop.pause();
            paused();
          }
        },
        test: (step) => tests.push(step),
        running: () => {},
        error: (e) => {
          throw e;
        },
      },
    );
    loop.start();
    await twelve;
    await loop.stop();
    expect(steps).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(tests).toEqual([5, 10]);
    expect(loop.running).toBe(false);
    trainer.dispose();
  });
});
