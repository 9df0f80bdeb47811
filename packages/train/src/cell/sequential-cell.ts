import { type Tensor, ValueError } from '@gradkit/tensor';
import { Cell } from './cell.js';
import { checkCell, describeArgument } from './check-arguments.js';

/**
 * Runs cells one after another, as MindSpore's `SequentialCell`; parameters are named by
 * position (`0.weight`, `1.weight`).
 *
 * @example
 * ```ts
 * import { zeros } from '@gradkit/tensor';
 * import { Dense, ReLU, SequentialCell } from '@gradkit/train';
 *
 * const mlp = new SequentialCell([new Dense(4, 16), new ReLU(), new Dense(16, 3)]);
 * const logits = mlp(zeros([2, 4])); // [2, 3]
 * ```
 */
export class SequentialCell extends Cell {
  readonly cells: readonly Cell<[Tensor], Tensor>[];

  constructor(cells: readonly Cell<[Tensor], Tensor>[], ...extra: never[]) {
    super();
    const usage = 'new SequentialCell([new Dense(4, 16), new ReLU()])';
    if (!Array.isArray(cells) || extra.length > 0) {
      throw new ValueError(
        'SequentialCell',
        'cells',
        `must be one array of cells, as ${usage}, got ${extra.length > 0 ? `${extra.length + 1} arguments` : describeArgument(cells)}`,
      );
    }
    cells.forEach((cell, i) => {
      checkCell('SequentialCell', `cells[${i}]`, cell, usage);
    });
    this.cells = [...cells];
  }

  override get length(): number {
    return this.cells.length;
  }

  /** The cell at `index`. */
  at(index: number): Cell<[Tensor], Tensor> | undefined {
    return this.cells.at(index);
  }

  protected override namedMembers(): Iterable<readonly [string, unknown]> {
    return this.cells.map((cell, i) => [String(i), cell] as const);
  }

  construct(x: Tensor): Tensor {
    let y = x;
    for (const cell of this.cells) y = cell(y);
    return y;
  }
}
