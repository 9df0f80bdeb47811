import { type JittedFunction, jit, TraceError } from '@gradkit/jit';
import { isPrimitiveObserved, type Tensor } from '@gradkit/tensor';
import type { Parameter } from '../parameter/parameter.js';
import { watchCompile } from './compile-watch.js';
import type { JitSettings } from './jit-option.js';

/** What one differentiation gives: fn's value and the gradients, dense. */
export type Differentiated = readonly [unknown, readonly unknown[]];

/** One differentiation of fn: weight values and fn's arguments in, value and gradients out. */
export type Differentiate = (
  weightValues: readonly Tensor[],
  args: readonly unknown[],
) => Differentiated;

/**
 * The compiled form of one `valueAndGrad` function: the forward and backward pass traced once
 * with `@gradkit/jit` from its second call on and replayed. Parameter values are inputs of the compiled function, never
 * constants: the weights, and every other parameter a trace read (a frozen layer), which is then
 * traced again as an input. A step whose trace drew random numbers, assigned a parameter (running
 * statistics), read a value or looked rows up sparsely runs eagerly from then on, said once.
 */
export class CompiledGradient {
  readonly #name: string;
  readonly #settings: JitSettings;
  readonly #jitted: JittedFunction<
    (weights: Tensor[], extras: Tensor[], args: unknown[], mode: unknown) => Differentiated
  >;
  #extras: Parameter[] = [];
  #body: Differentiate | undefined;
  #randomDraws: readonly string[] | undefined;
  #eager = false;
  #calls = 0;

  constructor(name: string, settings: JitSettings) {
    this.#name = name;
    this.#settings = settings;
    const step = (
      weights: Tensor[],
      extras: Tensor[],
      args: unknown[],
      _mode: unknown,
    ): Differentiated => {
      const bound = this.#extras;
      bound.forEach((param, i) => {
        param.bind(extras[i]!);
      });
      try {
        return this.#body!(weights, args);
      } finally {
        for (let i = bound.length - 1; i >= 0; i--) bound[i]!.unbind();
      }
    };
    this.#jitted = jit(step, {
      name,
      onTrace: ({ randomDraws }) => {
        this.#randomDraws = randomDraws;
      },
    });
  }

  /** Whether the step runs eagerly for good (it fell back). */
  get eager(): boolean {
    return this.#eager;
  }

  /**
   * Differentiates through the compiled step, or eagerly where it cannot be compiled. `mode`
   * is a static part of the signature (the cells' training flags); `sparseRows` says whether
   * the call just traced or run looked rows up sparsely.
   */
  run(
    body: Differentiate,
    weightValues: readonly Tensor[],
    args: readonly unknown[],
    mode: unknown,
    sparseRows: () => boolean,
  ): Differentiated {
    // A function called once is not worth compiling (and a one-off valueAndGrad(f)(x) would
    // leave a compiled program behind); under a recorder (a gradient of the step), jit would
    // run the step as it is anyway.
    if (this.#calls++ === 0 || this.#eager || isPrimitiveObserved()) {
      return body(weightValues, args);
    }
    this.#body = body;
    this.#randomDraws = undefined;
    const extraValues = this.#extras.map((param) => param.value);
    let result: Differentiated;
    let watch: ReturnType<typeof watchCompile>[1];
    try {
      [result, watch] = watchCompile(() =>
        this.#jitted([...weightValues], extraValues, [...args], mode),
      );
    } catch (error) {
      if (!(error instanceof TraceError)) throw error;
      this.#fallBack(`it reads a value while it runs (${error.message})`);
      return body(weightValues, args);
    } finally {
      this.#body = undefined;
    }
    // Set by onTrace while the call above ran (TypeScript cannot see it).
    const randomDraws = this.#randomDraws as readonly string[] | undefined;
    if (randomDraws === undefined) return result;
    // It traced: this call ran eagerly on the way, so its result stands either way.
    const writes = [...watch.writes].map((param) => `'${param.name}'`);
    if (randomDraws.length > 0) {
      this.#fallBack(
        `it draws random numbers while it runs (${[...new Set(randomDraws)].join(', ')}), which a compiled step would replay unchanged`,
      );
    } else if (writes.length > 0) {
      this.#fallBack(
        `it assigns parameters while it runs (${writes.join(', ')}), which a compiled step would not repeat`,
      );
    } else if (sparseRows()) {
      this.#fallBack('it looks rows up with sparse gradients, whose rows change with every batch');
    } else {
      const read = [...watch.unboundReads] as Parameter[];
      if (read.length > 0) {
        // Parameters it read besides the weights become inputs too: traced again next call.
        this.#extras = [...this.#extras, ...read];
        this.#jitted.clearCache();
      }
    }
    return result;
  }

  /** Frees what the compiled signatures hold. */
  clearCache(): void {
    this.#jitted.clearCache();
  }

  #fallBack(reason: string): void {
    this.#eager = true;
    this.#jitted.clearCache();
    const { onFallback } = this.#settings;
    if (onFallback !== undefined) onFallback({ name: this.#name, reason });
    else {
      console.warn(
        `${this.#name}: runs eagerly, not compiled: ${reason}. The numbers are the same; pass { jit: false } to ask for eager and silence this.`,
      );
    }
  }
}
