import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cast, type Tensor, tensor } from '@gradkit/tensor';
import { beforeEach, describe, expect, it } from 'vitest';
import { LeNet5 } from '../examples/lenet5.js';
import { Parameter } from '../parameter/parameter.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import type { CheckpointableOptimizer, OptimizerState } from './optimizer-state.js';
import { CheckpointError, decodeSafetensors, encodeSafetensors } from './safetensors.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'gradkit-checkpoint-'));
});

/** A stand-in for the optimizer classes: Adam-like state with a step count and moments. */
class FakeOptimizer implements CheckpointableOptimizer {
  step = 0;
  moments: Tensor[];
  loads = 0;
  constructor(shapes: number[][]) {
    this.moments = shapes.map((shape) =>
      tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)), shape),
    );
  }
  stateDict(): OptimizerState {
    return {
      step: this.step,
      groups: [{ lr: 0.1, amsgrad: false, name: null }],
      state: { moments: this.moments },
    };
  }
  loadStateDict(state: OptimizerState): void {
    const s = state as { step: number; state: { moments: Tensor[] } };
    if (s.state.moments.length !== this.moments.length) throw new Error('group size mismatch');
    this.step = s.step;
    // Keep copies: the loader frees the tensors it passed in.
    this.moments = s.state.moments.map((m) => cast(m, m.dtype));
    this.loads++;
  }
}

const bits = (t: Tensor) => Array.from(new Uint8Array(t.dataSync().buffer));

function snapshot(params: Parameter[]) {
  return params.map((p) => ({ value: p.value, bits: bits(p.value) }));
}

function expectUnchanged(params: Parameter[], before: ReturnType<typeof snapshot>) {
  params.forEach((p, i) => {
    expect(p.value).toBe(before[i]!.value);
    expect(bits(p.value)).toEqual(before[i]!.bits);
  });
}

describe('safetensors encoding', () => {
  it('writes the documented layout', () => {
    const bytes = encodeSafetensors(new Map([['w', tensor([1, 2])]]), { note: 'x' });
    const view = new DataView(bytes.buffer);
    const length = view.getUint32(0, true);
    expect(view.getUint32(4, true)).toBe(0);
    expect(length % 8).toBe(0);
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + length));
    expect(JSON.parse(header)).toEqual({
      __metadata__: { note: 'x' },
      w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
    });
    expect(header.trimEnd()).toBe(header.replace(/ +$/, ''));
    expect(Array.from(new Float32Array(bytes.slice(8 + length).buffer))).toEqual([1, 2]);
  });

  it('round-trips every dtype bit for bit, including -0, NaN and extremes', () => {
    const values = new Map<string, Tensor>([
      ['f32', tensor(new Float32Array([-0, Number.NaN, 3.4e38, 1e-45, -1.5]), [5])],
      ['f64', tensor(new Float64Array([Math.PI, -0, 5e-324, Number.POSITIVE_INFINITY]), [2, 2])],
      ['i32', tensor(new Int32Array([-2147483648, 2147483647, 0]), [3])],
      ['bool', tensor([true, false, true], [3], 'bool')],
      ['empty', tensor(new Float32Array(0), [0, 3])],
      ['scalar', tensor(new Float64Array([7]), [])],
    ]);
    const { tensors, metadata } = decodeSafetensors(encodeSafetensors(values));
    expect(metadata).toEqual({});
    for (const [name, t] of values) {
      const back = tensors.get(name)!;
      expect(back.dtype).toBe(t.dtype);
      expect(back.shape).toEqual(t.shape);
      expect(bits(back)).toEqual(bits(t));
    }
  });
});

