import { addDecayedWeights, type GradientTransformation, masked } from '@gradkit/optim';
import { ValueError } from '@gradkit/tensor';
import {
  type GroupWording,
  type OrderWording,
  type ResolvedGroups,
  resolveGroups,
} from '../../optimizer/resolve-groups.js';
import { describe, type Parameter } from '../../parameter/parameter.js';
import { ArgumentTypeError } from './errors.js';
import {
  type LearningRate,
  type ResolvedLearningRate,
  resolveLearningRate,
} from './learning-rate.js';
import { checkBoolean, checkNonNegative } from './validate.js';

/**
 * A parameter group, as MindSpore's group dicts with their keys in camelCase
 * (`weightDecay`, `gradCentralization`, `orderParams`); MindSpore's snake_case spellings are
 * refused with the camelCase one named, like every other unknown key. In a dict with
 * `orderParams` the other keys are ignored.
 */
export interface ParamGroup {
  /** The group's parameters (required unless this is the `orderParams` dict). */
  readonly params?: readonly Parameter[];
  /** The group's learning rate, in any form `learningRate` takes; default the optimizer's. */
  readonly lr?: LearningRate;
  /** The group's weight decay, applied to all its parameters; default the optimizer's. */
  readonly weightDecay?: number;
  /** Centralize the gradients of the group's convolution kernels (rank-4); default false. */
  readonly gradCentralization?: boolean;
  /** The order of `optimizer.parameters` (and so of the gradients it takes). */
  readonly orderParams?: readonly Parameter[];
}

/** What an nn optimizer's `params` may be: Parameters, or group dicts. */
export type OptimizerParams = readonly Parameter[] | readonly ParamGroup[];

export interface ResolvedGroup {
  readonly params: readonly Parameter[];
  readonly lr: ResolvedLearningRate;
  readonly weightDecay: number;
  readonly gradCentralization: boolean;
  /** Per parameter: whether weight decay applies to it. */
  readonly decayFlags: readonly boolean[];
}

/**
 * MindSpore's default decay filter: parameters whose names contain neither beta nor gamma.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { nn, Parameter } from '@gradkit/train';
 *
 * nn.decaysByDefault(new Parameter(tensor([[1, 2]]), 'fc.weight')); // true
 * nn.decaysByDefault(new Parameter(tensor([1]), 'ln.gamma')); // false
 * ```
 */
export const decaysByDefault = (param: Parameter): boolean =>
  !param.name.includes('beta') && !param.name.includes('gamma');

/** g ← g + λ·w on the group's parameters that decay (its `decayFlags`). */
export function groupDecay(group: ResolvedGroup): GradientTransformation<unknown> {
  const decay = addDecayedWeights({ weightDecay: group.weightDecay });
  return masked(decay as GradientTransformation<unknown>, [
    ...group.decayFlags,
  ]) as GradientTransformation<unknown>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** MindSpore's messages: "nn.Adam: argument 'params[1]' must be a Parameter or a group dict, got a number". */
function wording(op: string): GroupWording {
  const wrongType = (argument: string, detail: string) =>
    new ArgumentTypeError(op, argument, detail);
  const twice = (param: Parameter) =>
    new ValueError(op, 'params', `holds the parameter '${param.name}' twice`);
  return {
    notAList: (value) =>
      wrongType('params', `must be a list of Parameters or of group dicts, got ${describe(value)}`),
    empty: () => new ValueError(op, 'params', 'must not be empty'),
    badItem: (index, item) =>
      wrongType(`params[${index}]`, `must be a Parameter or a group dict, got ${describe(item)}`),
    mixed: () => wrongType('params', 'must hold only Parameters or only group dicts'),
    missingParams: (where) => new ValueError(op, where, "must have 'params'"),
    notParameterList: (argument, value) =>
      wrongType(argument, `must be a list of Parameters, got ${describe(value)}`),
    notParameter: (argument, index, value) =>
      wrongType(`${argument}[${index}]`, `must be a Parameter, got ${describe(value)}`),
    emptyGroup: (argument) => new ValueError(op, argument, 'must not be empty'),
    twiceInGroup: twice,
    inTwoGroups: twice,
    keyWhat: (where) => `key of ${where}`,
  };
}

function orderWording(op: string): OrderWording {
  return {
    repeated: (where) => new ValueError(op, where, "repeats 'orderParams'"),
    noGroups: () => new ValueError(op, 'params', 'has no group with params'),
    twice: (param) =>
      new ValueError(op, 'orderParams', `holds the parameter '${param.name}' twice`),
    unknown: (param) =>
      new ValueError(op, 'orderParams', `holds '${param.name}', which is in no group of params`),
    missing: (params) =>
      new ValueError(
        op,
        'orderParams',
        `must list every grouped parameter; missing ${params.map((p) => `'${p.name}'`).join(', ')}`,
      ),
  };
}

/**
 * Reads `params` (Parameters, or MindSpore group dicts) into groups with their learning rate,
 * weight decay, gradient centralization and decay flags. Makes no tensors.
 *
 * For example, `resolveParams('nn.Adam', [{ params: convs, weightDecay: 0.01 }, { params: rest }], { lr, weightDecay: 0 })`
 * gives two groups and the parameters in order.
 */
export function resolveParams(
  op: string,
  params: unknown,
  defaults: { readonly lr: ResolvedLearningRate; readonly weightDecay: number },
): ResolvedGroups<ResolvedGroup> {
  return resolveGroups<ResolvedGroup>(op, params, {
    wording: wording(op),
    lists: 'array',
    loneParameter: false,
    isGroupDict: isPlainObject,
    keys: ['params', 'lr', 'weightDecay', 'gradCentralization', 'orderParams'],
    order: { key: 'orderParams', wording: orderWording(op) },
    decays: decaysByDefault,
    fill: (list, given, { where, decayFlags }) => {
      const { lr, weightDecay, gradCentralization } = given;
      return {
        params: list,
        lr: lr === undefined ? defaults.lr : resolveLearningRate(op, `${where}.lr`, lr),
        weightDecay:
          weightDecay === undefined
            ? defaults.weightDecay
            : checkNonNegative(op, `${where}.weightDecay`, weightDecay),
        gradCentralization:
          gradCentralization === undefined
            ? false
            : checkBoolean(op, `${where}.gradCentralization`, gradCentralization),
        decayFlags,
      };
    },
  });
}
