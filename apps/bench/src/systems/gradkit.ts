import { valueAndGrad } from '@gradkit/autograd';
import { adam, applyUpdates, type Params, updateAndApply } from '@gradkit/optim';
import { dispose, matmul, memory, scope, type Tensor, tensor } from '@gradkit/tensor';
import { ADAM } from '../cases.js';
import { chainFn } from '../gradkit/chain.js';
import { gradkitLenet } from '../gradkit/lenet.js';
import { type MlpParams, mlpLoss } from '../gradkit/mlp-loss.js';
import {
  adamInputs,
  chainInput,
  lenetInputs,
  matmulInputs,
  mlpInputs,
} from '../workload-inputs.js';
import type { CaseRun, System } from './system.js';

const optimizer = () => adam(ADAM.learningRate, { b1: ADAM.b1, b2: ADAM.b2, eps: ADAM.eps });

/**
 * A training loop over a params tree with @gradkit/optim's adam, as users write it: the
 * scope frees the step's intermediates, the caller frees the old params and state. With
 * `donate`, the step is `updateAndApply` with the old params and state given up: Adam's one
 * fused pass, in place.
 */
function adamLoop<P extends Params>(
  initial: P,
  gradients: (params: P) => [Tensor | null, Params],
  donate = false,
) {
  const opt = optimizer();
  let params = initial;
  let state = opt.init(params);
  return {
    get params() {
      return params;
    },
    step(): Tensor | null {
      const [value, next, nextState] = scope(() => {
        const [v, grads] = gradients(params);
        if (donate) {
          const [p, s] = updateAndApply(opt, grads, state, params, { donate: true });
          return [v, p, s] as const;
        }
        const [updates, s] = opt.update(grads, state, params);
        return [v, applyUpdates(params, updates) as P, s] as const;
      });
      // Donated params and state are disposed already; disposing twice is harmless.
      dispose([params, state]);
      params = next;
      state = nextState;
      return value;
    },
    dispose: () => dispose([params, state]),
  };
}

/** gradkit on the current backend (set by the worker before `prepare`). */
export function gradkit(name: string): System {
  return {
    name,
    liveTensors: () => memory().tensors,
    async prepare(spec): Promise<CaseRun> {
      switch (spec.workload) {
        case 'W1': {
          const inputs = adamInputs(spec);
          const grads = { p: tensor(inputs.grads) };
          const loop = adamLoop({ p: tensor(inputs.params) }, () => [null, grads], true);
          return {
            step: () => void loop.step(),
            output: async () => loop.params.p.data(),
            dispose: () => {
              loop.dispose();
              dispose(grads);
            },
          };
        }
        case 'W2': {
          const d = mlpInputs(spec);
          const { batch, inputs, hidden, classes } = spec;
          const x = tensor(d.x, [batch, inputs]);
          const oneHot = tensor(d.oneHot, [batch, classes]);
          const lossAndGrads = valueAndGrad(mlpLoss);
          const loop = adamLoop<MlpParams>(
            {
              w1: tensor(d.w1, [inputs, hidden]),
              b1: tensor(d.b1, [hidden]),
              w2: tensor(d.w2, [hidden, classes]),
              b2: tensor(d.b2, [classes]),
            },
            (p) => lossAndGrads(p, x, oneHot) as [Tensor, Params],
          );
          const losses: number[] = [];
          return {
            step: () => {
              const loss = loop.step()!;
              losses.push(Number(loss.item()));
              loss.dispose();
            },
            output: async () => losses,
            dispose: () => {
              loop.dispose();
              dispose([x, oneHot]);
            },
          };
        }
        case 'W3': {
          const { a, b } = matmulInputs(spec);
          const [ta, tb] = [tensor(a, [spec.n, spec.n]), tensor(b, [spec.n, spec.n])];
          let c: ArrayLike<number> = [];
          return {
            step: () => {
              const product = matmul(ta, tb);
              c = product.dataSync();
              product.dispose();
            },
            output: async () => c,
            dispose: () => dispose([ta, tb]),
          };
        }
        case 'W4': {
          // The eager baseline: gradkit-cpu-jit is the compiled step.
          const lenet = gradkitLenet(lenetInputs(spec), { jit: false });
          const losses: number[] = [];
          return {
            step: () => void losses.push(lenet.step()),
            output: async () => losses,
            dispose: () => lenet.dispose(),
          };
        }
        case 'W5': {
          const x = tensor(chainInput(spec));
          const f = valueAndGrad(chainFn(spec.ops));
          let out: number[] = [];
          return {
            step: () => {
              const [value, grad] = f(x);
              out = [Number(value.item()), ...grad.dataSync()];
              dispose([value, grad]);
            },
            output: async () => out,
            dispose: () => x.dispose(),
          };
        }
      }
    },
  };
}
