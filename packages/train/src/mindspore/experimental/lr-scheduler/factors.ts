import { cosineDecaySchedule, exponentialDecay, type Schedule } from '@gradkit/optim';

// The schedulers' closed forms as factors of each group's initial lr, each one an
// @gradkit/optim schedule of the epoch: the formulas live there once.

/**
 * γ^(epoch/k), or γ^⌊epoch/k⌋ with `staircase` (StepLR, ExponentialLR): `exponentialDecay`.
 * With γ = 0 the factor is 0 from the first decay on, as in PyTorch (Optax's schedule
 * keeps the initial value for a zero rate).
 */
export function decayFactor(transitionSteps: number, gamma: number, staircase: boolean): Schedule {
  if (gamma === 0) {
    return (epoch) => ((staircase ? Math.floor(epoch / transitionSteps) : epoch) <= 0 ? 1 : 0);
  }
  return exponentialDecay(1, transitionSteps, gamma, { staircase });
}

/**
 * ½(1 + cos(π·t/T)), @gradkit/optim's cosine decay from 1 to 0 over T steps, continued past T
 * as PyTorch's cosine schedulers continue it: a cosine of period 2T, rising again after T.
 */
export function cosineFactor(t: number, period: number): number {
  const cosine = cosineDecaySchedule(1, period);
  if (t >= 0 && t <= period) return cosine(t);
  const cycle = 2 * period;
  const phase = t % cycle < 0 ? (t % cycle) + cycle : t % cycle;
  // cos(π·t/T) = cos(π·(2T − phase)/T) on the way back up.
  return cosine(phase <= period ? phase : cycle - phase);
}
