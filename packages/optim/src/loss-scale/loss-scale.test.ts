import { type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { countCalls, momentum, snapshot, values } from '../combinators/test-transforms.js';
import {
  dynamicLossScale,
  scaleLoss,
  staticLossScale,
  unscaleGradients,
  withLossScale,
} from './index.js';

const w = (u: unknown) => values((u as { w: Tensor }).w);
const finiteGrads = () => ({ w: tensor([8, -4]) });
const overflow = () => ({ w: tensor([Number.POSITIVE_INFINITY, 1]) });

describe('staticLossScale', () => {
  it('unscales gradients and skips non-finite steps, keeping its scale', () => {
    const t = staticLossScale(4);
    const s0 = t.init({});
    expect(s0).toEqual({ scale: 4, goodSteps: 0, lastFinite: true });
    const [u1, s1] = t.update(finiteGrads(), s0);
    expect(w(u1)).toEqual([2, -1]);
    const [u2, s2] = t.update(overflow(), s1);
    expect(w(u2)).toEqual([0, 0]);
    expect(s2).toEqual({ scale: 4, goodSteps: 0, lastFinite: false });
  });
});

describe('dynamicLossScale', () => {
  it('halves on overflow (not below minScale) and doubles after `window` finite steps', () => {
    const t = dynamicLossScale({ initialScale: 8, factor: 2, window: 3, minScale: 2 });
    let state = t.init({});
    const trace: [number, number, boolean][] = [];
    const inputs = [
      overflow,
      finiteGrads,
      finiteGrads,
      finiteGrads,
      finiteGrads,
      overflow,
      overflow,
      overflow,
    ];
    for (const make of inputs) {
      state = t.update(make(), state)[1];
      trace.push([state.scale, state.goodSteps, state.lastFinite]);
    }
    expect(trace).toEqual([
      [4, 0, false],
      [4, 1, true],
      [4, 2, true],
      [8, 0, true],
      [8, 1, true],
      [4, 0, false],
      [2, 0, false],
      [2, 0, false], // minScale
    ]);
  });

  it('uses MindSpore/jmp defaults and validates its options', () => {
    expect(dynamicLossScale().init({})).toEqual({ scale: 2 ** 15, goodSteps: 0, lastFinite: true });
    expect(() => dynamicLossScale({ factor: 1 })).toThrow(/dynamicLossScale: argument 'factor'/);
    expect(() => dynamicLossScale({ window: 0 })).toThrow(/dynamicLossScale: argument 'window'/);
    expect(() => dynamicLossScale({ initialScale: 0.5 })).toThrow(/argument 'initialScale'/);
    expect(() => staticLossScale(-1)).toThrow(/staticLossScale: argument 'scale'/);
  });
});

describe('withLossScale', () => {
  it('runs the inner transform on unscaled gradients and skips it on overflow', () => {
    const t = withLossScale(momentum(0.5), dynamicLossScale({ initialScale: 4, window: 100 }));
    const s0 = t.init({ w: tensor([0, 0]) });
    const [u1, s1] = t.update(finiteGrads(), s0);
    expect(w(u1)).toEqual([2, -1]);
    const [u2, s2] = t.update(overflow(), s1);
    expect(w(u2)).toEqual([0, 0]);
    expect(s2.lossScale.scale).toBe(2);
    expect(snapshot(s2.innerState)).toEqual(snapshot(s1.innerState)); // inner untouched
    const [u3] = t.update({ w: tensor([2, 2]) }, s2); // scale 2: true gradient [1, 1]
    expect(w(u3)).toEqual([2, 0.5]); // 0.5·[2, −1] + [1, 1]
  });

  it('does not advance the inner count on a skipped step', () => {
    const t = withLossScale(countCalls(), staticLossScale(1));
    let state = t.init({});
    for (const make of [finiteGrads, overflow, finiteGrads]) state = t.update(make(), state)[1];
    expect(state.innerState.calls).toBe(2);
  });

  it('scaleLoss and unscaleGradients use the state scale', () => {
    const t = withLossScale(countCalls(), staticLossScale(8));
    const state = t.init({});
    expect(scaleLoss(0.25, state)).toBe(2);
    expect(values(scaleLoss(tensor([0.5]), state))).toEqual([4]);
    expect(w(unscaleGradients(finiteGrads(), state.lossScale))).toEqual([1, -0.5]);
  });
});
