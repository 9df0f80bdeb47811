import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** An IDX file of unsigned bytes: magic 0x0000080N, N big-endian uint32 dims, then the bytes. */
export function idxBytes(dims: readonly number[], values: ArrayLike<number>): Uint8Array {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(0x0800 | dims.length, 0);
  dims.forEach((d, i) => {
    header.writeUInt32BE(d, 4 + 4 * i);
  });
  return Buffer.concat([header, Buffer.from(Uint8Array.from(values))]);
}

/** Pixel j of digit i in the small test files: distinct per digit and position. */
export const pixelOf = (i: number, j: number) => (i * 31 + j) % 256;

/** A directory holding small MNIST files: `train` and `test` digits with the given labels. */
export function writeSmallMnist(train: readonly number[], test: readonly number[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'gradkit-idx-'));
  mkdirSync(dir, { recursive: true });
  const write = (prefix: string, labels: readonly number[], offset: number) => {
    const pixels = labels.flatMap((_, i) =>
      Array.from({ length: 784 }, (_, j) => pixelOf(i + offset, j)),
    );
    writeFileSync(
      join(dir, `${prefix}-images-idx3-ubyte`),
      idxBytes([labels.length, 28, 28], pixels),
    );
    writeFileSync(join(dir, `${prefix}-labels-idx1-ubyte`), idxBytes([labels.length], labels));
  };
  write('train', train, 0);
  write('t10k', test, train.length);
  return dir;
}
