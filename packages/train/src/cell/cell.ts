import type { Tensor } from '@gradkit/tensor';
import { callableInstance } from '../callable/callable-instance.js';
import { Parameter } from '../parameter/parameter.js';

/** A cell's call signature: calling a cell runs its `construct`. */
export interface Cell<Args extends unknown[] = [Tensor], Result = Tensor> {
  // biome-ignore lint/style/useShorthandFunctionType: an interface merges with the class Cell; a type alias cannot.
  (...args: Args): Result;
}

/**
 * The base of every network and layer, as MindSpore's `nn.Cell`. Subclasses set child cells
 * and Parameters as fields and define `construct`; instances are callable (`net(x)` runs
 * `construct`). Parameters are named after their dotted attribute path (`conv1.weight`).
 *
 * Calling works because the constructor returns a function whose prototype is the subclass's
 * prototype: `instanceof`, methods and subclass fields behave as on any object.
 *
 * @example
 * ```ts
 * import { type Tensor, tensor } from '@gradkit/tensor';
 * import { Cell, Dense } from '@gradkit/train';
 *
 * class Net extends Cell {
 *   fc = new Dense(4, 3);
 *   construct(x: Tensor): Tensor {
 *     return this.fc(x);
 *   }
 * }
 * const net = new Net();
 * const logits = net(tensor([[1, 2, 3, 4]])); // [1, 3]
 * net.trainableParams().map((p) => p.name); // ['fc.weight', 'fc.bias']
 * ```
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the constructor really returns a callable, so the merged call signature is true.
export abstract class Cell<Args extends unknown[] = [Tensor], Result = Tensor> {
  /** Training mode (Dropout and BatchNorm behave differently); set with `setTrain`. */
  // Declared, not initialized: a base-class initializer would run on the object `new` made,
  // not on the callable the constructor returns.
  declare training: boolean;

  constructor() {
    const self = callableInstance<Cell<Args, Result>, Args, Result>(
      new.target.prototype,
      (cell, ...args) => cell.construct(...args),
    );
    self.training = false;
    // biome-ignore lint/correctness/noConstructorReturn: returning a function makes instances callable.
    return self;
  }

  /** The computation, as MindSpore's `construct`; call the cell rather than this. */
  abstract construct(...args: Args): Result;

  /** Sets training mode on this cell and every cell inside it; returns this. */
  setTrain(mode = true): this {
    for (const [, cell] of this.cellsAndNames()) cell.training = mode;
    return this;
  }

  /**
   * The members that hold children and parameters, as `[name, value]`. By default the own
   * enumerable fields in definition order; containers such as SequentialCell override it.
   */
  protected namedMembers(): Iterable<readonly [string, unknown]> {
    return Object.entries(this);
  }

  /** This cell and every cell inside it with dotted names ('' for this one), each once. */
  cellsAndNames(prefix = ''): [string, Cell<never[], unknown>][] {
    const found: [string, Cell<never[], unknown>][] = [];
    const seen = new Set<unknown>();
    const visit = (cell: Cell<never[], unknown>, path: string) => {
      if (seen.has(cell)) return;
      seen.add(cell);
      found.push([path, cell]);
      for (const [name, member] of cell.namedMembers()) {
        forEachNested(member, joinName(path, name), (value, childPath) => {
          if (value instanceof Cell) visit(value as Cell<never[], unknown>, childPath);
        });
      }
    };
    visit(this as unknown as Cell<never[], unknown>, prefix);
    return found;
  }

  /**
   * Every Parameter with its dotted name, in definition order, each once (a shared parameter
   * under its first name). The parameters' `name` is set to these names, as MindSpore's
   * automatic prefixes do.
   */
  parametersAndNames(prefix = ''): [string, Parameter][] {
    const found: [string, Parameter][] = [];
    const seenParams = new Set<Parameter>();
    const seenCells = new Set<unknown>();
    const visit = (cell: Cell<never[], unknown>, path: string) => {
      if (seenCells.has(cell)) return;
      seenCells.add(cell);
      for (const [name, member] of cell.namedMembers()) {
        forEachNested(member, joinName(path, name), (value, childPath) => {
          if (value instanceof Parameter) {
            if (seenParams.has(value)) return;
            seenParams.add(value);
            value.name = childPath;
            found.push([childPath, value]);
          } else if (value instanceof Cell) {
            visit(value as Cell<never[], unknown>, childPath);
          }
        });
      }
    };
    visit(this as unknown as Cell<never[], unknown>, prefix);
    return found;
  }

  /** Every Parameter (named as in `parametersAndNames`). */
  getParameters(): Parameter[] {
    return this.parametersAndNames().map(([, param]) => param);
  }

  /** The parameters with `requiresGrad`: what an optimizer updates. */
  trainableParams(): Parameter[] {
    return this.getParameters().filter((param) => param.requiresGrad);
  }

  /**
   * The number of parameter elements, as Keras's `countParams()` or PyTorch's
   * `sum(p.numel() for p in model.parameters())`: the trainable ones by default, every
   * parameter (BatchNorm's moving statistics, frozen weights) with `{ trainableOnly: false }`.
   * A parameter shared between layers counts once.
   *
   * @example
   * ```ts
   * import { BatchNorm1d, Dense, SequentialCell } from '@gradkit/train';
   *
   * const net = new SequentialCell([new Dense(4, 3), new BatchNorm1d(3)]);
   * net.parameterCount(); // 4·3 + 3 + 3 + 3 = 21
   * net.parameterCount({ trainableOnly: false }); // 27, with the moving mean and variance
   * ```
   */
  parameterCount(options: { readonly trainableOnly?: boolean } = {}): number {
    const trainableOnly = options.trainableOnly ?? true;
    const params = trainableOnly ? this.trainableParams() : this.getParameters();
    return params.reduce((total, param) => total + param.shape.reduce((a, b) => a * b, 1), 0);
  }

  /** The parameters without `requiresGrad` (BatchNorm's moving statistics, frozen weights). */
  untrainableParams(): Parameter[] {
    return this.getParameters().filter((param) => !param.requiresGrad);
  }
}

function joinName(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

/** Visits a member and, through arrays, the cells and parameters inside it. */
function forEachNested(
  value: unknown,
  path: string,
  visit: (value: unknown, path: string) => void,
): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      forEachNested(item, `${path}.${i}`, visit);
    });
  } else if (value instanceof Cell || value instanceof Parameter) {
    visit(value, path);
  }
}
