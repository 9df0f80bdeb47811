import { defaultDevice, init, jit, numpy as np, valueAndGrad } from '@jax-js/jax';
import { ADAM } from '../cases.js';
import { LENET_KEYS, lenetLoss, lenetParams } from '../jaxjs/lenet.js';
import {
  adamTrainStep,
  adamUpdate,
  chain,
  MLP_KEYS,
  type MlpParams,
  mlpLoss,
} from '../jaxjs/steps.js';
import {
  adamInputs,
  chainInput,
  lenetInputs,
  matmulInputs,
  mlpInputs,
} from '../workload-inputs.js';
import type { CaseRun, System } from './system.js';

type A = np.Array;
// biome-ignore lint/suspicious/noExplicitAny: wraps functions of any signature.
type MaybeJit = <F extends (...args: any[]) => any>(f: F) => F;
const corrections = (t: number) => [np.array(1 - ADAM.b1 ** t), np.array(1 - ADAM.b2 ** t)];

/** `@jax-js/jax` on its wasm device (Node needs `init('wasm')`), eager or under jit. */
export async function jaxJs(mode: 'eager' | 'jit'): Promise<System> {
  const devices = await init('wasm');
  if (!devices.includes('wasm')) throw new Error(`jax-js wasm device unavailable: ${devices}`);
  defaultDevice('wasm');
  const maybeJit: MaybeJit = (f) => (mode === 'jit' ? (jit(f) as unknown as typeof f) : f);
  const chainGrads = new Map<number, (x: A) => [A, A]>();
  return {
    name: `jax-js-${mode}`,
    liveTensors: () => undefined,
    async prepare(spec): Promise<CaseRun> {
      switch (spec.workload) {
        case 'W1': {
          const inputs = adamInputs(spec);
          let [p, m, v] = [np.array(inputs.params), np.zeros([spec.n]), np.zeros([spec.n])] as A[];
          const g = np.array(inputs.grads);
          const update = maybeJit(adamUpdate);
          let t = 0;
          return {
            step: async () => {
              const [c1, c2] = corrections(++t);
              [p, m, v] = update(p!, g.ref, m!, v!, c1!, c2!);
              await p.blockUntilReady();
            },
            output: async () => p!.ref.data(),
            dispose: () => {
              for (const a of [p, m, v, g]) a!.dispose();
            },
          };
        }
        case 'W2': {
          const d = mlpInputs(spec);
          const { batch, inputs, hidden, classes } = spec;
          const params: MlpParams = {
            w1: np.array(d.w1).reshape([inputs, hidden]),
            b1: np.array(d.b1),
            w2: np.array(d.w2).reshape([hidden, classes]),
            b2: np.array(d.b2),
          };
          const x = np.array(d.x).reshape([batch, inputs]);
          const oneHot = np.array(d.oneHot).reshape([batch, classes]);
          return adamTraining(params, MLP_KEYS, mlpLoss, x, oneHot, maybeJit);
        }
        case 'W3': {
          const { a, b } = matmulInputs(spec);
          const ta = np.array(a).reshape([spec.n, spec.n]);
          const tb = np.array(b).reshape([spec.n, spec.n]);
          const product = maybeJit((x: A, y: A) => np.matmul(x, y));
          let c: ArrayLike<number> = [];
          return {
            step: async () => {
              c = await product(ta.ref, tb.ref).data();
            },
            output: async () => c,
            dispose: () => {
              ta.dispose();
              tb.dispose();
            },
          };
        }
        case 'W4': {
          const d = lenetInputs(spec);
          const images = np.array(d.images).reshape([d.batch, 1, 32, 32]);
          const oneHot = np.array(d.oneHot).reshape([d.batch, 10]);
          return adamTraining(lenetParams(d), LENET_KEYS, lenetLoss, images, oneHot, maybeJit);
        }
        case 'W5': {
          const x = np.array(chainInput(spec));
          // One function per chain length, so the verification and the timed rounds share
          // jit's compilation (about 15 s for 100 ops here, growing faster than linearly).
          const grad = chainGrads.get(spec.ops) ?? maybeJit(valueAndGrad(chain(spec.ops)));
          chainGrads.set(spec.ops, grad);
          let out: number[] = [];
          return {
            step: async () => {
              const [value, dx] = grad(x.ref);
              out = [(await value.data())[0]!, ...(await dx.data())];
            },
            output: async () => out,
            dispose: () => x.dispose(),
          };
        }
      }
    },
  };
}

/**
 * A training run of `loss` from `params` with Adam on every parameter, one whole jax-js step
 * (under jit if `maybeJit` jits) per `step`; records the loss of every step.
 */
function adamTraining<K extends string>(
  params: Record<K, A>,
  keys: readonly K[],
  loss: (p: Record<K, A>, x: A, y: A) => A,
  x: A,
  y: A,
  maybeJit: MaybeJit,
): CaseRun {
  const zeros = () =>
    Object.fromEntries(keys.map((k) => [k, np.zeros(params[k].shape)])) as Record<K, A>;
  let [p, m, v] = [params, zeros(), zeros()];
  const trainStep = maybeJit(adamTrainStep(loss, keys));
  const losses: number[] = [];
  let t = 0;
  return {
    step: async () => {
      const [c1, c2] = corrections(++t);
      const [value, next] = trainStep(p, m, v, x.ref, y.ref, c1!, c2!);
      ({ p, m, v } = next);
      losses.push((await value.data())[0]!);
    },
    output: async () => losses,
    dispose: () => {
      for (const tree of [p, m, v]) for (const k of keys) tree[k].dispose();
      x.dispose();
      y.dispose();
    },
  };
}
