import { scope, type Tensor } from '@gradkit/tensor';
import { Cell } from '../cell/cell.js';
import { Normal } from '../initializers/normal.js';
import { ReLU } from '../layers/activations.js';
import { Conv2d } from '../layers/conv2d.js';
import { Dense } from '../layers/dense.js';
import { Flatten } from '../layers/flatten.js';
import { MaxPool2d } from '../layers/pooling.js';

/** Options of LeNet5, as the MindSpore docs' `LeNet5(num_class=10, num_channel=1, include_top=True)`. */
export interface LeNet5Options {
  readonly numClass?: number;
  readonly numChannel?: number;
  /** Include the three Dense layers (default true); without them the output is [N, 16, 5, 5]. */
  readonly includeTop?: boolean;
}

/**
 * LeNet-5 for 32×32 images, exactly as the network of the MindSpore docs (`lenet.py`) that
 * the optimizer examples train: two 5×5 'valid' convolutions with ReLU and 2×2 max pooling,
 * then Dense 400→120→84→numClass with Normal(0.02) weights on the first two.
 *
 * @example
 * ```ts
 * import { zeros } from '@gradkit/tensor';
 * import { LeNet5 } from '@gradkit/train';
 *
 * const net = new LeNet5();
 * const logits = net(zeros([2, 1, 32, 32])); // images [N, 1, 32, 32] -> [N, 10]
 * ```
 */
export class LeNet5 extends Cell {
  readonly conv1: Conv2d;
  readonly conv2: Conv2d;
  readonly relu = new ReLU();
  readonly maxPool2d = new MaxPool2d(2, 2);
  readonly includeTop: boolean;
  readonly flatten: Flatten | undefined;
  readonly fc1: Dense | undefined;
  readonly fc2: Dense | undefined;
  readonly fc3: Dense | undefined;

  constructor(options: LeNet5Options = {}) {
    super();
    const numClass = options.numClass ?? 10;
    const numChannel = options.numChannel ?? 1;
    this.includeTop = options.includeTop ?? true;
    this.conv1 = new Conv2d(numChannel, 6, 5, { padMode: 'valid' });
    this.conv2 = new Conv2d(6, 16, 5, { padMode: 'valid' });
    if (this.includeTop) {
      this.flatten = new Flatten();
      this.fc1 = new Dense(16 * 5 * 5, 120, { weightInit: new Normal(0.02) });
      this.fc2 = new Dense(120, 84, { weightInit: new Normal(0.02) });
      this.fc3 = new Dense(84, numClass);
    }
  }

  construct(input: Tensor): Tensor {
    // The scope frees the intermediates, also when the net runs outside valueAndGrad.
    return scope(() => {
      let x = this.maxPool2d(this.relu(this.conv1(input)));
      x = this.maxPool2d(this.relu(this.conv2(x)));
      if (!this.includeTop || !this.flatten || !this.fc1 || !this.fc2 || !this.fc3) return x;
      x = this.flatten(x);
      x = this.relu(this.fc1(x));
      x = this.relu(this.fc2(x));
      return this.fc3(x);
    });
  }
}
