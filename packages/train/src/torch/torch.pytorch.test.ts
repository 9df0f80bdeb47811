// The torch front end against torch.optim 1.13 (fixtures/torch-frontend.json, written by
// scripts/generate_torch_frontend_fixtures.py): every class and option combination over 8
// steps with two groups and a null grad at step 3; PyTorch's own state dict after 4 steps,
// compared with ours and loaded into a fresh optimizer that then continues.
import { type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import {
  expectValuesClose,
  fixtureParams,
  readFixture,
  type TrajectoryCase,
  type TrajectoryFixtures,
} from '../mindspore/experimental/testing/fixtures.js';
import type { Parameter } from '../parameter/parameter.js';
import * as torch from './index.js';
import type { TorchOptimizer, TorchStateDict } from './torch-optimizer.js';

interface Case extends TrajectoryCase {
  optimizer: keyof typeof classes;
  stateDict: {
    state: Record<string, Record<string, unknown>>;
    param_groups: Record<string, unknown>[];
  };
  paramsAtSave: Record<string, number[]>;
}
interface Fixtures extends TrajectoryFixtures<Case> {
  saveAt: number;
}

const fixtures = readFixture<Fixtures>('torch-frontend.json');

type Groups = { params: Parameter[]; lr?: number }[];
const classes = {
  Adam: (p: Groups, o: object) => new torch.Adam(p, o),
  AdamW: (p: Groups, o: object) => new torch.AdamW(p, o),
  Adamax: (p: Groups, o: object) => new torch.Adamax(p, o),
  NAdam: (p: Groups, o: object) => new torch.NAdam(p, o),
  RAdam: (p: Groups, o: object) => new torch.RAdam(p, o),
  SGD: (p: Groups, o: object) => new torch.SGD(p, o as { lr: number }),
  RMSprop: (p: Groups, o: object) => new torch.RMSprop(p, o),
  Adagrad: (p: Groups, o: object) => new torch.Adagrad(p, o),
  Adadelta: (p: Groups, o: object) => new torch.Adadelta(p, o),
} satisfies Record<string, (p: Groups, o: object) => TorchOptimizer>;

function make(c: Case, values: Record<string, number[]> = fixtures.params) {
  const params = fixtureParams(fixtures.shapes, values);
  const [w, b, cParam] = params as [Parameter, Parameter, Parameter];
  const optimizer = classes[c.optimizer](
    [{ params: [w, b] }, { params: [cParam], ...c.group2 }],
    c.options,
  );
  return { params, optimizer };
}

/** Sets each param.grad as PyTorch's loop does and steps; returns values after each step. */
function train(optimizer: TorchOptimizer, params: Parameter[], from: number, to: number) {
  const values: Record<string, number[]>[] = [];
  for (let i = from; i < to; i++) {
    for (const p of params) {
      p.grad?.dispose();
      p.grad =
        i === fixtures.nullStep && p.name === fixtures.nullParam
          ? null
          : tensor(new Float32Array(fixtures.grads[i]![p.name]!), fixtures.shapes[p.name]);
    }
    optimizer.step();
    values.push(Object.fromEntries(params.map((p) => [p.name, Array.from(p.value.dataSync())])));
  }
  return values;
}

function expectTrajectory(c: Case, values: Record<string, number[]>[], from: number) {
  values.forEach((step, i) => {
    for (const [name, expected] of Object.entries(c.trajectory[from + i]!)) {
      expectValuesClose(step[name]!, expected, `${c.name} step ${from + i + 1} ${name}`);
    }
  });
}

function flatList(value: unknown): number[] {
  return Array.isArray(value)
    ? (value.flat(Number.POSITIVE_INFINITY) as number[])
    : [value as number];
}

describe(`torch front end against torch ${fixtures.torch}`, () => {
  it('covers every class', () => {
    expect(new Set(fixtures.cases.map((c) => c.optimizer))).toEqual(new Set(Object.keys(classes)));
  });

  for (const c of fixtures.cases) {
    describe(c.name, () => {
      it('follows the trajectory; null grads skip a step', () => {
        const { params, optimizer } = make(c);
        expectTrajectory(c, train(optimizer, params, 0, fixtures.grads.length), 0);
        // Each parameter counts its own steps; the skipped one has one fewer.
        expect(params.map((p) => optimizer.state.get(p)?.step)).toEqual([8, 7, 8]);
      });

      it("has PyTorch's state dict", () => {
        const { params, optimizer } = make(c);
        train(optimizer, params, 0, fixtures.saveAt);
        const ours = optimizer.stateDict();
        const theirs = c.stateDict;
        expect(Object.keys(ours.state)).toEqual(Object.keys(theirs.state));
        for (const [index, entry] of Object.entries(theirs.state)) {
          const mine = ours.state[index]!;
          expect(Object.keys(mine).sort()).toEqual(Object.keys(entry).sort());
          for (const [key, value] of Object.entries(entry)) {
            const actual = mine[key];
            if (value === null) expect(actual).toBeNull();
            else {
              const numbers =
                typeof actual === 'number' ? [actual] : Array.from((actual as Tensor).dataSync());
              expectValuesClose(numbers, flatList(value), `${c.name} state ${index} ${key}`);
            }
          }
        }
        ours.param_groups.forEach((group, g) => {
          for (const [key, value] of Object.entries(group)) {
            expect(theirs.param_groups[g]![key], `${c.name} group ${g} ${key}`).toEqual(value);
          }
        });
      });

      it("loads PyTorch's state dict (JSON) and continues as PyTorch did", () => {
        const { params, optimizer } = make(c, c.paramsAtSave);
        optimizer.loadStateDict(c.stateDict as unknown as TorchStateDict);
        expectTrajectory(
          c,
          train(optimizer, params, fixtures.saveAt, fixtures.grads.length),
          fixtures.saveAt,
        );
      });
    });
  }
});
