import {
  ALIAS_NAMES,
  type BuiltOptimizer,
  buildOptimizer,
  DEFAULT_SPEC,
  isAliasName,
  supportsSchedule,
  supportsWeightDecay,
} from '../optim/optimizer-spec.js';
import { parseOptimizerForm } from '../optim/parse-optimizer-form.js';

function field<T extends HTMLElement>(form: HTMLFormElement, name: string): T {
  const element = form.elements.namedItem(name);
  if (element === null) throw new Error(`the form has no field '${name}'`);
  return element as unknown as T;
}

/**
 * The optimizer part of the controls: fills the alias list, enables the fields the chosen
 * alias uses, and reports a freshly built optimizer whenever a valid change is made (or the
 * errors when not).
 */
export class OptimizerForm {
  private readonly code: HTMLElement;
  private readonly errors: HTMLElement;

  constructor(
    private readonly form: HTMLFormElement,
    private readonly onChange: (built: BuiltOptimizer) => void,
  ) {
    this.code = document.getElementById('optimizer-code')!;
    this.errors = document.getElementById('form-errors')!;
    const alias = field<HTMLSelectElement>(form, 'alias');
    for (const name of ALIAS_NAMES)
      alias.add(new Option(name, name, false, name === DEFAULT_SPEC.alias));
    for (const name of [
      'alias',
      'learning-rate',
      'schedule',
      'warmup-steps',
      'decay-steps',
      'clip',
      'clip-norm',
      'weight-decay',
    ]) {
      field<HTMLElement>(form, name).addEventListener('change', () => {
        const built = this.build();
        if (built !== undefined) this.onChange(built);
      });
    }
    this.syncEnabled();
  }

  private syncEnabled(): void {
    const alias = field<HTMLSelectElement>(this.form, 'alias').value;
    const schedulable = isAliasName(alias) && supportsSchedule(alias);
    const schedule = field<HTMLSelectElement>(this.form, 'schedule');
    schedule.disabled = !schedulable;
    field<HTMLInputElement>(this.form, 'warmup-steps').disabled =
      !schedulable || schedule.value !== 'warmup-cosine';
    field<HTMLInputElement>(this.form, 'decay-steps').disabled =
      !schedulable || schedule.value === 'constant';
    field<HTMLInputElement>(this.form, 'weight-decay').disabled = !(
      isAliasName(alias) && supportsWeightDecay(alias)
    );
    field<HTMLInputElement>(this.form, 'clip-norm').disabled = !field<HTMLInputElement>(
      this.form,
      'clip',
    ).checked;
  }

  /** The optimizer the form describes now, or `undefined` (errors shown) when it is invalid. */
  build(): BuiltOptimizer | undefined {
    this.syncEnabled();
    // Disabled fields are left out of FormData; parse them anyway (their values stay valid).
    const values: Record<string, string> = {};
    for (const element of Array.from(this.form.elements)) {
      if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement) {
        if (element.name === '') continue;
        if (element instanceof HTMLInputElement && element.type === 'checkbox') {
          if (element.checked) values[element.name] = 'on';
        } else {
          values[element.name] = element.value;
        }
      }
    }
    const parsed = parseOptimizerForm(values);
    for (const element of Array.from(this.form.elements)) {
      if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement) {
        element.setAttribute('aria-invalid', String(!parsed.ok && element.name in parsed.errors));
      }
    }
    if (!parsed.ok) {
      this.errors.textContent = Object.entries(parsed.errors)
        .map(([name, problem]) => `${name}: ${problem}`)
        .join('\n');
      return undefined;
    }
    this.errors.textContent = '';
    const built = buildOptimizer(parsed.spec);
    this.code.textContent = built.description;
    return built;
  }
}
