import { add, matmul, type Tensor, ValueError } from '@gradkit/tensor';
import { Cell } from '../cell/cell.js';
import { checkOptions, describeArgument } from '../cell/check-arguments.js';
import { HeUniform } from '../initializers/he.js';
import { type InitializerLike, initialize } from '../initializers/resolve.js';
import { Uniform } from '../initializers/uniform.js';
import { Parameter } from '../parameter/parameter.js';
import { type ActivationLike, getActivation } from './activations.js';

/** Options of Dense, as MindSpore's keywords. */
export interface DenseOptions {
  /** Default HeUniform(√5): PyTorch's Linear initialization, as MindSpore 2.x. */
  readonly weightInit?: InitializerLike;
  /** Default Uniform(1/√inChannels), as MindSpore 2.x and PyTorch. */
  readonly biasInit?: InitializerLike;
  /** Default true. */
  readonly hasBias?: boolean;
  /** Applied after the affine map; default none. */
  readonly activation?: ActivationLike | null;
}

/**
 * A fully connected layer, as MindSpore's `nn.Dense`: y = activation(x·Wᵀ + b) with
 * `weight` of shape [outChannels, inChannels] and `bias` [outChannels]. x is [..., inChannels].
 *
 * @example
 * ```ts
 * import { zeros } from '@gradkit/tensor';
 * import { Dense } from '@gradkit/train';
 *
 * const fc = new Dense(4, 3, { activation: 'relu' });
 * const y = fc(zeros([2, 4])); // [batch, 3]
 * ```
 */
export class Dense extends Cell {
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  readonly activation: Cell<[Tensor], Tensor> | null;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    options: DenseOptions = {},
  ) {
    super();
    checkOptions('Dense', options, 'new Dense(inChannels, outChannels, { hasBias: false })');
    for (const [name, value] of [
      ['inChannels', inChannels],
      ['outChannels', outChannels],
    ] as const) {
      if (!Number.isInteger(value) || value < 1)
        throw new ValueError(
          'Dense',
          name,
          `must be a positive integer, as new Dense(4, 3), got ${describeArgument(value)}`,
        );
    }
    const weightInit = options.weightInit ?? new HeUniform(Math.sqrt(5));
    this.weight = new Parameter(
      initialize(weightInit, [outChannels, inChannels], 'float32', 'Dense'),
      'weight',
    );
    this.bias =
      options.hasBias === false
        ? null
        : new Parameter(
            initialize(
              options.biasInit ?? new Uniform(1 / Math.sqrt(inChannels)),
              [outChannels],
              'float32',
              'Dense',
            ),
            'bias',
          );
    this.activation = options.activation ? getActivation(options.activation) : null;
  }

  construct(x: Tensor): Tensor {
    if (x.shape.at(-1) !== this.inChannels) {
      throw new ValueError(
        'Dense',
        'x',
        `must have ${this.inChannels} features in its last axis, got shape [${x.shape.join(', ')}]`,
      );
    }
    let y = matmul(x, this.weight.value, { transposeB: true });
    if (this.bias !== null) {
      const z = add(y, this.bias.value);
      y.dispose();
      y = z;
    }
    if (this.activation === null) return y;
    const out = this.activation(y);
    y.dispose();
    return out;
  }
}
