import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDataDir } from '../data/mnist-data.js';

/** A header of IDX unsigned bytes with `dims`, as MNIST's files start. */
function idxHeader(dims: readonly number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(0x0800 | dims.length, 0);
  dims.forEach((d, i) => {
    header.writeUInt32BE(d, 4 + 4 * i);
  });
  return header;
}

/** A data folder holding the first `train` and `test` real digits, as valid IDX files. */
export function writeTinyMnist(train: number, test: number): string {
  const source = defaultDataDir();
  const dir = mkdtempSync(join(tmpdir(), 'gradkit-mnist-data-'));
  for (const [prefix, count] of [
    ['train', train],
    ['t10k', test],
  ] as const) {
    const images = readFileSync(join(source, `${prefix}-images-idx3-ubyte`));
    const labels = readFileSync(join(source, `${prefix}-labels-idx1-ubyte`));
    writeFileSync(
      join(dir, `${prefix}-images-idx3-ubyte`),
      Buffer.concat([idxHeader([count, 28, 28]), images.subarray(16, 16 + count * 784)]),
    );
    writeFileSync(
      join(dir, `${prefix}-labels-idx1-ubyte`),
      Buffer.concat([idxHeader([count]), labels.subarray(8, 8 + count)]),
    );
  }
  return dir;
}
