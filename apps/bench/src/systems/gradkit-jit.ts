import { valueAndGrad } from '@gradkit/autograd';
import { jit } from '@gradkit/jit';
import { adam, type Params, updateAndApply } from '@gradkit/optim';
import { dispose, memory, scope, type Tensor, tensor } from '@gradkit/tensor';
import { ADAM } from '../cases.js';
import { chainFn } from '../gradkit/chain.js';
import { type LenetParams, lenetLoss } from '../gradkit/lenet-loss.js';
import { type MlpParams, mlpLoss } from '../gradkit/mlp-loss.js';
import { adamInputs, chainInput, lenetInputs, mlpInputs } from '../workload-inputs.js';
import { gradkit } from './gradkit.js';
import type { CaseRun, System } from './system.js';

const optimizer = () => adam(ADAM.learningRate, { b1: ADAM.b1, b2: ADAM.b2, eps: ADAM.eps });

/**
 * A training loop compiled whole: loss, gradients (`valueAndGrad`) and @gradkit/optim's Adam
 * (`updateAndApply`, one fused pass per parameter) in one `jit`, with the params and the
 * state donated, so each step replays one recording that writes the parameters and moments
 * where they are. Adam's step count is a tensor of its state, so the recording is made once.
 */
function compiledLoop<P extends Params>(
  initial: P,
  loss: (params: P, x: Tensor, y: Tensor) => Tensor,
  x: Tensor,
  y: Tensor,
) {
  const opt = optimizer();
  const step = jit(
    (params: P, state: ReturnType<typeof opt.init>, xs: Tensor, ys: Tensor) => {
      const [value, grads] = valueAndGrad(loss)(params, xs, ys) as unknown as [Tensor, Params];
      const [next, nextState] = updateAndApply(opt, grads, state, params, { donate: true });
      return [next as P, nextState, value] as const;
    },
    { donate: [0, 1] },
  );
  let params = initial;
  let state = opt.init(params);
  const losses: number[] = [];
  return {
    losses,
    step(): void {
      const [next, nextState, value] = step(params, state, x, y);
      [params, state] = [next, nextState];
      losses.push(Number(value.item()));
      value.dispose();
    },
    dispose: () => {
      dispose([params, state, x, y]);
      step.clearCache();
    },
  };
}

/** W1: Adam alone, one compiled in-place step over donated params and state. */
function compiledAdam(initial: Params, grads: Params) {
  const opt = optimizer();
  const step = jit(
    (params: Params, state: ReturnType<typeof opt.init>, g: Params) =>
      updateAndApply(opt, g, state, params, { donate: true }),
    { donate: [0, 1] },
  );
  let params = initial;
  let state = opt.init(params);
  return {
    params: () => params,
    step(): void {
      [params, state] = step(params, state, grads) as [Params, typeof state];
    },
    dispose: () => {
      dispose([params, state]);
      step.clearCache();
    },
  };
}

/** gradkit on the current backend (set by the worker before `prepare`) with compiled steps (`jit` from @gradkit/jit). */
export function gradkitJit(name: string): System {
  const eager = gradkit(name);
  return {
    name,
    liveTensors: () => memory().tensors,
    async prepare(spec): Promise<CaseRun> {
      switch (spec.workload) {
        case 'W1': {
          const inputs = adamInputs(spec);
          const grads = { p: tensor(inputs.grads) };
          const loop = compiledAdam({ p: tensor(inputs.params) }, grads);
          return {
            step: () => loop.step(),
            output: async () => (loop.params() as { p: Tensor }).p.data(),
            dispose: () => {
              loop.dispose();
              dispose(grads);
            },
          };
        }
        // W3 is one matmul: nothing to compile. It runs as gradkit-cpu does.
        case 'W3':
          return eager.prepare(spec);
        case 'W2': {
          const d = mlpInputs(spec);
          const { batch, inputs, hidden, classes } = spec;
          const loop = compiledLoop<MlpParams>(
            {
              w1: tensor(d.w1, [inputs, hidden]),
              b1: tensor(d.b1, [hidden]),
              w2: tensor(d.w2, [hidden, classes]),
              b2: tensor(d.b2, [classes]),
            },
            mlpLoss,
            tensor(d.x, [batch, inputs]),
            tensor(d.oneHot, [batch, classes]),
          );
          return {
            step: () => loop.step(),
            output: async () => loop.losses,
            dispose: () => loop.dispose(),
          };
        }
        case 'W4': {
          const d = lenetInputs(spec);
          const loop = compiledLoop<LenetParams>(
            {
              conv1: tensor(d.conv1, [6, 1, 5, 5]),
              conv2: tensor(d.conv2, [16, 6, 5, 5]),
              fc1: tensor(d.fc1, [120, 400]),
              fc1Bias: tensor(d.fc1Bias, [120]),
              fc2: tensor(d.fc2, [84, 120]),
              fc2Bias: tensor(d.fc2Bias, [84]),
              fc3: tensor(d.fc3, [10, 84]),
              fc3Bias: tensor(d.fc3Bias, [10]),
            },
            lenetLoss,
            tensor(d.images, [d.batch, 1, 32, 32]),
            tensor(d.oneHot, [d.batch, 10]),
          );
          return {
            step: () => loop.step(),
            output: async () => loop.losses,
            dispose: () => loop.dispose(),
          };
        }
        case 'W5': {
          const x = tensor(chainInput(spec));
          const f = jit(valueAndGrad(chainFn(spec.ops)));
          let out: number[] = [];
          return {
            step: () => {
              const [value, grad] = scope(() => f(x));
              out = [Number(value.item()), ...grad.dataSync()];
              dispose([value, grad]);
            },
            output: async () => out,
            dispose: () => {
              x.dispose();
              f.clearCache();
            },
          };
        }
      }
    },
  };
}
