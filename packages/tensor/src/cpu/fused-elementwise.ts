import type { DataId, OutputInfo, TensorInfo } from '../backend.js';
import { allocate, type TypedArray } from '../dtype.js';
import type { ElementwiseExpression } from '../fused/expression-tree.js';
import { shapeSize } from '../shape.js';
import { forEachBroadcast } from './broadcast-index.js';
import { type CpuData, valuesOf, wrapValues } from './cpu-data.js';
import {
  canGenerateCode,
  type FusedLoop,
  generateLoop,
  type InputLayout,
  interpretLoop,
  loopKeyOf,
} from './fused-loop.js';
import { compileFusedModule, compilesToWasm, structureOf } from './fused-wasm.js';
import { takeOutput } from './output-pool.js';
import { arenaAddress } from './shared-arena.js';
import { activeThreads, runParts } from './thread-pool.js';
import type { GeneratedModule } from './wasm-calls.js';
import { ARENA_MAX_PAGES, type WasmApi, wasmRuntime } from './wasm-runtime.js';

/** How the CPU backend builds fused loops: generated code, or closures where that is disallowed. */
export type FusedLoopStrategy = 'generated' | 'interpreted';

/** The CPU backend's fused kernel: several trees over the same inputs, one pass. */
export type CpuFusedElementwise = (
  inputs: readonly TensorInfo[],
  expressions: readonly ElementwiseExpression[],
  outputs: readonly OutputInfo[],
) => DataId[];

// Compiled loops by the structure of their trees and input layouts. Training runs the same
// few trees over and over; bounded so that a program building trees from data cannot grow it
// without end.
const MAX_CACHED_LOOPS = 512;

/**
 * From this many elements on, a pass whose arrays all live in the shared arena runs as
 * generated WebAssembly SIMD. Measured with measure-fused.ts (a busy 2-core x86 machine,
 * Node 20, one thread, ns/element, SIMD against the generated JavaScript loop): x·2 + y
 * 0.26 / 1.33 at N = 1e6, 2.40 / 2.65 at 5e3, 5.13 / 3.80 at 2048, 9.55 / 7.14 at 1024;
 * x / (√(0.999 y² + 1e-3) + 1e-8) 0.50 / 3.08, 2.76 / 4.98, 5.21 / 6.65, 9.87 / 10.46.
 * The call costs about 2 µs, so short arrays keep the JavaScript loop (and stay out of the
 * arena, see ARENA_MIN_ELEMENTS).
 */
const WASM_MIN_ELEMENTS = 1 << 12;
/** Elements per thread below which a second thread costs more (its wake-up) than it saves. */
const ELEMENTS_PER_THREAD = 1 << 16;
/** Part boundaries fall on multiples of this many elements: one 64-byte cache line. */
const PART_ALIGN = 16;

let nextModuleId = 1;
const bits = new Int32Array(1);
const bitsAsFloat = new Float32Array(bits.buffer);

/**
 * The CPU backend's `fusedElementwise`: one pass over the outputs, no intermediate arrays;
 * generated WebAssembly SIMD over the threads for large arrays in the arena unless `wasm`
 * is false, a JavaScript loop built by `strategy` otherwise.
 */
