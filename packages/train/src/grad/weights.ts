import { ValueError } from '@gradkit/tensor';
import { describe, Parameter } from '../parameter/parameter.js';

/**
 * What `valueAndGrad` differentiates besides inputs: one Parameter, or a list of them (an
 * array, a ParameterTuple, `cell.trainableParams()`, an optimizer's `parameters`).
 */
export type Weights = Parameter | readonly Parameter[] | null;

/** The weights as a list, checked: Parameters only, each once. */
export function weightList(op: string, weights: Weights | undefined): Parameter[] {
  if (weights === null || weights === undefined) return [];
  if (weights instanceof Parameter) return [weights];
  if (!Array.isArray(weights)) {
    throw new ValueError(
      op,
      'weights',
      `must be a Parameter, a list of Parameters or null, got ${describe(weights)}`,
    );
  }
  const seen = new Set<Parameter>();
  return weights.map((param: unknown, i) => {
    if (!(param instanceof Parameter)) {
      throw new ValueError(op, `weights[${i}]`, `must be a Parameter, got ${describe(param)}`);
    }
    if (seen.has(param)) {
      throw new ValueError(op, `weights[${i}]`, `repeats the parameter '${param.name}'`);
    }
    seen.add(param);
    return param;
  });
}
