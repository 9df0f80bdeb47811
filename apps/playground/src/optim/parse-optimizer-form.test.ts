import { describe, expect, it } from 'vitest';
import { parseOptimizerForm } from './parse-optimizer-form.js';

const form = {
  alias: 'adamw',
  'learning-rate': '0.003',
  schedule: 'warmup-cosine',
  'warmup-steps': '20',
  'decay-steps': '3000',
  clip: 'on',
  'clip-norm': '1',
  'weight-decay': '1e-4',
};

describe('parseOptimizerForm', () => {
  it('reads every field into a spec', () => {
    expect(parseOptimizerForm(form)).toEqual({
      ok: true,
      spec: {
        alias: 'adamw',
        learningRate: 0.003,
        schedule: 'warmup-cosine',
        warmupSteps: 20,
        decaySteps: 3000,
        clipNorm: 1,
        weightDecay: 0.0001,
      },
    });
  });

  it('an unchecked clip box means no clipping, whatever the norm field says', () => {
    const { clip: _, ...unclipped } = form;
    const parsed = parseOptimizerForm({ ...unclipped, 'clip-norm': 'junk' });
    expect(parsed.ok && parsed.spec.clipNorm).toBeNull();
  });

  it('names each bad field and why', () => {
    expect(
      parseOptimizerForm({
        ...form,
        alias: 'adamm',
        'learning-rate': '0',
        'warmup-steps': '2.5',
        'decay-steps': '',
        'clip-norm': '-1',
        'weight-decay': '-0.1',
      }),
    ).toEqual({
      ok: false,
      errors: {
        alias: "unknown optimizer 'adamm'",
        'learning-rate': 'must be greater than 0',
        'warmup-steps': 'must be a whole number ≥ 0',
        'decay-steps': 'must be a number',
        'clip-norm': 'must be greater than 0',
        'weight-decay': 'must be ≥ 0',
      },
    });
    expect(parseOptimizerForm({ ...form, 'decay-steps': '20' })).toEqual({
      ok: false,
      errors: { 'decay-steps': 'must be more than the warmup steps' },
    });
  });
});
