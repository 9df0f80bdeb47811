import type { ElementwiseExpression } from '../fused/expression-tree.js';
import type { InputLayout } from './fused-loop.js';

/**
 * Compiles elementwise trees to a small WebAssembly SIMD module: one function
 * `run(n, input0, ..., output0, ..., constant0, ...)` that computes every tree for elements
 * [0, n) in one pass, four lanes at a time and then one at a time for the rest. A 'full'
 * input's argument is its byte address, a 'scalar' input's the bits of its float32 value;
 * outputs are byte addresses; constants (see `structureOf`) the bits of their float32 values. Every element's inputs are read before any output is written, so an output may
 * be an input's own memory.
 *
 * Every node is a float32 operation in both the vector and the scalar loop, so an element's
 * value does not depend on which loop (or thread) computed it, and equals the JavaScript
 * loop's (which rounds every node to float32; double rounding is harmless for these ops).
 * Only ops WebAssembly has as instructions are compiled; a tree with others (exp, tanh, ...)
 * stays on the JavaScript loop.
 */

type Mode = 'vector' | 'scalar';

const SIMD = 0xfd;

/** [scalar opcode, SIMD opcode] of the unary ops with a WebAssembly instruction. */
const UNARY: Readonly<Record<string, readonly [number, number]>> = {
  neg: [0x8c, 0xe1],
  abs: [0x8b, 0xe0],
  sqrt: [0x91, 0xe3],
  ceil: [0x8d, 0x67],
  floor: [0x8e, 0x68],
};
const ARITHMETIC: Readonly<Record<string, readonly [number, number]>> = {
  add: [0x92, 0xe4],
  sub: [0x93, 0xe5],
  mul: [0x94, 0xe6],
  div: [0x95, 0xe7],
};
const COMPARISON: Readonly<Record<string, readonly [number, number]>> = {
  equal: [0x5b, 0x41],
  notEqual: [0x5c, 0x42],
  less: [0x5d, 0x43],
  greater: [0x5e, 0x44],
  lessEqual: [0x5f, 0x45],
  greaterEqual: [0x60, 0x46],
};
const OTHER = new Set(['maximum', 'minimum', 'logicalAnd', 'logicalOr', 'logicalNot', 'where']);

/** Whether every node of the trees has a WebAssembly instruction (see above). */
export function compilesToWasm(expressions: readonly ElementwiseExpression[]): boolean {
  const ok = (e: ElementwiseExpression): boolean => {
    switch (e.op) {
      case 'input':
      case 'constant':
        return true;
      case 'where':
        return ok(e.condition) && ok(e.a) && ok(e.b);
      default:
        if (!(e.op in UNARY || e.op in ARITHMETIC || e.op in COMPARISON || OTHER.has(e.op)))
          return false;
        return 'x' in e ? ok(e.x) : ok(e.a) && ok(e.b);
    }
  };
  return expressions.every(ok);
}

function unsigned(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

function signed(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      bytes.push(byte);
      return bytes;
    }
    bytes.push(byte | 0x80);
  }
}

function float32Bytes(value: number): number[] {
  return Array.from(new Uint8Array(new Float32Array([value]).buffer));
}

/**
 * The trees' structure as a key, with each constant node (by identity, so a subtree shared by
 * two trees is one) numbered in order of first visit instead of spelled out, and the
 * constants' values in that order. Trees that differ only in their constants (a learning
 * rate that follows a schedule) share one compiled module and pass the values at each call.
 */
