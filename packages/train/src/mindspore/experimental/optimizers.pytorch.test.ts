// Every optimizer class against torch.optim (fixtures/optimizers.json, written by
// scripts/generate_optimizer_fixtures.py with Debian's python3-torch): two parameter groups,
// the second overriding some options, a null gradient skipping one parameter at step 3, and
// schedulers changing lr or momentum between steps.
import { type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import type { Parameter } from '../../parameter/parameter.js';
import { Adadelta } from './adadelta.js';
import { Adagrad } from './adagrad.js';
import { ADAM_DEFAULTS, Adam, adamSpec } from './adam.js';
import { Adamax } from './adamax.js';
import { AdamW, adamwSpec } from './adamw.js';
import { ASGD } from './asgd.js';
import { OneCycleLR } from './lr-scheduler/one-cycle-lr.js';
import { StepLR } from './lr-scheduler/step-lr.js';
import { NAdam, nadamSpec } from './nadam.js';
import { Optimizer, type OptimizerSpec } from './optimizer.js';
import type { Hyperparameters } from './param-groups.js';
import { RAdam } from './radam.js';
import { RMSprop } from './rmsprop.js';
import { Rprop } from './rprop.js';
import { SGD } from './sgd.js';
import {
  expectValuesClose,
  fixtureParams,
  readFixture,
  type TrajectoryCase,
  type TrajectoryFixtures,
} from './testing/fixtures.js';

interface Case extends TrajectoryCase {
  optimizer: string;
  steps: (number | null)[];
}

const fixtures = readFixture<TrajectoryFixtures<Case>>('optimizers.json');

/** An optimizer class from a spec, as the PyTorch-style front end makes its variants. */
class FromSpec<H extends Hyperparameters> extends Optimizer<H> {}

type Params = ConstructorParameters<typeof Adam>[0];
type Make = (params: Params, options: Record<string, unknown>) => Optimizer;
const classes: Record<string, Make> = {
  Adam: (p, o) => new Adam(p, o),
  AdamW: (p, o) => new AdamW(p, o),
  Adamax: (p, o) => new Adamax(p, o),
  SGD: (p, o) => new SGD(p as never, o as never),
  RMSprop: (p, o) => new RMSprop(p as never, o),
  Adagrad: (p, o) => new Adagrad(p as never, o),
  Adadelta: (p, o) => new Adadelta(p as never, o),
  NAdam: (p, o) => new NAdam(p as never, o),
  RAdam: (p, o) => new RAdam(p as never, o),
  ASGD: (p, o) => new ASGD(p as never, o),
  Rprop: (p, o) => new Rprop(p as never, o as never),
};
const fromSpec =
  (spec: OptimizerSpec<never>, defaults: Record<string, unknown>): Make =>
  (p, o) =>
    new FromSpec(spec, p as never, { ...defaults, ...o });
// PyTorch's own numbers where they differ from the MindSpore classes' documented formulas.
const variants: Record<string, Make> = {
  adam_amsgrad_pytorch: fromSpec(adamSpec('pytorch') as never, ADAM_DEFAULTS),
  adamw_amsgrad_pytorch: fromSpec(adamwSpec('pytorch') as never, {
    ...ADAM_DEFAULTS,
    weightDecay: 1e-2,
  }),
  // torch 1.13 counts μₜ twice in NAdam's next-step product (fixed in 2.0).
  nadam: fromSpec(nadamSpec({ legacyMomentumProduct: true }) as never, {
    lr: 2e-3,
    betas: [0.9, 0.999],
    eps: 1e-8,
    weightDecay: 0,
    momentumDecay: 4e-3,
  }),
};
const schedulers: Record<string, (optimizer: Optimizer) => { step(): void }> = {
  adam_steplr: (o) => new StepLR(o, 2, { gamma: 0.5 }),
  sgd_onecycle: (o) => new OneCycleLR(o, 0.5, { totalSteps: 6 }),
  rmsprop_momentum_steplr: (o) => new StepLR(o, 1, { gamma: 0.5 }),
};

function run(c: Case) {
  const params = fixtureParams(fixtures.shapes, fixtures.params);
  const [w, b, cParam] = params as [Parameter, Parameter, Parameter];
  const make = variants[c.name] ?? classes[c.optimizer];
  if (make === undefined) throw new Error(`no class for ${c.optimizer}`);
  const optimizer = make(
    [{ params: [w, b] }, { params: [cParam], ...c.group2 }] as Params,
    c.options,
  );
  const scheduler = schedulers[c.name]?.(optimizer);
  const trajectory = fixtures.grads.map((step, i) => {
    const grads = params.map((p) =>
      i === fixtures.nullStep && p.name === fixtures.nullParam
        ? null
        : tensor(new Float32Array(step[p.name]!), fixtures.shapes[p.name]),
    );
    optimizer(grads);
    for (const g of grads) g?.dispose();
    scheduler?.step();
    return Object.fromEntries(params.map((p) => [p.name, Array.from(p.value.dataSync())]));
  });
  return { optimizer, params, trajectory };
}

describe(`optimizer classes against torch ${fixtures.torch}`, () => {
  it('covers every class', () => {
    expect(new Set(fixtures.cases.map((c) => c.optimizer))).toEqual(new Set(Object.keys(classes)));
  });

  for (const c of fixtures.cases) {
    it(c.name, () => {
      const { optimizer, params, trajectory } = run(c);
      trajectory.forEach((values, i) => {
        for (const [name, expected] of Object.entries(c.trajectory[i]!)) {
          expectValuesClose(values[name]!, expected, `${c.name} step ${i + 1} ${name}`);
        }
      });
      // Each parameter counts its own steps; the skipped one has one fewer.
      expect(params.map((p) => optimizer.state.get(p)?.step)).toEqual([6, 5, 6]);
      if (c.steps[0] !== null) expect(c.steps).toEqual([6, 5, 6]);
    });
  }
});

describe('null gradients', () => {
  it('create no state until a parameter gets a gradient', () => {
    const [w, b] = fixtureParams(fixtures.shapes, fixtures.params) as [Parameter, Parameter];
    const optimizer = new Adam([w, b], { lr: 0.1 });
    const before = b.value;
    optimizer([tensor(new Float32Array(12), [3, 4]), null]);
    expect(optimizer.state.has(w)).toBe(true);
    expect(optimizer.state.has(b)).toBe(false);
    expect(b.value).toBe(before as Tensor);
  });
});
