import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOptions } from './cli/options.js';
import { UsageError } from './cli/usage-error.js';
import { run } from './run.js';

const quiet = () => {};

function optionsFor(argv: string[]) {
  const parsed = parseOptions(argv);
  if (parsed.help) throw new Error('unexpected help');
  return parsed.options;
}

const tmp = () => mkdtempSync(join(tmpdir(), 'gradkit-mnist-'));

describe('a shortened real training run', () => {
  it('the MLP learns real digits: ≥ 88% on 1,000 test digits after 3 epochs on 2,000', async () => {
    const out = tmp();
    const result = await run(
      optionsFor([
        '--model',
        'mlp',
        '--epochs',
        '3',
        '--limit',
        '2000',
        '--test-limit',
        '1000',
        '--out',
        out,
      ]),
      quiet,
    );
    expect(result.history).toHaveLength(3);
    expect(result.history[2]!.trainLoss).toBeLessThan(result.history[0]!.trainLoss);
    expect(result.evaluation!.accuracy).toBeGreaterThanOrEqual(0.88);
    expect(result.evaluation!.predictions).toHaveLength(1000);
    // The report has the curve, the confusion matrix and the misclassified digits.
    expect(readFileSync(result.files.curve, 'utf8')).toMatch(/^<svg/);
    const html = readFileSync(result.files.report, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('Confusion matrix');
    expect(html).toMatch(/<img src="data:image\/png;base64,/);
  });

  it('LeNet5: the same seed gives the same losses, and --resume continues an interrupted run exactly', async () => {
    const args = ['--limit', '192', '--test-limit', '100', '--batch-size', '32', '--seed', '3'];
    // The one-cycle schedule spans both epochs; the checkpoint after epoch 1 is what an
    // interrupted run leaves behind.
    const saved = join(tmp(), 'after-epoch-1.safetensors');
    const straightOut = tmp();
    const straight = await run(
      optionsFor([...args, '--epochs', '2', '--out', straightOut]),
      (line) => {
        if (line.startsWith('epoch 1:'))
          copyFileSync(join(straightOut, 'checkpoint.safetensors'), saved);
      },
    );
    const again = await run(optionsFor([...args, '--epochs', '2', '--out', tmp()]), quiet);
    expect(again.history.map((r) => r.trainLoss)).toEqual(straight.history.map((r) => r.trainLoss));
    const resumed = await run(
      optionsFor(['--resume', saved, '--test-limit', '100', '--out', tmp()]),
      quiet,
    );
    expect(resumed.history.map((r) => [r.trainLoss, r.testAccuracy])).toEqual(
      straight.history.map((r) => [r.trainLoss, r.testAccuracy]),
    );
    expect(resumed.evaluation!.predictions).toEqual(straight.evaluation!.predictions);
    await expect(
      run(optionsFor(['--resume', saved, '--epochs', '3', '--out', tmp()]), quiet),
    ).rejects.toThrow(/--epochs 3 contradicts the checkpoint's one-cycle schedule over 2 epochs/);
  });

  it('refuses a resume whose flags contradict the checkpoint', async () => {
    const first = await run(
      optionsFor([
        '--model',
        'mlp',
        '--epochs',
        '1',
        '--limit',
        '64',
        '--test-limit',
        '50',
        '--out',
        tmp(),
      ]),
      quiet,
    );
    await expect(
      run(
        optionsFor(['--model', 'lenet5', '--resume', first.files.checkpoint, '--out', tmp()]),
        quiet,
      ),
    ).rejects.toThrow(UsageError);
  });
});