export function structureOf(
  expressions: readonly ElementwiseExpression[],
  layouts: readonly InputLayout[],
): {
  readonly key: string;
  readonly constants: readonly number[];
  readonly ids: Map<object, number>;
} {
  const ids = new Map<object, number>();
  const constants: number[] = [];
  const memo = new Map<object, string>();
  const visit = (e: ElementwiseExpression): string => {
    const known = memo.get(e);
    if (known !== undefined) return known;
    let key: string;
    switch (e.op) {
      case 'input':
        key = `i${e.index}`;
        break;
      case 'constant':
        ids.set(e, constants.length);
        constants.push(e.value);
        key = `c${constants.length - 1}`;
        break;
      case 'where':
        key = `where(${visit(e.condition)},${visit(e.a)},${visit(e.b)})`;
        break;
      default:
        key = 'x' in e ? `${e.op}(${visit(e.x)})` : `${e.op}(${visit(e.a)},${visit(e.b)})`;
    }
    memo.set(e, key);
    return key;
  };
  const trees = expressions.map(visit).join(';');
  return {
    key: `${layouts.map((l) => (l === 'full' ? 'f' : 's')).join('')}:${trees}`,
    constants,
    ids,
  };
}

function name(text: string): number[] {
  return [...unsigned(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];
}

function section(id: number, contents: readonly number[]): number[] {
  return [id, ...unsigned(contents.length), ...contents];
}

/**
 * One loop body: the instructions that compute every tree into locals and store them, and
 * the setup run once before the loop (constants, splatted scalars).
 */
class BodyWriter {
  readonly setup: number[] = [];
  readonly body: number[] = [];
  private readonly temps = new Map<string, number>();
  private zero = -1;
  private one = -1;
  /** Locals of this loop's value type, from `firstLocal` on. */
  count = 0;

  constructor(
    private readonly mode: Mode,
    private readonly layouts: readonly InputLayout[],
    private readonly firstLocal: number,
    private readonly indexLocal: number,
    /** A constant node's parameter (its value's float32 bits), by node. */
    private readonly constantParameter: (node: object) => number,
  ) {}

  private local(): number {
    return this.firstLocal + this.count++;
  }

  private get(local: number, into: number[] = this.body): void {
    into.push(0x20, ...unsigned(local));
  }

  private set(local: number, into: number[] = this.body): void {
    into.push(0x21, ...unsigned(local));
  }

  private simd(op: number, into: number[] = this.body): void {
    into.push(SIMD, ...unsigned(op));
  }

  /** A constant of the kernel itself (0, 1), baked into the code. */
  private constant(value: number): number {
    const key = `k${Object.is(value, -0) ? '-0' : String(value)}`;
    const known = this.temps.get(key);
    if (known !== undefined) return known;
    const local = this.local();
    const bytes = float32Bytes(value);
    if (this.mode === 'vector') {
      this.simd(0x0c, this.setup);
      this.setup.push(...bytes, ...bytes, ...bytes, ...bytes);
    } else {
      this.setup.push(0x43, ...bytes);
    }
    this.set(local, this.setup);
    this.temps.set(key, local);
    return local;
  }

  private zeroLocal(): number {
    if (this.zero < 0) this.zero = this.constant(0);
    return this.zero;
  }

  private oneLocal(): number {
    if (this.one < 0) this.one = this.constant(1);
    return this.one;
  }

  /** Pushes a comparison result (a lane mask, or an i32) of `a` and `b` by `op`. */
  private compare(op: string, a: number, b: number): void {
    const [scalar, vector] = COMPARISON[op]!;
    this.get(a);
    this.get(b);
    if (this.mode === 'vector') this.simd(vector);
    else this.body.push(scalar);
  }

  /** Turns the mask or i32 on the stack into 1 or 0. */
  private toFloat(): void {
    if (this.mode === 'vector') {
      this.get(this.oneLocal());
      this.simd(0x4e); // v128.and
    } else {
      this.body.push(0xb3); // f32.convert_i32_u
    }
  }

  private nonZero(x: number): void {
    this.compare('notEqual', x, this.zeroLocal());
  }

  private and(): void {
    if (this.mode === 'vector') this.simd(0x4e);
    else this.body.push(0x71);
  }

  private or(): void {
    if (this.mode === 'vector') this.simd(0x50);
    else this.body.push(0x72);
  }

  /** Picks the first of two pushed values where the pushed condition holds. */
  private select(): void {
    if (this.mode === 'vector')
      this.simd(0x52); // v128.bitselect
    else this.body.push(0x1b); // select
  }

  /** The local holding a constant node's value, read from its parameter once. */
  private constantNode(node: object): number {
    const parameter = this.constantParameter(node);
    const key = `p${parameter}`;
    const known = this.temps.get(key);
    if (known !== undefined) return known;
    const local = this.local();
    this.get(parameter, this.setup);
    this.setup.push(0xbe); // f32.reinterpret_i32
    if (this.mode === 'vector') this.simd(0x13, this.setup); // f32x4.splat
    this.set(local, this.setup);
    this.temps.set(key, local);
    return local;
  }

  /** The local holding input `k`'s value at the current element. */
  private input(k: number, parameter: number): number {
    const key = `i${k}`;
    const known = this.temps.get(key);
    if (known !== undefined) return known;
    const local = this.local();
    if (this.layouts[k] === 'scalar') {
      this.get(parameter, this.setup);
      this.setup.push(0xbe); // f32.reinterpret_i32
      if (this.mode === 'vector') this.simd(0x13, this.setup); // f32x4.splat
      this.set(local, this.setup);
    } else {
      this.get(parameter);
      this.get(this.indexLocal);
      this.body.push(0x6a); // i32.add
      if (this.mode === 'vector') this.simd(0x00);
      else this.body.push(0x2a);
      this.body.push(2, 0); // align 4 bytes, offset 0
      this.set(local);
    }
    this.temps.set(key, local);
    return local;
  }

  private readonly keys = new Map<object, string>();

  /** A subtree's key: its structure, with constants by parameter (equal keys, equal values). */
  private keyOf(e: ElementwiseExpression): string {
    const known = this.keys.get(e);
    if (known !== undefined) return known;
    let key: string;
    switch (e.op) {
      case 'input':
        key = `i${e.index}`;
        break;
      case 'constant':
        key = `p${this.constantParameter(e)}`;
        break;
      case 'where':
        key = `where(${this.keyOf(e.condition)},${this.keyOf(e.a)},${this.keyOf(e.b)})`;
        break;
      default:
        key =
          'x' in e
            ? `${e.op}(${this.keyOf(e.x)})`
            : `${e.op}(${this.keyOf(e.a)},${this.keyOf(e.b)})`;
    }
    this.keys.set(e, key);
    return key;
  }

  /** Emits the code of `e` (once per distinct subtree) and returns the local holding it. */
  value(e: ElementwiseExpression, inputParameter: (k: number) => number): number {
    if (e.op === 'input') return this.input(e.index, inputParameter(e.index));
    if (e.op === 'constant') return this.constantNode(e);
    const key = this.keyOf(e);
    const known = this.temps.get(key);
    if (known !== undefined) return known;
    const visit = (x: ElementwiseExpression) => this.value(x, inputParameter);
    const vector = this.mode === 'vector';
    if (e.op === 'where') {
      const [c, a, b] = [visit(e.condition), visit(e.a), visit(e.b)];
      this.get(a);
      this.get(b);
      this.nonZero(c);
      this.select();
    } else if ('x' in e) {
      const x = visit(e.x);
      if (e.op === 'logicalNot') {
        this.compare('equal', x, this.zeroLocal());
        this.toFloat();
      } else {
        const [scalar, simd] = UNARY[e.op]!;
        this.get(x);
        if (vector) this.simd(simd);
        else this.body.push(scalar);
      }
    } else {
      const [a, b] = [visit(e.a), visit(e.b)];
      if (e.op in ARITHMETIC) {
        const [scalar, simd] = ARITHMETIC[e.op]!;
        this.get(a);
        this.get(b);
        if (vector) this.simd(simd);
        else this.body.push(scalar);
      } else if (e.op in COMPARISON) {
        this.compare(e.op, a, b);
        this.toFloat();
      } else if (e.op === 'maximum' || e.op === 'minimum') {
        // a where a > b (a < b) or a is NaN, else b: NaN propagates, and a tie gives b, as
        // the JavaScript kernels do (WebAssembly's own max orders -0 below +0).
        this.get(a);
        this.get(b);
        this.compare(e.op === 'maximum' ? 'greater' : 'less', a, b);
        this.compare('notEqual', a, a);
        this.or();
        this.select();
      } else {
        this.nonZero(a);
        this.nonZero(b);
        if (e.op === 'logicalAnd') this.and();
        else this.or();
        this.toFloat();
      }
    }
    const local = this.local();
    this.set(local);
    this.temps.set(key, local);
    return local;
  }

  /** Computes every tree, then stores them all (so outputs may alias inputs). */
  writeAll(
    expressions: readonly ElementwiseExpression[],
    inputParameter: (k: number) => number,
    outputParameter: (k: number) => number,
  ): void {
    const roots = expressions.map((e) => this.value(e, inputParameter));
    roots.forEach((root, k) => {
      this.get(outputParameter(k));
      this.get(this.indexLocal);
      this.body.push(0x6a);
      this.get(root);
      if (this.mode === 'vector') this.simd(0x0b);
      else this.body.push(0x38);
      this.body.push(2, 0);
    });
  }
}

/** The module's bytes; `run`'s arguments as described above. */
export function compileFusedModule(
  expressions: readonly ElementwiseExpression[],
  layouts: readonly InputLayout[],
  arenaMaxPages: number,
): Uint8Array {
  const inputs = layouts.length;
  const { constants, ids } = structureOf(expressions, layouts);
  const parameters = 1 + inputs + expressions.length + constants.length;
  const inputParameter = (k: number) => 1 + k;
  const outputParameter = (k: number) => 1 + inputs + k;
  const constantParameter = (node: object) => 1 + inputs + expressions.length + ids.get(node)!;
  const index = parameters; // i32 byte offset of the current element
  const vectorEnd = parameters + 1;
  const vector = new BodyWriter('vector', layouts, parameters + 2, index, constantParameter);
  vector.writeAll(expressions, inputParameter, outputParameter);
  const scalar = new BodyWriter(
    'scalar',
    layouts,
    parameters + 2 + vector.count,
    index,
    constantParameter,
  );
  scalar.writeAll(expressions, inputParameter, outputParameter);
  const get = (local: number) => [0x20, ...unsigned(local)];
  const code = [
    ...vector.setup,
    ...scalar.setup,
    // vectorEnd = (n & ~3) * 4
    ...get(0),
    0x41,
    ...signed(-4),
    0x71,
    0x41,
    2,
    0x74,
    0x21,
    ...unsigned(vectorEnd),
    // while (index < vectorEnd) { four elements; index += 16 }
    0x02,
    0x40,
    0x03,
    0x40,
    ...get(index),
    ...get(vectorEnd),
    0x4f, // i32.ge_u
    0x0d,
    1,
    ...vector.body,
    ...get(index),
    0x41,
    16,
    0x6a,
    0x21,
    ...unsigned(index),
    0x0c,
    0,
    0x0b,
    0x0b,
    // while (index < n * 4) { one element; index += 4 }
    0x02,
    0x40,
    0x03,
    0x40,
    ...get(index),
    ...get(0),
    0x41,
    2,
    0x74,
    0x4f,
    0x0d,
    1,
    ...scalar.body,
    ...get(index),
    0x41,
    4,
    0x6a,
    0x21,
    ...unsigned(index),
    0x0c,
    0,
    0x0b,
    0x0b,
    0x0b, // end of function
  ];
  const locals = [
    3,
    ...unsigned(2),
    0x7f,
    ...unsigned(vector.count),
    0x7b,
    ...unsigned(scalar.count),
    0x7d,
  ];
  const body = [...locals, ...code];
  const functionType = [0x60, ...unsigned(parameters), ...new Array(parameters).fill(0x7f), 0];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    1,
    0,
    0,
    0,
    ...section(1, [1, ...functionType]),
    ...section(2, [
      1,
      ...name('env'),
      ...name('memory'),
      0x02,
      0x03,
      ...unsigned(1),
      ...unsigned(arenaMaxPages),
    ]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('run'), 0x00, 0]),
    ...section(10, [1, ...unsigned(body.length), ...body]),
  ]);
}
