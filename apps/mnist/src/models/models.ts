import type { Tensor } from '@gradkit/tensor';
import { type Cell, LeNet5 } from '@gradkit/train';
import { Mlp } from './mlp.js';
import type { ModelName } from './names.js';

/** A network and how many zero pixels its inputs get on each side. */
export interface ModelSpec {
  readonly net: Cell<[Tensor], Tensor>;
  readonly pad: number;
}

/** Builds a freshly initialized model (initializers draw from the global seed: setSeed first). */
export function createModel(name: ModelName): ModelSpec {
  switch (name) {
    case 'lenet5':
      // LeNet5 takes 32×32 images: MNIST digits padded by 2, as MindSpore's example resizes them.
      return { net: new LeNet5(), pad: 2 };
    case 'mlp':
      return { net: new Mlp(), pad: 0 };
  }
}
