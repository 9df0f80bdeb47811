import type { CaseSpec } from './cases.js';
import { glorotArray, labelsAndOneHot, uniformArray } from './random-data.js';

// The inputs of each workload, as plain float32 arrays; systems copy them into their own
// tensors. Seeds are fixed so every process builds the same numbers.

type Spec<W extends CaseSpec['workload']> = Extract<CaseSpec, { workload: W }>;

export function adamInputs({ n }: Spec<'W1'>) {
  return { params: uniformArray(1, n), grads: uniformArray(2, n, -0.1, 0.1) };
}

export interface MlpInputs {
  readonly x: Float32Array;
  readonly labels: Int32Array;
  readonly oneHot: Float32Array;
  /** [inputs, hidden], [hidden], [hidden, classes], [classes]: y = relu(x·w1 + b1)·w2 + b2. */
  readonly w1: Float32Array;
  readonly b1: Float32Array;
  readonly w2: Float32Array;
  readonly b2: Float32Array;
}

export function mlpInputs({ batch, inputs, hidden, classes }: Spec<'W2'>): MlpInputs {
  return {
    x: uniformArray(3, batch * inputs, 0, 1),
    ...labelsAndOneHot(4, batch, classes),
    w1: glorotArray(5, inputs * hidden, inputs, hidden),
    b1: uniformArray(6, hidden, -0.01, 0.01),
    w2: glorotArray(7, hidden * classes, hidden, classes),
    b2: uniformArray(8, classes, -0.01, 0.01),
  };
}

export function matmulInputs({ n }: Spec<'W3'>) {
  return { a: uniformArray(9, n * n), b: uniformArray(10, n * n) };
}

/**
 * LeNet5 in gradkit's (MindSpore's) layouts: conv weights [out, in, kh, kw] without bias (as
 * MindSpore's), dense weights [out, in] with bias.
 */
export function lenetInputs({ batch }: Spec<'W4'>) {
  const classes = 10;
  return {
    batch,
    images: uniformArray(11, batch * 32 * 32, 0, 1),
    ...labelsAndOneHot(12, batch, classes),
    conv1: glorotArray(13, 6 * 25, 25, 150),
    conv2: glorotArray(14, 16 * 6 * 25, 150, 400),
    fc1: glorotArray(15, 120 * 400, 400, 120),
    fc1Bias: new Float32Array(120),
    fc2: glorotArray(16, 84 * 120, 120, 84),
    fc2Bias: new Float32Array(84),
    fc3: glorotArray(17, 10 * 84, 84, 10),
    fc3Bias: new Float32Array(10),
  };
}

/** W5's chain repeats these four ops: x·1.01, x + 0.01, tanh x, sin x; then sums. */
export const CHAIN_OPS = ['mul', 'add', 'tanh', 'sin'] as const;
export type ChainOp = (typeof CHAIN_OPS)[number];
export const CHAIN_MUL = 1.01;
export const CHAIN_ADD = 0.01;
export const chainOp = (i: number): ChainOp => CHAIN_OPS[i % CHAIN_OPS.length]!;

export function chainInput({ size }: Spec<'W5'>) {
  return uniformArray(18, size);
}
