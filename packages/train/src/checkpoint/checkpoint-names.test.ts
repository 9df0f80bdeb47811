// Names and metadata that plain objects mishandle: '__proto__' round-trips, non-strings are
// refused at save (a safetensors reader would refuse the file).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../parameter/parameter.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { CheckpointError, decodeSafetensors, encodeSafetensors } from './safetensors.js';

const directory = mkdtempSync(join(tmpdir(), 'gradkit-checkpoint-names-'));

describe("a tensor or metadata key named '__proto__'", () => {
  it('is written to the header as a key and read back', () => {
    const metadata = JSON.parse('{"__proto__": "kept", "constructor": "too"}') as Record<
      string,
      string
    >;
    const bytes = encodeSafetensors(
      new Map([
        ['__proto__', tensor([1, 2])],
        ['constructor', tensor([3])],
      ]),
      metadata,
    );
    const length = new DataView(bytes.buffer).getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
    expect(Object.keys(header)).toEqual(['__metadata__', '__proto__', 'constructor']);
    const decoded = decodeSafetensors(bytes);
    expect([...decoded.tensors.keys()]).toEqual(['__proto__', 'constructor']);
    expect(decoded.tensors.get('__proto__')!.toArray()).toEqual([1, 2]);
    expect(Object.entries(decoded.metadata)).toEqual([
      ['__proto__', 'kept'],
      ['constructor', 'too'],
    ]);
  });

  it('survives saveCheckpoint and loadCheckpoint as a parameter name', () => {
    const path = join(directory, 'proto.safetensors');
    const saved = new Parameter(tensor([[1, 2]]), '__proto__');
    const metadata = JSON.parse('{"__proto__": "a key like any other"}') as Record<string, string>;
    saveCheckpoint([saved], path, { metadata });
    const loaded = new Parameter(tensor([[0, 0]]), '__proto__');
    const read = loadCheckpoint(path, [loaded]);
    expect(loaded.value.toArray()).toEqual([[1, 2]]);
    expect(Object.entries(read)).toEqual([['__proto__', 'a key like any other']]);
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
  });
});

describe('metadata that is not a string', () => {
  it('is refused at save, naming the key, and no file is written', () => {
    const path = join(directory, 'numbers.safetensors');
    const param = new Parameter(tensor([1]), 'w');
    expect(() => saveCheckpoint([param], path, { metadata: { epoch: 3 as never } })).toThrow(
      "saveCheckpoint: metadata 'epoch' must be a string (safetensors stores only strings), got number 3: pass String(value) or JSON.stringify(value)",
    );
    expect(() =>
      saveCheckpoint([param], path, { metadata: { config: { lr: 1 } as never } }),
    ).toThrow(CheckpointError);
    expect(existsSync(path)).toBe(false);
    expect(() => encodeSafetensors(new Map(), { done: true as never })).toThrow(
      /metadata 'done' must be a string .* got boolean true/,
    );
    saveCheckpoint([param], path, { metadata: { epoch: '3' } });
    expect(loadCheckpoint(path, [param])).toEqual({ epoch: '3' });
  });
});
