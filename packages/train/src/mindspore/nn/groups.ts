import { addDecayedWeights, type GradientTransformation, masked } from '@gradkit/optim';
import { ValueError } from '@gradkit/tensor';
import { checkOptionKeys } from '../../options/check-option-keys.js';
import { describe, Parameter } from '../../parameter/parameter.js';
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

export interface ResolvedParams {
  readonly groups: readonly ResolvedGroup[];
  /** The parameters in optimizer order (orderParams when given, else group order). */
  readonly parameters: readonly Parameter[];
  readonly grouped: boolean;
}

const KEYS = ['params', 'lr', 'weightDecay', 'gradCentralization', 'orderParams'];

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

function parameterList(op: string, argument: string, value: unknown): Parameter[] {
  if (!Array.isArray(value)) {
    throw new ArgumentTypeError(
      op,
      argument,
      `must be a list of Parameters, got ${describe(value)}`,
    );
  }
  return value.map((p: unknown, i) => {
    if (!(p instanceof Parameter)) {
      throw new ArgumentTypeError(
        op,
        `${argument}[${i}]`,
        `must be a Parameter, got ${describe(p)}`,
      );
    }
    return p;
  });
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
): ResolvedParams {
  if (!Array.isArray(params)) {
    throw new ArgumentTypeError(
      op,
      'params',
      `must be a list of Parameters or of group dicts, got ${describe(params)}`,
    );
  }
  if (params.length === 0) throw new ValueError(op, 'params', 'must not be empty');
  params.forEach((item: unknown, i) => {
    if (!(item instanceof Parameter) && !isPlainObject(item)) {
      throw new ArgumentTypeError(
        op,
        `params[${i}]`,
        `must be a Parameter or a group dict, got ${describe(item)}`,
      );
    }
  });
  const grouped = params.some((item) => !(item instanceof Parameter));
  if (!grouped) {
    const list = params as Parameter[];
    checkDistinct(op, 'params', list);
    const group: ResolvedGroup = {
      params: list,
      lr: defaults.lr,
      weightDecay: defaults.weightDecay,
      gradCentralization: false,
      decayFlags: list.map(decaysByDefault),
    };
    return { groups: [group], parameters: list, grouped: false };
  }
  if (params.some((item) => item instanceof Parameter)) {
    throw new ArgumentTypeError(op, 'params', 'must hold only Parameters or only group dicts');
  }
  const groups: ResolvedGroup[] = [];
  let order: Parameter[] | undefined;
  (params as Record<string, unknown>[]).forEach((group, i) => {
    const where = `params[${i}]`;
    checkOptionKeys(op, group, KEYS, `key of ${where}`);
    const ordered = group.orderParams;
    if (ordered !== undefined) {
      if (order !== undefined) throw new ValueError(op, where, "repeats 'orderParams'");
      order = parameterList(op, `${where}.orderParams`, ordered);
      return;
    }
    if (group.params === undefined) throw new ValueError(op, where, "must have 'params'");
    const list = parameterList(op, `${where}.params`, group.params);
    if (list.length === 0) throw new ValueError(op, `${where}.params`, 'must not be empty');
    const lr =
      group.lr === undefined ? defaults.lr : resolveLearningRate(op, `${where}.lr`, group.lr);
    const decay = group.weightDecay;
    const weightDecay =
      decay === undefined
        ? defaults.weightDecay
        : checkNonNegative(op, `${where}.weightDecay`, decay);
    const gc = group.gradCentralization;
    const gradCentralization =
      gc === undefined ? false : checkBoolean(op, `${where}.gradCentralization`, gc);
    groups.push({
      params: list,
      lr,
      weightDecay,
      gradCentralization,
      decayFlags: list.map(() => true),
    });
  });
  if (groups.length === 0) throw new ValueError(op, 'params', 'has no group with params');
  const all = groups.flatMap((g) => g.params);
  checkDistinct(op, 'params', all);
  let parameters = all;
  if (order !== undefined) {
    checkDistinct(op, 'orderParams', order);
    const known = new Set(all);
    for (const p of order) {
      if (!known.has(p)) {
        throw new ValueError(
          op,
          'orderParams',
          `holds '${p.name}', which is in no group of params`,
        );
      }
    }
    const listed = new Set(order);
    const missing = all.filter((p) => !listed.has(p));
    if (missing.length > 0) {
      throw new ValueError(
        op,
        'orderParams',
        `must list every grouped parameter; missing ${missing.map((p) => `'${p.name}'`).join(', ')}`,
      );
    }
    parameters = order;
  }
  return { groups, parameters, grouped: true };
}

function checkDistinct(op: string, argument: string, list: readonly Parameter[]): void {
  const seen = new Set<Parameter>();
  for (const p of list) {
    if (seen.has(p)) throw new ValueError(op, argument, `holds the parameter '${p.name}' twice`);
    seen.add(p);
  }
}
