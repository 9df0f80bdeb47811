import { CHAIN_ADD, CHAIN_MUL, chainOp } from '../workload-inputs.js';

/** W5 by hand: the forward values kept on a list, then the backward pass over it. */
export function chainValueAndGrad(x: Float32Array, ops: number): [number, Float32Array] {
  const values: Float32Array[] = [x];
  let current = x;
  for (let i = 0; i < ops; i++) {
    const next = new Float32Array(current.length);
    const op = chainOp(i);
    for (let j = 0; j < next.length; j++) {
      const v = current[j]!;
      next[j] =
        op === 'mul'
          ? v * CHAIN_MUL
          : op === 'add'
            ? v + CHAIN_ADD
            : op === 'tanh'
              ? Math.tanh(v)
              : Math.sin(v);
    }
    values.push(next);
    current = next;
  }
  let value = 0;
  for (const v of current) value += v;
  const grad = new Float32Array(x.length).fill(1);
  for (let i = ops - 1; i >= 0; i--) {
    const op = chainOp(i);
    for (let j = 0; j < grad.length; j++) {
      if (op === 'mul') grad[j] = grad[j]! * CHAIN_MUL;
      else if (op === 'tanh') grad[j] = grad[j]! * (1 - values[i + 1]![j]! ** 2);
      else if (op === 'sin') grad[j] = grad[j]! * Math.cos(values[i]![j]!);
    }
  }
  return [value, grad];
}
