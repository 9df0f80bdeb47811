import { add, mul, sin, sum, type Tensor, tanh } from '@gradkit/tensor';
import { CHAIN_ADD, CHAIN_MUL, chainOp } from '../workload-inputs.js';

/** W5's function: `ops` elementwise ops in a row, then the sum. */
export function chainFn(ops: number) {
  return (x: Tensor): Tensor => {
    for (let i = 0; i < ops; i++) {
      const op = chainOp(i);
      x =
        op === 'mul'
          ? mul(x, CHAIN_MUL)
          : op === 'add'
            ? add(x, CHAIN_ADD)
            : op === 'tanh'
              ? tanh(x)
              : sin(x);
    }
    return sum(x);
  };
}
