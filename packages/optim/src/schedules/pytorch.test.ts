// Schedules against PyTorch's lr_scheduler (fixtures/schedules.json, made by
// scripts/generate_schedule_fixtures.py with torch 1.13). Each case names the gradkit
// schedule that corresponds to the PyTorch scheduler, with the argument mapping.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Schedule } from '../types.js';
import {
  cosineDecaySchedule,
  cosineOnecycleSchedule,
  exponentialDecay,
  linearOnecycleSchedule,
  linearSchedule,
  piecewiseConstantSchedule,
  polynomialSchedule,
  sgdrSchedule,
} from './index.js';

interface Case {
  readonly name: string;
  readonly scheduler: string;
  readonly baseLr: number;
  // biome-ignore lint/suspicious/noExplicitAny: fixture kwargs differ per scheduler.
  readonly kwargs: Record<string, any>;
  readonly values: number[];
}

const fixtures = JSON.parse(
  readFileSync(new URL('../../fixtures/schedules.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

// PyTorch's OneCycleLR with N total steps peaks at p·N − 1 and ends at N − 1: the Optax
// schedule with T = N − 1 and a pct whose floor lands on the same step (+0.5 avoids ties).
const onecyclePct = (step: number, transitionSteps: number) => (step + 0.5) / transitionSteps;

const ours: Record<string, (c: Case) => Schedule> = {
  step: ({ baseLr, kwargs }) =>
    exponentialDecay(baseLr, kwargs.step_size, kwargs.gamma, { staircase: true }),
  exponential: ({ baseLr, kwargs }) => exponentialDecay(baseLr, 1, kwargs.gamma),
  'cosine-annealing': ({ baseLr, kwargs }) =>
    cosineDecaySchedule(baseLr, kwargs.T_max, { alpha: kwargs.eta_min / baseLr }),
  linear: ({ baseLr, kwargs }) =>
    linearSchedule(baseLr * kwargs.start_factor, baseLr * kwargs.end_factor, kwargs.total_iters),
  polynomial: ({ baseLr, kwargs }) =>
    polynomialSchedule(baseLr, 0, kwargs.power, kwargs.total_iters),
  'multi-step': ({ baseLr, kwargs }) =>
    piecewiseConstantSchedule(
      baseLr,
      Object.fromEntries((kwargs.milestones as number[]).map((m) => [m, kwargs.gamma])),
    ),
  'onecycle-cos': ({ kwargs }) => {
    const T = kwargs.total_steps - 1;
    return cosineOnecycleSchedule(T, kwargs.max_lr, {
      pctStart: onecyclePct(kwargs.pct_start * kwargs.total_steps - 1, T),
      divFactor: kwargs.div_factor,
      finalDivFactor: kwargs.final_div_factor,
    });
  },
  'onecycle-linear-three-phase': ({ kwargs }) => {
    const T = kwargs.total_steps - 1;
    const peak = kwargs.pct_start * kwargs.total_steps - 1;
    return linearOnecycleSchedule(T, kwargs.max_lr, {
      pctStart: onecyclePct(peak, T),
      pctFinal: onecyclePct(2 * peak, T),
      divFactor: kwargs.div_factor,
      finalDivFactor: kwargs.final_div_factor,
    });
  },
  'cosine-warm-restarts': ({ baseLr, kwargs, values }) => {
    const cycles = Math.ceil(values.length / kwargs.T_0);
    return sgdrSchedule(
      Array.from({ length: cycles }, () => ({
        initValue: baseLr,
        peakValue: baseLr,
        warmupSteps: 0,
        decaySteps: kwargs.T_0,
        endValue: kwargs.eta_min,
      })),
    );
  },
};

describe('schedules match PyTorch lr_scheduler', () => {
  it('covers every fixture case', () => {
    expect(fixtures.cases.map((c) => c.name).sort()).toEqual(Object.keys(ours).sort());
  });

  for (const c of fixtures.cases) {
    it(`${c.name} (${c.scheduler} ${JSON.stringify(c.kwargs)})`, () => {
      const schedule = ours[c.name]!(c);
      c.values.forEach((expected, count) => {
        const actual = schedule(count);
        // PyTorch computes several of these recursively (lr ← lr·γ, ...): allow its rounding.
        expect(Math.abs(actual - expected), `count ${count}`).toBeLessThanOrEqual(
          1e-12 + 1e-9 * Math.abs(expected),
        );
      });
    });
  }
});
