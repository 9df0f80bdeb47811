import { defaultDevice, init, jit, numpy as np, valueAndGrad } from '@jax-js/jax';
import { ADAM } from '../cases.js';
import { adamUpdate, chain, type MlpParams, mlpLoss } from '../jaxjs/steps.js';
import { adamInputs, chainInput, matmulInputs, mlpInputs } from '../workload-inputs.js';
import { type CaseRun, type System, Unsupported } from './system.js';

type A = np.Array;
const corrections = (t: number) => [np.array(1 - ADAM.b1 ** t), np.array(1 - ADAM.b2 ** t)];

// jit compile time of W5's gradient grew faster than linearly with the chain here
// (10 ops 0.2 s, 20 ops 1.3 s, 40 ops 5.3 s; 100 ops did not finish in 120 s).
const JIT_CHAIN_REASON =
  'jit of the 100-op gradient did not compile within 120 s (40 ops: 5.3 s, 20: 1.3 s)';

/** `@jax-js/jax` on its wasm device (Node needs `init('wasm')`), eager or under jit. */
export async function jaxJs(mode: 'eager' | 'jit'): Promise<System> {
  const devices = await init('wasm');
  if (!devices.includes('wasm')) throw new Error(`jax-js wasm device unavailable: ${devices}`);
  defaultDevice('wasm');
  // biome-ignore lint/suspicious/noExplicitAny: wraps functions of any signature.
  const maybeJit = <F extends (...args: any[]) => any>(f: F): F =>
    mode === 'jit' ? (jit(f) as unknown as F) : f;
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
          const x = np.array(d.x).reshape([batch, inputs]);
          const oneHot = np.array(d.oneHot).reshape([batch, classes]);
          let params: MlpParams = {
            w1: np.array(d.w1).reshape([inputs, hidden]),
            b1: np.array(d.b1),
            w2: np.array(d.w2).reshape([hidden, classes]),
            b2: np.array(d.b2),
          };
          const zeros = (): MlpParams => ({
            w1: np.zeros([inputs, hidden]),
            b1: np.zeros([hidden]),
            w2: np.zeros([hidden, classes]),
            b2: np.zeros([classes]),
          });
          let [m, v] = [zeros(), zeros()];
          const keys = ['w1', 'b1', 'w2', 'b2'] as const;
          // The whole step, so jit can fuse the update into the backward pass.
          const trainStep = maybeJit(
            (p: MlpParams, m0: MlpParams, v0: MlpParams, xs: A, ys: A, c1: A, c2: A) => {
              const refs = { w1: p.w1.ref, b1: p.b1.ref, w2: p.w2.ref, b2: p.b2.ref };
              const [loss, g] = valueAndGrad(mlpLoss)(refs, xs, ys);
              const out = { p: {} as MlpParams, m: {} as MlpParams, v: {} as MlpParams };
              keys.forEach((k, i) => {
                const last = i === keys.length - 1;
                [out.p[k], out.m[k], out.v[k]] = adamUpdate(
                  p[k],
                  g[k],
                  m0[k],
                  v0[k],
                  last ? c1 : c1.ref,
                  last ? c2 : c2.ref,
                );
              });
              return [loss, out] as const;
            },
          );
          const losses: number[] = [];
          let t = 0;
          return {
            step: async () => {
              const [c1, c2] = corrections(++t);
              const [loss, next] = trainStep(params, m, v, x.ref, oneHot.ref, c1!, c2!);
              ({ p: params, m, v } = next);
              losses.push((await loss.data())[0]!);
            },
            output: async () => losses,
            dispose: () => {
              for (const tree of [params, m, v]) for (const k of keys) tree[k].dispose();
              x.dispose();
              oneHot.dispose();
            },
          };
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
        case 'W4':
          throw new Unsupported('LeNet5 not written for jax-js in the bench yet');
        case 'W5': {
          if (mode === 'jit') throw new Unsupported(JIT_CHAIN_REASON);
          const x = np.array(chainInput(spec));
          const f = valueAndGrad(chain(spec.ops));
          let out: number[] = [];
          return {
            step: async () => {
              const [value, grad] = f(x.ref);
              out = [(await value.data())[0]!, ...(await grad.data())];
            },
            output: async () => out,
            dispose: () => x.dispose(),
          };
        }
      }
    },
  };
}
