import {
  add,
  cast,
  memory,
  mul,
  onesLike,
  type Primitive,
  scope,
  sin,
  sum,
  type Tensor,
  tensor,
  ValueError,
  withPrimitiveObserver,
} from '@gradkit/tensor';
import { assertTensorClose } from '@gradkit/tensor/testing';
import { describe, expect, it } from 'vitest';
import { Tape } from './tape.js';
import { floats } from './testing/dtype.js';
import { activeTapes, copyOf, trace, withTapes } from './trace.js';

describe('activeTapes and withTapes', () => {
  it('has no tape outside any differentiation, and exactly the given ones inside', () => {
    expect(activeTapes()).toEqual([]);
    const outer = new Tape();
    const inner = new Tape();
    const seen = withTapes([outer], () => [
      activeTapes(),
      withTapes([outer, inner], () => activeTapes()),
      withTapes([], () => activeTapes()),
      activeTapes(),
    ]);
    expect(seen[0]).toEqual([outer]);
    expect(seen[1]).toHaveLength(2);
    expect(seen[1]![0]).toBe(outer);
    expect(seen[1]![1]).toBe(inner);
    expect(seen[2]).toEqual([]);
    expect(seen[3]![0]).toBe(outer);
    expect(activeTapes()).toEqual([]);
    outer.dispose();
    inner.dispose();
  });

  it('makes every given tape record the primitives run inside, and only those tapes', () => {
    const x = tensor([0.5, 2]);
    const recording = new Tape();
    const hidden = new Tape();
    const leafOfRecording = recording.watch(x);
    const leafOfHidden = hidden.watch(x);
    const y = withTapes([hidden], () => withTapes([recording], () => mul(x, x)));
    // Only `recording` saw x·x: its pullback gives d/dx sum(x²) = 2x, the other's nothing.
    const [g] = recording.pullback([[y, onesLike(y)]], [leafOfRecording]);
    assertTensorClose(g!, [1, 4]);
    const [none] = hidden.pullback([[y, onesLike(y)]], [leafOfHidden]);
    assertTensorClose(none!, [0, 0]);
    recording.dispose();
    hidden.dispose();
  });

  it('returns what the function returns', () => {
    const marker = { value: 1 };
    expect(withTapes([], () => marker)).toBe(marker);
  });
});

describe('copyOf', () => {
  it('copies into a new buffer with the same values, shape and dtype', () => {
    const x = tensor([1.5, -2, 3, 4], [2, 2], 'float32');
    const copy = copyOf(x);
    expect(copy).not.toBe(x);
    expect(copy.buffer).not.toBe(x.buffer);
    expect(copy.shape).toEqual([2, 2]);
    expect(copy.dtype).toBe('float32');
    expect(copy.toArray()).toEqual([
      [1.5, -2],
      [3, 4],
    ]);
    // A new buffer: disposing the original leaves the copy readable.
    x.dispose();
    expect(copy.toArray()).toEqual([
      [1.5, -2],
      [3, 4],
    ]);
  });

  it('is made by a primitive, so that an observer (an enclosing tape) sees it', () => {
    const seen: Primitive[] = [];
    withPrimitiveObserver({ onPrimitive: (primitive) => seen.push(primitive) }, () =>
      copyOf(tensor([1, 2])),
    );
    expect(seen).toEqual(['cast']);
  });
});