export function createCpuFusedElementwise(
  strategy: FusedLoopStrategy = defaultStrategy(),
  wasm = true,
): CpuFusedElementwise {
  const loops = new Map<string, FusedLoop>();
  const modules = new Map<string, GeneratedModule | null>();
  const compile = strategy === 'generated' ? generateLoop : interpretLoop;
  const cached = <T>(cache: Map<string, T>, key: string, make: () => T): T => {
    if (cache.has(key)) return cache.get(key)!;
    if (cache.size >= MAX_CACHED_LOOPS) cache.clear();
    const value = make();
    cache.set(key, value);
    return value;
  };
  return (inputs, expressions, outputs) => {
    const size = shapeSize(outputs[0]!.shape);
    const layouts: InputLayout[] = [];
    const arrays: TypedArray[] = [];
    for (const info of inputs) {
      const values = valuesOf(info);
      if (values.length === size) {
        layouts.push('full');
        arrays.push(values);
      } else if (values.length === 1) {
        layouts.push('scalar');
        arrays.push(values);
      } else {
        // A partial broadcast (a bias row, a per-row column): expanded once, in its own dtype.
        layouts.push('full');
        arrays.push(expand(values, info, outputs[0]!));
      }
    }
    const targets = outputs.map((output) =>
      output.into === undefined
        ? takeOutput('float32', size)
        : ((output.into as CpuData).values as TypedArray),
    );
    const simd =
      wasm &&
      size >= WASM_MIN_ELEMENTS &&
      wasmRuntime() !== null &&
      inArena(arrays, layouts) &&
      inArena(targets);
    // The module is keyed by structure: trees that differ in constants share it.
    const structure = simd ? structureOf(expressions, layouts) : undefined;
    const module =
      structure === undefined
        ? null
        : cached(modules, structure.key, () => compileModule(expressions, layouts));
    if (module !== null) {
      runWasm(module, arrays, layouts, targets, size, structure!.constants);
    } else {
      const key = loopKeyOf(expressions, layouts);
      cached(loops, key, () => compile(expressions, layouts))(arrays, targets, size);
    }
    return targets.map((values, k) => outputs[k]!.into ?? wrapValues(values));
  };
}

function inArena(arrays: readonly TypedArray[], layouts?: readonly InputLayout[]): boolean {
  return arrays.every((a, k) => layouts?.[k] === 'scalar' || arenaAddress(a) !== undefined);
}

function compileModule(
  expressions: readonly ElementwiseExpression[],
  layouts: readonly InputLayout[],
): GeneratedModule | null {
  if (!compilesToWasm(expressions)) return null;
  const bytes = compileFusedModule(expressions, layouts, ARENA_MAX_PAGES);
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  // Never expected to fail; the JavaScript loop is the fallback if it does.
  if (api === undefined || !api.validate(bytes)) return null;
  return { id: nextModuleId++, bytes };
}

/** Splits the pass into parts by the size and thread count alone, one per thread. */
function runWasm(
  module: GeneratedModule,
  arrays: readonly TypedArray[],
  layouts: readonly InputLayout[],
  targets: readonly TypedArray[],
  size: number,
  constants: readonly number[],
): void {
  const threads = Math.max(1, Math.min(activeThreads(), Math.floor(size / ELEMENTS_PER_THREAD)));
  const floatBits = (value: number) => {
    bitsAsFloat[0] = value;
    return bits[0]!;
  };
  const inputArguments = arrays.map((a, k) =>
    layouts[k] === 'scalar' ? floatBits(a[0]!) : arenaAddress(a)!,
  );
  const constantArguments = constants.map(floatBits);
  const outputAddresses = targets.map((a) => arenaAddress(a)!);
  const parts = [];
  for (let i = 0; i < threads; i++) {
    const start = i === 0 ? 0 : Math.floor((i * size) / threads / PART_ALIGN) * PART_ALIGN;
    const end =
      i === threads - 1 ? size : Math.floor(((i + 1) * size) / threads / PART_ALIGN) * PART_ALIGN;
    const offset = start * 4;
    const args = [
      end - start,
      ...inputArguments.map((arg, k) => (layouts[k] === 'scalar' ? arg : arg + offset)),
      ...outputAddresses.map((address) => address + offset),
      ...constantArguments,
    ];
    parts.push([{ fn: 'generated', module, args } as const]);
  }
  runParts('fusedElementwise', parts);
}

function expand(values: TypedArray, info: TensorInfo, output: OutputInfo): TypedArray {
  const size = shapeSize(output.shape);
  const expanded = allocate(info.dtype, size);
  forEachBroadcast(output.shape, [info.shape], (i, offsets) => {
    expanded[i] = values[offsets[0]!]!;
  });
  return expanded;
}

function defaultStrategy(): FusedLoopStrategy {
  return canGenerateCode() ? 'generated' : 'interpreted';
}

/** How many modules have been generated in this process. Internal: tests. */
export function generatedModuleCount(): number {
  return nextModuleId - 1;
}

/** The single-tree form, as the `fusedElementwise` capability takes it. */
export function singleOutput(kernel: CpuFusedElementwise) {
  return (inputs: readonly TensorInfo[], expression: ElementwiseExpression, output: OutputInfo) =>
    kernel(inputs, [expression], [output])[0]!;
}
