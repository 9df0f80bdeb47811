import { adamInPlace, adamSlot } from '../plain/adam.js';
import { chainValueAndGrad } from '../plain/chain.js';
import { PlainLenet } from '../plain/lenet.js';
import { matmul } from '../plain/matmul.js';
import { PlainMlp } from '../plain/mlp.js';
import {
  adamInputs,
  chainInput,
  lenetInputs,
  matmulInputs,
  mlpInputs,
} from '../workload-inputs.js';
import type { CaseRun, System } from './system.js';

/** Typed-array loops written by hand: the floor every library is measured against. */
export function plainJs(): System {
  return {
    name: 'plain-js',
    liveTensors: () => undefined,
    async prepare(spec): Promise<CaseRun> {
      switch (spec.workload) {
        case 'W1': {
          const { params, grads } = adamInputs(spec);
          const slot = adamSlot(spec.n);
          let t = 0;
          return {
            step: () => adamInPlace(params, grads, slot, ++t),
            output: async () => params,
            dispose: () => {},
          };
        }
        case 'W2': {
          const mlp = new PlainMlp(spec, mlpInputs(spec));
          const losses: number[] = [];
          return {
            step: () => void losses.push(mlp.step()),
            output: async () => losses,
            dispose: () => {},
          };
        }
        case 'W3': {
          const { a, b } = matmulInputs(spec);
          let c = new Float32Array(0);
          return {
            step: () => {
              c = matmul(a, b, spec.n, spec.n, spec.n);
            },
            output: async () => c,
            dispose: () => {},
          };
        }
        case 'W4': {
          const lenet = new PlainLenet(lenetInputs(spec));
          const losses: number[] = [];
          return {
            step: () => void losses.push(lenet.step()),
            output: async () => losses,
            dispose: () => {},
          };
        }
        case 'W5': {
          const x = chainInput(spec);
          let result: [number, Float32Array] = [0, new Float32Array(0)];
          return {
            step: () => {
              result = chainValueAndGrad(x, spec.ops);
            },
            output: async () => [result[0], ...result[1]],
            dispose: () => {},
          };
        }
      }
    },
  };
}