describe('trace', () => {
  it('runs f on watched copies of float primals; the tape gives their gradient', () => {
    const x = floats([0.3, 1.2]);
    const { result, tape, leaves } = trace('test', [x], ([input]) => {
      expect(input).not.toBe(x);
      expect(input!.buffer).not.toBe(x.buffer);
      return sum(sin(input!));
    });
    expect(result.item()).toBeCloseTo(Math.sin(0.3) + Math.sin(1.2), 12);
    expect(leaves).toHaveLength(1);
    expect(leaves[0]!.shape).toEqual([2]);
    expect(leaves[0]!.dtype).toBe(x.dtype);
    const [g] = tape.pullback([[result, onesLike(result)]], leaves);
    assertTensorClose(g!, [Math.cos(0.3), Math.cos(1.2)]);
    tape.dispose();
  });

  it('passes integer and boolean primals as they are, with a null leaf', () => {
    const x = tensor([1, 2]);
    const n = tensor([3, 4], [2], 'int32');
    const flag = tensor([true, false]);
    const { result, tape, leaves } = trace('test', [x, n, flag], (inputs) => {
      expect(inputs[1]).toBe(n);
      expect(inputs[2]).toBe(flag);
      return sum(mul(inputs[0]!, cast(inputs[1]!, 'float32')));
    });
    expect(leaves[1]).toBeNull();
    expect(leaves[2]).toBeNull();
    const [gx, gn, gflag] = tape.pullback([[result, onesLike(result)]], leaves);
    assertTensorClose(gx!, [3, 4]);
    expect(gn).toBeNull();
    expect(gflag).toBeNull();
    tape.dispose();
  });

  it('watches each primal separately: one tensor passed twice, or captured, is not merged', () => {
    const x = tensor([3]);
    const { result, tape, leaves } = trace('test', [x, x], ([a, b]) =>
      // d/da (a·b + x) = b, d/db = a; the captured x is a constant.
      sum(add(mul(a!, b!), x)),
    );
    expect(leaves[0]!.key).not.toBe(leaves[1]!.key);
    expect(leaves[0]!.key).not.toBe(x.buffer);
    const [ga, gb] = tape.pullback([[result, onesLike(result)]], leaves);
    assertTensorClose(ga!, [3]);
    assertTensorClose(gb!, [3]);
    // Only the captured x: its gradient through the tape is zero.
    const captured = trace('test', [x], () => sum(mul(x, x)));
    const [gc] = captured.tape.pullback(
      [[captured.result, onesLike(captured.result)]],
      captured.leaves,
    );
    assertTensorClose(gc!, [0]);
    tape.dispose();
    captured.tape.dispose();
  });

  it('stops recording when f returns, also in work f scheduled for later', async () => {
    const x = tensor([2]);
    let input: Tensor | undefined;
    let scheduled: Promise<Tensor> | undefined;
    const { result, tape, leaves } = trace('test', [x], ([v]) => {
      input = v;
      // Runs after trace returns, in f's asynchronous flow (where the tape was active).
      scheduled = Promise.resolve().then(() => mul(v!, v!));
      return mul(v!, v!);
    });
    const later = mul(result, input!);
    const [g] = tape.pullback([[later, onesLike(later)]], leaves);
    // Were x²·x recorded, this would be 3x² = 12.
    assertTensorClose(g!, [0]);
    const square = await scheduled!;
    const [h] = tape.pullback([[square, onesLike(square)]], leaves);
    // Were the scheduled x·x recorded, this would be 2x = 4.
    assertTensorClose(h!, [0]);
    tape.dispose();
  });

  it('records into the enclosing tapes too, which is what nests differentiation', () => {
    const x = tensor([2]);
    const outer = trace('outer', [x], ([v]) => {
      expect(activeTapes()).toHaveLength(1);
      const inner = trace('inner', [v!], ([u]) => {
        expect(activeTapes()).toHaveLength(2);
        return mul(mul(u!, u!), u!);
      });
      // d/du u³ = 3u², computed while the outer tape records.
      const [g] = inner.tape.pullback([[inner.result, onesLike(inner.result)]], inner.leaves);
      inner.tape.dispose();
      return sum(g!);
    });
    expect(activeTapes()).toEqual([]);
    assertTensorClose(outer.result, [12], { shape: [] });
    // d/dx 3x² = 6x.
    const [second] = outer.tape.pullback([[outer.result, onesLike(outer.result)]], outer.leaves);
    assertTensorClose(second!, [12]);
    outer.tape.dispose();
  });

  it('refuses an asynchronous f, naming the op and f, and releases its tape', async () => {
    const x = tensor([1, 2]);
    const before = memory().tensors;
    let rejected: Promise<unknown> | undefined;
    expect(() =>
      scope(() =>
        trace('jvp', [x], ([v]) => {
          rejected = (async () => {
            throw new Error('never awaited');
          })();
          mul(v!, v!);
          return rejected;
        }),
      ),
    ).toThrow(ValueError);
    expect(memory().tensors).toBe(before);
    expect(() => trace('vjp', [x], async () => sum(x))).toThrow(
      "vjp: argument 'f' must be synchronous, but it returned a Promise",
    );
    // The rejection was handled: awaiting it here is the only place it surfaces.
    await expect(rejected).rejects.toThrow('never awaited');
  });

  it('rethrows what f throws and releases the tape it recorded into', () => {
    const x = tensor([1, 2]);
    const before = memory().tensors;
    expect(() =>
      scope(() =>
        trace('test', [x], ([v]) => {
          mul(sin(v!), v!);
          throw new RangeError('inside f');
        }),
      ),
    ).toThrow(new RangeError('inside f'));
    expect(memory().tensors).toBe(before);
    expect(activeTapes()).toEqual([]);
  });
});
