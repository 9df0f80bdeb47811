import { isAliasName, type OptimizerSpec, type ScheduleKind } from './optimizer-spec.js';

const SCHEDULES: readonly ScheduleKind[] = ['constant', 'warmup-cosine', 'cosine'];

/** The optimizer form's fields as the browser gives them (`FormData`), all strings. */
export type OptimizerFormValues = Readonly<Record<string, string | undefined>>;

export type ParsedForm =
  | { readonly ok: true; readonly spec: OptimizerSpec }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

/**
 * Turns the form's fields into an `OptimizerSpec`, or says which fields are wrong and why.
 * Field names: alias, learning-rate, schedule, warmup-steps, decay-steps, clip (present when
 * checked), clip-norm, weight-decay.
 */
export function parseOptimizerForm(values: OptimizerFormValues): ParsedForm {
  const errors: Record<string, string> = {};
  const number = (field: string, check: (n: number) => string | undefined): number => {
    const text = values[field]?.trim() ?? '';
    const n = text === '' ? Number.NaN : Number(text);
    const problem = Number.isFinite(n) ? check(n) : 'must be a number';
    if (problem !== undefined) errors[field] = problem;
    return n;
  };
  const positive = (n: number) => (n > 0 ? undefined : 'must be greater than 0');
  const steps = (n: number) =>
    Number.isInteger(n) && n >= 0 ? undefined : 'must be a whole number ≥ 0';

  const alias = values.alias ?? '';
  if (!isAliasName(alias)) errors.alias = `unknown optimizer '${alias}'`;
  const schedule = (values.schedule ?? '') as ScheduleKind;
  if (!SCHEDULES.includes(schedule)) errors.schedule = `unknown schedule '${values.schedule}'`;
  const learningRate = number('learning-rate', positive);
  const warmupSteps = number('warmup-steps', steps);
  const decaySteps = number(
    'decay-steps',
    (n) => steps(n) ?? (n > warmupSteps ? undefined : 'must be more than the warmup steps'),
  );
  const clip = values.clip !== undefined;
  const clipNorm = clip ? number('clip-norm', positive) : null;
  const weightDecay = number('weight-decay', (n) => (n >= 0 ? undefined : 'must be ≥ 0'));

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    spec: {
      alias: alias as OptimizerSpec['alias'],
      learningRate,
      schedule,
      warmupSteps,
      decaySteps,
      clipNorm,
      weightDecay,
    },
  };
}
