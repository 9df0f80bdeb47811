import type { TensorInfo } from '@gradkit/tensor';
import { coordinatesOf, sizeOf } from './index-math.js';
import { argument, kernelSource, THREAD_INDEX } from './kernel-source.js';
import type { KernelPlan } from './plan.js';

/** Which outputs one Adam kernel writes: all three back to back, or one of them. */
export type AdamOutput = 'all' | 'update' | 'firstMoment' | 'secondMoment';

/** Positions in the coefficient array passed to the Adam kernel (it changes every step). */
export const ADAM_COEFFICIENTS = [
  'b1',
  'b2',
  'eps',
  'epsRoot',
  'biasCorrection1',
  'biasCorrection2',
  'nesterovCorrection',
  'scale',
] as const;

/**
 * Adam in one pass: the formula of the CPU backend's fused kernel. The step-dependent
 * coefficients come in as an array (x3), so one compiled kernel serves every step.
 * With `all`, thread t writes output t / size (update, m', v') of element t % size.
 */
export function adamStepPlan(
  gradient: TensorInfo,
  firstMoment: TensorInfo,
  secondMoment: TensorInfo,
  nesterov: boolean,
  output: AdamOutput,
): KernelPlan {
  const size = sizeOf(gradient.shape);
  const position = coordinatesOf('o', THREAD_INDEX, [output === 'all' ? 3 : 1, size]);
  const which = position.names[0] ?? '0.0';
  const element = position.names[1] ?? '0.0';
  const c = (name: (typeof ADAM_COEFFICIENTS)[number]) =>
    `${argument(3)}[${ADAM_COEFFICIENTS.indexOf(name)}]`;
  const mHat = nesterov
    ? `(${c('b1')} * m) / ${c('nesterovCorrection')} + ((1.0 - ${c('b1')}) * g) / ${c('biasCorrection1')}`
    : `m / ${c('biasCorrection1')}`;
  const pick: Record<AdamOutput, string> = {
    all: `(${which} === 0.0 ? update : (${which} === 1.0 ? m : v))`,
    update: 'update',
    firstMoment: 'm',
    secondMoment: 'v',
  };
  const body = [
    ...position.statements,
    `const g = ${argument(0)}[${element}];`,
    `const m = ${c('b1')} * ${argument(1)}[${element}] + (1.0 - ${c('b1')}) * g;`,
    `const v = ${c('b2')} * ${argument(2)}[${element}] + (1.0 - ${c('b2')}) * g * g;`,
    `const mHat = ${mHat};`,
    `const update = (${c('scale')} * mHat) / (Math.sqrt(v / ${c('biasCorrection2')} + ${c('epsRoot')}) + ${c('eps')});`,
    `return ${pick[output]};`,
  ];
  return { source: kernelSource(4, body), inputs: [gradient, firstMoment, secondMoment] };
}
