import {
  adabelief,
  adadelta,
  adafactor,
  adagrad,
  adam,
  adamax,
  adamaxw,
  adamw,
  amsgrad,
  chain,
  clipByGlobalNorm,
  cosineDecaySchedule,
  fromage,
  type GradientTransformation,
  lamb,
  lars,
  lion,
  nadam,
  nadamw,
  noisySgd,
  novograd,
  radam,
  rmsprop,
  rprop,
  type ScalarOrSchedule,
  sgd,
  signSgd,
  warmupCosineDecaySchedule,
  yogi,
} from '@gradkit/optim';

type Transform = GradientTransformation<unknown>;
// biome-ignore lint/suspicious/noExplicitAny: every alias has its own state type; the page only hands it back.
type AnyTransform = GradientTransformation<any>;

interface AliasEntry {
  /** Builds the alias; `weightDecay` is passed only to aliases that take one. */
  readonly build: (learningRate: ScalarOrSchedule, weightDecay: number) => AnyTransform;
  /** False for the aliases whose learning rate must be a plain number (fromage, rprop). */
  readonly schedulable: boolean;
  /** Whether the alias has a decoupled weight decay option. */
  readonly weightDecay: boolean;
  /** Extra options shown in the description, e.g. sgd's momentum. */
  readonly options?: string;
}

const fixedRate = (lr: ScalarOrSchedule): number => (typeof lr === 'number' ? lr : lr(0));

/** Every alias of @gradkit/optim, by its exported name. */
export const ALIASES = {
  adabelief: { build: (lr) => adabelief(lr), schedulable: true, weightDecay: false },
  adadelta: { build: (lr) => adadelta(lr), schedulable: true, weightDecay: false },
  adafactor: { build: (lr) => adafactor(lr), schedulable: true, weightDecay: false },
  adagrad: { build: (lr) => adagrad(lr), schedulable: true, weightDecay: false },
  adam: { build: (lr) => adam(lr), schedulable: true, weightDecay: false },
  adamax: { build: (lr) => adamax(lr), schedulable: true, weightDecay: false },
  adamaxw: {
    build: (lr, wd) => adamaxw(lr, { weightDecay: wd }),
    schedulable: true,
    weightDecay: true,
  },
  adamw: {
    build: (lr, wd) => adamw(lr, { weightDecay: wd }),
    schedulable: true,
    weightDecay: true,
  },
  amsgrad: { build: (lr) => amsgrad(lr), schedulable: true, weightDecay: false },
  fromage: { build: (lr) => fromage(fixedRate(lr)), schedulable: false, weightDecay: false },
  lamb: { build: (lr, wd) => lamb(lr, { weightDecay: wd }), schedulable: true, weightDecay: true },
  lars: { build: (lr, wd) => lars(lr, { weightDecay: wd }), schedulable: true, weightDecay: true },
  lion: { build: (lr, wd) => lion(lr, { weightDecay: wd }), schedulable: true, weightDecay: true },
  nadam: { build: (lr) => nadam(lr), schedulable: true, weightDecay: false },
  nadamw: {
    build: (lr, wd) => nadamw(lr, { weightDecay: wd }),
    schedulable: true,
    weightDecay: true,
  },
  noisySgd: { build: (lr) => noisySgd(lr), schedulable: true, weightDecay: false },
  novograd: { build: (lr) => novograd(lr), schedulable: true, weightDecay: false },
  radam: { build: (lr) => radam(lr), schedulable: true, weightDecay: false },
  rmsprop: { build: (lr) => rmsprop(lr), schedulable: true, weightDecay: false },
  rprop: { build: (lr) => rprop(fixedRate(lr)), schedulable: false, weightDecay: false },
  sgd: {
    build: (lr) => sgd(lr, { momentum: 0.9 }),
    schedulable: true,
    weightDecay: false,
    options: '{ momentum: 0.9 }',
  },
  signSgd: { build: (lr) => signSgd(lr), schedulable: true, weightDecay: false },
  yogi: { build: (lr) => yogi(lr), schedulable: true, weightDecay: false },
} satisfies Record<string, AliasEntry>;

export type AliasName = keyof typeof ALIASES;
export const ALIAS_NAMES = Object.keys(ALIASES) as AliasName[];

export type ScheduleKind = 'constant' | 'warmup-cosine' | 'cosine';

/** What the optimizer form holds. */
export interface OptimizerSpec {
  readonly alias: AliasName;
  readonly learningRate: number;
  readonly schedule: ScheduleKind;
  /** Linear warmup from 0 (warmup-cosine only). */
  readonly warmupSteps: number;
  /** Steps until the cosine reaches 0 (warmup included). */
  readonly decaySteps: number;
  /** Global-norm clipping in front of the optimizer; `null` for none. */
  readonly clipNorm: number | null;
  /** Decoupled weight decay, for the aliases that have one. */
  readonly weightDecay: number;
}

export const DEFAULT_SPEC: OptimizerSpec = {
  alias: 'adamw',
  learningRate: 3e-3,
  schedule: 'warmup-cosine',
  warmupSteps: 20,
  decaySteps: 3000,
  clipNorm: 1,
  weightDecay: 1e-4,
};

export interface BuiltOptimizer {
  readonly transform: Transform;
  /** The composition as code, e.g. `chain(clipByGlobalNorm(1), adamw(...))`. */
  readonly description: string;
}

export function isAliasName(name: string): name is AliasName {
  return Object.hasOwn(ALIASES, name);
}

export function supportsSchedule(alias: AliasName): boolean {
  return ALIASES[alias].schedulable;
}

export function supportsWeightDecay(alias: AliasName): boolean {
  return ALIASES[alias].weightDecay;
}

function rate(spec: OptimizerSpec): { value: ScalarOrSchedule; text: string } {
  const lr = spec.learningRate;
  if (!supportsSchedule(spec.alias) || spec.schedule === 'constant') {
    return { value: lr, text: String(lr) };
  }
  if (spec.schedule === 'cosine') {
    return {
      value: cosineDecaySchedule(lr, spec.decaySteps),
      text: `cosineDecaySchedule(${lr}, ${spec.decaySteps})`,
    };
  }
  return {
    value: warmupCosineDecaySchedule(0, lr, spec.warmupSteps, spec.decaySteps),
    text: `warmupCosineDecaySchedule(0, ${lr}, ${spec.warmupSteps}, ${spec.decaySteps})`,
  };
}

/** Composes the optimizer the form describes, and says how as code. */
export function buildOptimizer(spec: OptimizerSpec): BuiltOptimizer {
  const entry: AliasEntry = ALIASES[spec.alias];
  const lr = rate(spec);
  const options = entry.weightDecay ? `{ weightDecay: ${spec.weightDecay} }` : entry.options;
  const core = entry.build(lr.value, spec.weightDecay);
  const coreText = `${spec.alias}(${lr.text}${options === undefined ? '' : `, ${options}`})`;
  if (spec.clipNorm === null) return { transform: core, description: coreText };
  return {
    transform: chain(clipByGlobalNorm(spec.clipNorm), core) as AnyTransform,
    description: `chain(clipByGlobalNorm(${spec.clipNorm}), ${coreText})`,
  };
}
