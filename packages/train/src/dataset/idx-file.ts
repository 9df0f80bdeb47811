import { ValueError } from '@gradkit/tensor';

/** An IDX file's contents: unsigned bytes with their dimensions (MNIST's images and labels). */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

/** What a reader expects of one file: its dimensions after the first, and a count to match. */
export interface IdxExpectation {
  /** The number of dimensions, e.g. 3 for images [count, rows, columns], 1 for labels. */
  readonly rank: number;
  /** The dimensions after the first (e.g. [28, 28]); checked when given. */
  readonly innerDims?: readonly number[];
  /** The first dimension (the item count); checked when given. */
  readonly count?: number;
}

const UNSIGNED_BYTE = 0x08;

/**
 * Parses an IDX file (the format of the original MNIST distribution): a big-endian header of
 * two zero bytes, a type code, the number of dimensions and each dimension as a uint32, then
 * the values. Only unsigned bytes (type 0x08) are read, as MNIST stores them. The values are a
 * view into `bytes` (no copy). `op` and `file` name the caller and the file in errors, which
 * say what was expected.
 */
export function parseIdx(
  bytes: Uint8Array,
  expected: IdxExpectation,
  op: string,
  file: string,
): IdxArray {
  const fail = (detail: string): never => {
    throw new ValueError(op, 'datasetDir', `has a bad ${file}: ${detail}`);
  };
  const headerSize = 4 + 4 * expected.rank;
  if (bytes.length < 4) {
    fail(`expected an IDX header of ${headerSize} bytes, the file has ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const wantedMagic = (UNSIGNED_BYTE << 8) | expected.rank;
  if (magic !== wantedMagic) {
    fail(
      `expected the magic number 0x${wantedMagic.toString(16).padStart(8, '0')} (unsigned bytes, ${expected.rank} dimensions), got 0x${magic.toString(16).padStart(8, '0')}`,
    );
  }
  if (bytes.length < headerSize) {
    fail(`expected an IDX header of ${headerSize} bytes, the file has ${bytes.length}`);
  }
  const dims = Array.from({ length: expected.rank }, (_, i) => view.getUint32(4 + 4 * i));
  if (expected.count !== undefined && dims[0] !== expected.count) {
    fail(
      `expected ${expected.count} items to match its companion file, the header says ${dims[0]}`,
    );
  }
  expected.innerDims?.forEach((wanted, i) => {
    if (dims[i + 1] !== wanted) {
      fail(`expected dimensions [n, ${expected.innerDims!.join(', ')}], got [${dims.join(', ')}]`);
    }
  });
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== headerSize + size) {
    fail(
      `expected ${headerSize + size} bytes for dimensions [${dims.join(', ')}], the file has ${bytes.length}${bytes.length < headerSize + size ? ' (truncated?)' : ''}`,
    );
  }
  return { dims, data: bytes.subarray(headerSize) };
}
