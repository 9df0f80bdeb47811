import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { ADAM } from '../cases.js';
import { tfjsLenet } from '../tfjs/lenet.js';
import { loadTfjs } from '../tfjs/load-tfjs.js';
import {
  adamInputs,
  CHAIN_ADD,
  CHAIN_MUL,
  chainInput,
  chainOp,
  lenetInputs,
  matmulInputs,
  mlpInputs,
} from '../workload-inputs.js';
import { type CaseRun, type System, Unsupported } from './system.js';

/** TensorFlow.js (`@tensorflow/tfjs`) on its cpu or wasm backend. */
export async function tfjs(backend: 'cpu' | 'wasm'): Promise<System> {
  const tf = await loadTfjs(backend);
  const adam = () => tf.train.adam(ADAM.learningRate, ADAM.b1, ADAM.b2, ADAM.eps);
  return {
    name: `tfjs-${backend}`,
    liveTensors: () => tf.memory().numTensors,
    async prepare(spec): Promise<CaseRun> {
      switch (spec.workload) {
        case 'W1': {
          const inputs = adamInputs(spec);
          const p = tf.variable(tf.tensor1d(inputs.params));
          const g = tf.tensor1d(inputs.grads);
          const opt = adam();
          return {
            step: () => opt.applyGradients([{ name: p.name, tensor: g }]),
            output: async () => p.data(),
            dispose: () => {
              tf.dispose([p, g]);
              opt.dispose();
            },
          };
        }
        case 'W2': {
          const d = mlpInputs(spec);
          const { batch, inputs, hidden, classes } = spec;
          const x = tf.tensor2d(d.x, [batch, inputs]);
          const oneHot = tf.tensor2d(d.oneHot, [batch, classes]);
          const w1 = tf.variable(tf.tensor2d(d.w1, [inputs, hidden]));
          const b1 = tf.variable(tf.tensor1d(d.b1));
          const w2 = tf.variable(tf.tensor2d(d.w2, [hidden, classes]));
          const b2 = tf.variable(tf.tensor1d(d.b2));
          const opt = adam();
          const loss = (): Scalar => {
            const h = tf.relu(tf.add(tf.matMul(x, w1), b1));
            const logits = tf.add(tf.matMul(h, w2), b2);
            return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), -1))) as Scalar;
          };
          const losses: number[] = [];
          return {
            step: () => {
              const value = opt.minimize(loss, true, [w1, b1, w2, b2])!;
              losses.push(value.dataSync()[0]!);
              value.dispose();
            },
            output: async () => losses,
            dispose: () => {
              tf.dispose([x, oneHot, w1, b1, w2, b2]);
              opt.dispose();
            },
          };
        }
        case 'W3': {
          const { a, b } = matmulInputs(spec);
          const ta = tf.tensor2d(a, [spec.n, spec.n]);
          const tb = tf.tensor2d(b, [spec.n, spec.n]);
          let c: ArrayLike<number> = [];
          return {
            step: () => {
              const product = tf.matMul(ta, tb);
              c = product.dataSync();
              product.dispose();
            },
            output: async () => c,
            dispose: () => tf.dispose([ta, tb]),
          };
        }
        case 'W4': {
          // tfjs-backend-wasm 4.22 registers Conv2D, Conv2DBackpropInput and MaxPoolGrad but
          // not the filter gradient, Conv2DBackpropFilter (157 kernels, checked with
          // tf.getKernelsForBackend('wasm')); borrowing the cpu backend's would time a hybrid.
          if (tf.getKernel('Conv2DBackpropFilter', backend) === undefined) {
            const kernels = tf.getKernelsForBackend(backend).length;
            throw new Unsupported(
              `tfjs-backend-${backend} ${tf.version_core} has no Conv2DBackpropFilter kernel (conv2d's weight gradient; ${kernels} kernels registered)`,
            );
          }
          const lenet = tfjsLenet(tf, lenetInputs(spec));
          const losses: number[] = [];
          return {
            step: () => void losses.push(lenet.step()),
            output: async () => losses,
            dispose: () => lenet.dispose(),
          };
        }
        case 'W5': {
          const x = tf.tensor1d(chainInput(spec));
          const f = tf.valueAndGrad((t: Tensor) => {
            for (let i = 0; i < spec.ops; i++) {
              const op = chainOp(i);
              t =
                op === 'mul'
                  ? tf.mul(t, CHAIN_MUL)
                  : op === 'add'
                    ? tf.add(t, CHAIN_ADD)
                    : op === 'tanh'
                      ? tf.tanh(t)
                      : tf.sin(t);
            }
            return tf.sum(t);
          });
          let out: number[] = [];
          return {
            step: () => {
              const { value, grad } = tf.tidy(() => f(x));
              out = [value.dataSync()[0]!, ...grad.dataSync()];
              tf.dispose([value, grad]);
            },
            output: async () => out,
            dispose: () => x.dispose(),
          };
        }
      }
    },
  };
}
