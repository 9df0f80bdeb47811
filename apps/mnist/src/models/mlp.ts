import type { Tensor } from '@gradkit/tensor';
import { Cell, Dense, Flatten } from '@gradkit/train';

/** A two-layer perceptron on the raw 28×28 digits: 784 → hidden (ReLU) → 10. */
export class Mlp extends Cell {
  readonly flatten = new Flatten();
  readonly fc1: Dense;
  readonly fc2: Dense;

  constructor(hidden = 256) {
    super();
    this.fc1 = new Dense(28 * 28, hidden, { activation: 'relu' });
    this.fc2 = new Dense(hidden, 10);
  }

  construct(input: Tensor): Tensor {
    return this.fc2(this.fc1(this.flatten(input)));
  }
}
