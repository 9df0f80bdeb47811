import { scope, type Tensor } from '@gradkit/tensor';
import { Cell } from '../cell/cell.js';
import { checkCell } from '../cell/check-arguments.js';

/**
 * The members of a wrapped cell, so a wrapper adds no prefix to parameter names.
 *
 * For example, `protected override namedMembers() { return membersOf(this.network); }` keeps
 * the names `fc1.weight`, ...
 */
export function membersOf(cell: unknown): Iterable<readonly [string, unknown]> {
  return (cell as { namedMembers(): Iterable<readonly [string, unknown]> }).namedMembers();
}

/**
 * A network and its loss as one cell, as MindSpore's `nn.WithLossCell`:
 * `withLoss(data, label)` = `lossFn(backbone(data), label)`. Like MindSpore's wrappers
 * (`auto_prefix=False`) it adds no prefix: parameters keep the backbone's names.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Dense, SoftmaxCrossEntropyWithLogits, WithLossCell } from '@gradkit/train';
 *
 * const net = new Dense(4, 3);
 * const netWithLoss = new WithLossCell(net, new SoftmaxCrossEntropyWithLogits({ sparse: true }));
 * const loss = netWithLoss(tensor([[1, 2, 3, 4]]), tensor([2], undefined, 'int32')); // a scalar
 * netWithLoss.trainableParams().map((p) => p.name); // ['weight', 'bias'], the network's own names
 * ```
 */
export class WithLossCell extends Cell<[Tensor, Tensor], Tensor> {
  readonly backbone: Cell<[Tensor], Tensor>;
  readonly lossFn: Cell<[Tensor, Tensor], Tensor>;

  constructor(backbone: Cell<[Tensor], Tensor>, lossFn: Cell<[Tensor, Tensor], Tensor>) {
    super();
    const usage = 'new WithLossCell(network, new CrossEntropyLoss())';
    checkCell('WithLossCell', 'backbone', backbone, usage);
    checkCell('WithLossCell', 'lossFn', lossFn, usage);
    this.backbone = backbone;
    this.lossFn = lossFn;
  }

  protected override namedMembers(): Iterable<readonly [string, unknown]> {
    return [...membersOf(this.backbone), ...membersOf(this.lossFn)];
  }

  construct(data: Tensor, label: Tensor): Tensor {
    // The scope frees the logits also when the cell runs outside valueAndGrad.
    return scope(() => this.lossFn(this.backbone(data), label));
  }
}
