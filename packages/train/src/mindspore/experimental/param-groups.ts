import type { Tensor } from '@gradkit/tensor';
import type { GroupRules, GroupWording } from '../../optimizer/resolve-groups.js';
import { Parameter } from '../../parameter/parameter.js';
import { describeValue, invalidValue } from './errors.js';

/**
 * An optimizer's hyperparameters under the camelCase of their original keywords (`lr`,
 * `betas`, `weightDecay`, ...). A type alias, not an interface, so it fits `Record`.
 */
export type Hyperparameters = { lr: number } & Record<string, unknown>;

/**
 * A parameter group as `optimizer.paramGroups` holds it: its parameters and every
 * hyperparameter, filled from the defaults. Schedulers and users change the values between
 * steps (`group.lr = 0.01`); other keys (a scheduler's `initialLr`, ...) may be added.
 */
export type ParamGroup<H extends Hyperparameters = Hyperparameters> = H & {
  params: Parameter[];
  [key: string]: unknown;
};

/** A group as given to a constructor or `addParamGroup`: missing hyperparameters take the defaults. */
export type ParamGroupInput<H extends Hyperparameters = Hyperparameters> = {
  readonly params: Iterable<Parameter> | Parameter;
  readonly lr?: number | Tensor;
} & Partial<Omit<H, 'lr'>> &
  Record<string, unknown>;

/** An optimizer's `params`: a list of Parameters, or of group dicts. */
export type OptimizerParams<H extends Hyperparameters = Hyperparameters> =
  | Iterable<Parameter>
  | Iterable<ParamGroupInput<H>>;

/** PyTorch's messages: "Adam: optimizer got an empty parameter list". */
function wording(op: string): GroupWording {
  const notParameterList = (value: unknown) =>
    new TypeError(
      `${op}: a param group's 'params' must be a Parameter or a list of Parameters, got ${describeValue(value)}`,
    );
  return {
    notAList: (value) =>
      new TypeError(
        `${op}: params argument given to the optimizer should be an iterable of Parameters or dicts, but got ${value instanceof Parameter ? 'a Parameter' : describeValue(value)}`,
      ),
    empty: () => invalidValue(op, 'params', 'optimizer got an empty parameter list'),
    badItem: (index, item) =>
      new TypeError(
        `${op}: params[${index}] must be a param group dict with 'params' (a list of Parameters must hold only Parameters), got ${describeValue(item)}`,
      ),
    badGroup: (group) =>
      new TypeError(
        `${op}: a param group must be a dict with 'params', got ${describeValue(group)}`,
      ),
    missingParams: () => notParameterList(undefined),
    notParameterList: (_argument, value) => notParameterList(value),
    notParameter: (_argument, _index, value) =>
      new TypeError(
        `${op}: optimizer can only optimize Parameters, but one of the params is ${describeValue(value)}`,
      ),
    twiceInGroup: (param) =>
      invalidValue(
        op,
        'params',
        `the parameter '${param.name}' appears twice in one parameter group`,
      ),
    inTwoGroups: () =>
      invalidValue(op, 'params', 'some parameters appear in more than one parameter group'),
    keyWhat: () => 'param group key',
  };
}

/**
 * How PyTorch reads `params`: any iterable of Parameters (one group) or of dicts with
 * `params` (a Parameter or an iterable of them) and any of the defaults' keys; a group takes
 * the defaults it does not set, and `validate` checks and normalizes its hyperparameters.
 */
export function groupRules<H extends Hyperparameters>(
  op: string,
  defaults: Readonly<H>,
  validate: (hyperparameters: Readonly<Record<string, unknown>>) => H,
): GroupRules<ParamGroup<H>> {
  return {
    wording: wording(op),
    lists: 'iterable',
    loneParameter: true,
    isGroupDict: (item) =>
      item !== null && typeof item === 'object' && !(item instanceof Parameter) && 'params' in item,
    keys: ['params', ...Object.keys(defaults)],
    fill: (params, given) => {
      const filled = { ...defaults, ...given };
      return { ...filled, ...validate(filled), params } as ParamGroup<H>;
    },
  };
}
