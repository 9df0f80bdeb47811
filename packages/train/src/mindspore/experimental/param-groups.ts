import type { Tensor } from '@gradkit/tensor';
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

/** The groups of `params` as inputs, the way PyTorch reads them (a list of Parameters is one group). */
export function groupInputs<H extends Hyperparameters>(
  op: string,
  params: OptimizerParams<H>,
): ParamGroupInput<H>[] {
  if (params === null || typeof params !== 'object' || !(Symbol.iterator in params)) {
    throw new TypeError(
      `${op}: params argument given to the optimizer should be an iterable of Parameters or dicts, but got ${describeValue(params)}`,
    );
  }
  if (params instanceof Parameter) {
    throw new TypeError(
      `${op}: params argument given to the optimizer should be an iterable of Parameters or dicts, but got a Parameter`,
    );
  }
  const list = [...(params as Iterable<unknown>)];
  if (list.length === 0) throw invalidValue(op, 'params', 'optimizer got an empty parameter list');
  if (list.every((item) => item instanceof Parameter)) {
    return [{ params: list as Parameter[] } as unknown as ParamGroupInput<H>];
  }
  return list.map((item, i) => {
    if (
      item === null ||
      typeof item !== 'object' ||
      item instanceof Parameter ||
      !('params' in item)
    ) {
      throw new TypeError(
        `${op}: params[${i}] must be a param group dict with 'params' (a list of Parameters must hold only Parameters), got ${describeValue(item)}`,
      );
    }
    return item as ParamGroupInput<H>;
  });
}

/** The Parameters of a group input, checked: Parameters only, each once. */
export function groupParams(op: string, params: unknown): Parameter[] {
  const list =
    params instanceof Parameter
      ? [params]
      : params !== null && typeof params === 'object' && Symbol.iterator in params
        ? [...(params as Iterable<unknown>)]
        : undefined;
  if (list === undefined) {
    throw new TypeError(
      `${op}: a param group's 'params' must be a Parameter or a list of Parameters, got ${describeValue(params)}`,
    );
  }
  const seen = new Set<Parameter>();
  for (const param of list) {
    if (!(param instanceof Parameter)) {
      throw new TypeError(
        `${op}: optimizer can only optimize Parameters, but one of the params is ${describeValue(param)}`,
      );
    }
    if (seen.has(param)) {
      throw invalidValue(
        op,
        'params',
        `the parameter '${param.name}' appears twice in one parameter group`,
      );
    }
    seen.add(param);
  }
  return list as Parameter[];
}
