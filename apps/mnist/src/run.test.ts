import { mkdtempSync, readFileSync } from 'node:fs';
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
  it('the MLP learns real digits: ≥ 88% on 1,000 held-out digits after 2 epochs on 2,000', async () => {
    const out = tmp();
    const result = await run(
      optionsFor([
        '--model',
        'mlp',
        '--epochs',
        '2',
        '--limit',
        '2000',
        '--test-limit',
        '1000',
        '--out',
        out,
      ]),
      quiet,
    );
    expect(result.history).toHaveLength(2);
    expect(result.history[1]!.trainLoss).toBeLessThan(result.history[0]!.trainLoss);
    expect(result.evaluation!.accuracy).toBeGreaterThanOrEqual(0.88);
    // The report has the curve, the confusion matrix and the misclassified digits.
    expect(readFileSync(result.files.curve, 'utf8')).toMatch(/^<svg/);
    const html = readFileSync(result.files.report, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('Confusion matrix');
    expect(html).toMatch(/<img src="data:image\/png;base64,/);
  });

  it('LeNet5: the same seed gives the same losses, and --resume continues exactly', async () => {
    const args = ['--limit', '192', '--test-limit', '100', '--batch-size', '32', '--seed', '3'];
    const straight = await run(optionsFor([...args, '--epochs', '2', '--out', tmp()]), quiet);
    const firstOut = tmp();
    const first = await run(optionsFor([...args, '--epochs', '1', '--out', firstOut]), quiet);
    expect(first.history[0]).toMatchObject({
      trainLoss: straight.history[0]!.trainLoss,
      testAccuracy: straight.history[0]!.testAccuracy,
    });
    const resumed = await run(
      optionsFor([
        '--epochs',
        '2',
        '--resume',
        first.files.checkpoint,
        '--test-limit',
        '100',
        '--out',
        tmp(),
      ]),
      quiet,
    );
    expect(resumed.history.map((r) => [r.trainLoss, r.testAccuracy])).toEqual(
      straight.history.map((r) => [r.trainLoss, r.testAccuracy]),
    );
    expect(resumed.evaluation!.predictions).toEqual(straight.evaluation!.predictions);
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