describe('saveCheckpoint / loadCheckpoint', () => {
  it('round-trips a LeNet5 and an optimizer bit for bit into fresh objects, atomically', () => {
    const path = join(directory, 'lenet.safetensors');
    const net = new LeNet5();
    const optimizer = new FakeOptimizer(net.trainableParams().map((p) => [...p.shape]));
    optimizer.step = 12;
    optimizer.moments[0] = tensor(
      new Float32Array(150).map((_, i) => i / 7),
      [6, 1, 5, 5],
    );
    saveCheckpoint(net, path, { optimizer, metadata: { epoch: '3' } });
    expect(readdirSync(directory)).toEqual(['lenet.safetensors']);

    const fresh = new LeNet5();
    const freshOptimizer = new FakeOptimizer(fresh.trainableParams().map((p) => [...p.shape]));
    const metadata = loadCheckpoint(path, fresh, { optimizer: freshOptimizer });
    expect(metadata).toEqual({ epoch: '3' });
    const saved = net.parametersAndNames();
    fresh.parametersAndNames().forEach(([name, param], i) => {
      expect(name).toBe(saved[i]![0]);
      expect(bits(param.value)).toEqual(bits(saved[i]![1].value));
    });
    expect(freshOptimizer.step).toBe(12);
    expect(bits(freshOptimizer.moments[0]!)).toEqual(bits(optimizer.moments[0]!));
    const names = [...decodeSafetensors(readFileSync(path)).tensors.keys()];
    expect(names).toContain('conv1.weight');
    expect(names).toContain('optimizer.state.moments.0');
  });

  it('works with a list of parameters and tolerates optimizer tensors when no optimizer is given', () => {
    const path = join(directory, 'params.safetensors');
    const w = new Parameter(tensor([[1, 2]]), 'w');
    const n = new Parameter(tensor([3], [1], 'int32'), 'n');
    saveCheckpoint([w, n], path, { optimizer: new FakeOptimizer([[1]]) });
    const w2 = new Parameter(tensor([[0, 0]]), 'w');
    const n2 = new Parameter(tensor([0], [1], 'int32'), 'n');
    loadCheckpoint(path, [w2, n2]);
    expect(w2.value.toArray()).toEqual([[1, 2]]);
    expect(n2.value.toArray()).toEqual([3]);
  });

  describe('fails clearly and changes nothing', () => {
    function setupFile() {
      const path = join(directory, 'model.safetensors');
      const params = [new Parameter(tensor([[1, 2, 3]]), 'a'), new Parameter(tensor([4]), 'b')];
      saveCheckpoint(params, path, { optimizer: new FakeOptimizer([[2]]) });
      const target = [new Parameter(tensor([[9, 9, 9]]), 'a'), new Parameter(tensor([9]), 'b')];
      return { path, bytes: new Uint8Array(readFileSync(path)), target, before: snapshot(target) };
    }

    const mismatches: [string, Parameter[], RegExp][] = [
      ['a missing tensor', [new Parameter(tensor([1]), 'c')], /missing 'c'/],
      [
        'a wrong shape',
        [new Parameter(tensor([[1, 2]]), 'a'), new Parameter(tensor([1]), 'b')],
        /'a' is float32 \[1, 3\] in the file but float32 \[1, 2\]/,
      ],
      [
        'a wrong dtype',
        [new Parameter(tensor([[1, 2, 3]]), 'a'), new Parameter(tensor([1], [1], 'int32'), 'b')],
        /'b' is float32 \[1\] in the file but int32 \[1\]/,
      ],
      ['an unexpected tensor', [new Parameter(tensor([[1, 2, 3]]), 'a')], /unexpected 'b'/],
    ];
    for (const [what, target, message] of mismatches) {
      it(`on ${what}`, () => {
        const { path } = setupFile();
        const before = snapshot(target);
        expect(() => loadCheckpoint(path, target)).toThrow(message);
        expectUnchanged(target, before);
      });
    }

    it('when the optimizer refuses its state, or the file has none', () => {
      const { path, target, before } = setupFile();
      const optimizer = new FakeOptimizer([[2], [3]]);
      expect(() => loadCheckpoint(path, target, { optimizer })).toThrow('group size mismatch');
      expectUnchanged(target, before);
      const plain = join(directory, 'plain.safetensors');
      saveCheckpoint([new Parameter(tensor([1]), 'b')], plain);
      const b = [new Parameter(tensor([5]), 'b')];
      expect(() => loadCheckpoint(plain, b, { optimizer })).toThrow(/no optimizer state/);
      expect(b[0]!.value.toArray()).toEqual([5]);
      expect(optimizer.loads).toBe(0);
    });

    const corruptions: [string, (bytes: Uint8Array) => Uint8Array, RegExp][] = [
      ['a truncated file', (b) => b.slice(0, b.length - 3), /tensors cover|outside/],
      ['a file shorter than 8 bytes', (b) => b.slice(0, 5), /shorter than the 8-byte/],
      [
        'a header length past the end',
        (b) => {
          const c = b.slice();
          new DataView(c.buffer).setUint32(0, 1e6, true);
          return c;
        },
        /exceeds the file size/,
      ],
      [
        'a header that is not JSON',
        (b) => {
          const c = b.slice();
          c[8] = 0x7a;
          return c;
        },
        /not JSON/,
      ],
      [
        'trailing bytes',
        (b) => {
          const c = new Uint8Array(b.length + 4);
          c.set(b);
          return c;
        },
        /data region has/,
      ],
      ['an unknown dtype', (b) => replaceInHeader(b, '"F32"', '"F16"'), /unsupported dtype "F16"/],
      [
        'a shape that does not match the byte count',
        (b) => replaceInHeader(b, '[1,3]', '[1,4]'),
        /needs 16/,
      ],
      [
        'overlapping offsets',
        (b) => replaceInHeader(b, '"data_offsets":[12,16]', '"data_offsets":[8 ,12]'),
        /gap or overlap/,
      ],
    ];
    for (const [what, corrupt, message] of corruptions) {
      it(`on ${what}`, () => {
        const { path, bytes, target, before } = setupFile();
        writeFileSync(path, corrupt(bytes));
        const error = (() => {
          try {
            loadCheckpoint(path, target);
          } catch (e) {
            return e;
          }
          return undefined;
        })();
        expect(error).toBeInstanceOf(CheckpointError);
        expect((error as Error).message).toMatch(message);
        expectUnchanged(target, before);
      });
    }
  });
});

/** Replaces text in the JSON header, keeping its length (so offsets stay put). */
function replaceInHeader(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  const header = new TextDecoder().decode(bytes.subarray(8, 8 + length));
  if (!header.includes(from)) throw new Error(`header ${header} lacks ${from}`);
  const replaced = header.replace(from, to).padEnd(length, ' ').slice(0, length);
  const out = bytes.slice();
  out.set(new TextEncoder().encode(replaced), 8);
  return out;
}
