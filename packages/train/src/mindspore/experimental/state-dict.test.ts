// stateDict / loadStateDict, checkpoints through saveCheckpoint, and memory over many steps.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memory, type Tensor, tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from '../../checkpoint/checkpoint.js';
import { LeNet5 } from '../../examples/lenet5.js';
import type { Parameter } from '../../parameter/parameter.js';
import { Adam } from './adam.js';
import { Adamax } from './adamax.js';
import { ASGD } from './asgd.js';
import { NAdam } from './nadam.js';
import type { Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { Rprop } from './rprop.js';
import { SGD } from './sgd.js';
import { fixtureParams, readFixture } from './testing/fixtures.js';

const fixtures = readFixture<{
  shapes: Record<string, number[]>;
  params: Record<string, number[]>;
  grads: Record<string, number[]>[];
}>('optimizers.json');

const bits = (t: Tensor) => Array.from(new Uint32Array(t.dataSync().buffer.slice(0)));

type Make = (params: Parameter[]) => Optimizer;
const makers: [string, Make][] = [
  [
    'Adam amsgrad',
    ([w, b, c]) =>
      new Adam([{ params: [w!, b!] }, { params: [c!], lr: 0.05, weightDecay: 0.1 }], {
        lr: 0.01,
        amsgrad: true,
      }),
  ],
  [
    'SGD nesterov',
    ([w, b, c]) =>
      new SGD([{ params: [w!, b!] }, { params: [c!], dampening: 0 }], {
        lr: 0.1,
        momentum: 0.9,
        nesterov: true,
      }),
  ],
  ['RMSprop centered', (p) => new RMSprop(p, { centered: true, momentum: 0.5 })],
  ['Adamax', (p) => new Adamax(p)],
  ['NAdam', (p) => new NAdam(p)],
  ['ASGD', (p) => new ASGD(p, { lambd: 0.1 })],
  ['Rprop', (p) => new Rprop(p)],
];

function step(optimizer: Optimizer, params: Parameter[], i: number, skip?: string) {
  const grads = params.map((p) =>
    p.name === skip
      ? null
      : tensor(new Float32Array(fixtures.grads[i]![p.name]!), fixtures.shapes[p.name]),
  );
  optimizer(grads);
  for (const g of grads) g?.dispose();
}

describe('stateDict / loadStateDict', () => {
  for (const [name, make] of makers) {
    it(`${name}: a fresh optimizer continues bit for bit`, () => {
      const params = fixtureParams(fixtures.shapes, fixtures.params);
      const optimizer = make(params);
      for (let i = 0; i < 3; i++) step(optimizer, params, i, i === 0 ? 'b' : undefined);
      const copies = fixtureParams(fixtures.shapes, fixtures.params);
      copies.forEach((p, i) => {
        p.value = tensor(params[i]!.value.dataSync().slice(), [...params[i]!.shape]);
      });
      const restored = make(copies);
      restored.paramGroups[0]!.lr = 123; // overwritten by the saved groups
      restored.loadStateDict(optimizer.stateDict());
      expect(restored.paramGroups.map((g) => g.lr)).toEqual(optimizer.paramGroups.map((g) => g.lr));
      expect(restored.state.get(copies[1]!)?.step).toBe(2);
      for (let i = 3; i < 6; i++) {
        step(optimizer, params, i);
        step(restored, copies, i);
      }
      params.forEach((p, i) => {
        expect(bits(copies[i]!.value)).toEqual(bits(p.value));
      });
    });
  }

  it('loads a state dict whose counts are numbers (saved before they were tensors)', () => {
    const params = fixtureParams(fixtures.shapes, fixtures.params);
    const optimizer = makers[0]![1](params);
    for (let i = 0; i < 3; i++) step(optimizer, params, i, i === 0 ? 'b' : undefined);
    const numeric = (node: unknown, key?: string): unknown => {
      if (key === 'count' && node instanceof Object && 'item' in node) {
        return (node as Tensor).item();
      }
      if (node === null || typeof node !== 'object' || 'dataSync' in node) return node;
      if (Array.isArray(node)) return node.map((item) => numeric(item));
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, numeric(v, k)]));
    };
    const old = numeric(optimizer.stateDict()) as Record<string, Record<string, unknown>>;
    expect(JSON.stringify(old.state)).toContain('"count":3');
    const copies = fixtureParams(fixtures.shapes, fixtures.params);
    copies.forEach((p, i) => {
      p.value = tensor(params[i]!.value.dataSync().slice(), [...params[i]!.shape]);
    });
    const restored = makers[0]![1](copies);
    restored.loadStateDict(old as never);
    for (let i = 3; i < 6; i++) {
      step(optimizer, params, i);
      step(restored, copies, i);
    }
    params.forEach((p, i) => {
      expect(bits(copies[i]!.value)).toEqual(bits(p.value));
    });
  });

  it("has PyTorch's structure: state by index, param_groups with indices", () => {
    const params = fixtureParams(fixtures.shapes, fixtures.params);
    const optimizer = makers[0]![1](params);
    step(optimizer, params, 0, 'b');
    const sd = optimizer.stateDict() as Record<string, Record<string, unknown>>;
    expect(Object.keys(sd.state!)).toEqual(['0', '2']);
    expect(sd.state!['0']).toMatchObject({ step: 1 });
    // The transform's own count, a float32 scalar tensor on the device.
    const count = (sd.state!['0'] as { transform: { adam: { count: Tensor } } }).transform.adam
      .count;
    expect([count.dtype, count.shape, count.item()]).toEqual(['float32', [], 1]);
    expect(sd.param_groups).toEqual([
      {
        lr: 0.01,
        betas: [0.9, 0.999],
        eps: 1e-8,
        weightDecay: 0,
        amsgrad: true,
        maximize: false,
        params: [0, 1],
      },
      {
        lr: 0.05,
        betas: [0.9, 0.999],
        eps: 1e-8,
        weightDecay: 0.1,
        amsgrad: true,
        maximize: false,
        params: [2],
      },
    ]);
  });

  it('refuses a state that does not fit, changing nothing', () => {
    const params = fixtureParams(fixtures.shapes, fixtures.params);
    const optimizer = makers[0]![1](params);
    step(optimizer, params, 0);
    const other = new Adam(fixtureParams(fixtures.shapes, fixtures.params), {
      lr: 0.01,
      amsgrad: true,
    });
    const before = other.stateDict();
    expect(() => other.loadStateDict(optimizer.stateDict())).toThrow(
      'Adam: loaded state dict has a different number of parameter groups',
    );
    const sgd = new SGD(
      [
        { params: fixtureParams(fixtures.shapes, fixtures.params).slice(0, 2) },
        { params: fixtureParams(fixtures.shapes, fixtures.params).slice(2) },
      ],
      { lr: 0.1, momentum: 0.9 },
    );
    const error = (() => {
      try {
        sgd.loadStateDict(optimizer.stateDict());
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(ValueError);
    expect(error?.message).toMatch(
      /state\.0\.transform should have the keys maximize, weightDecay, momentum, lr/,
    );
    expect(sgd.state.size).toBe(0);
    expect(sgd.paramGroups[0]!.lr).toBe(0.1);
    expect(other.stateDict()).toEqual(before);
  });
});

describe('checkpoints', () => {
  it('saveCheckpoint(net, path, { optimizer }) and loadCheckpoint reproduce the next steps bit for bit', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gradkit-optim-')), 'lenet.safetensors');
    const x = tensor(
      Float32Array.from({ length: 2 * 32 * 32 }, (_, i) => Math.cos(0.1 * i)),
      [2, 1, 32, 32],
    );
    const fakeGrads = (net: LeNet5, k: number) =>
      net.trainableParams().map((p) =>
        tensor(
          Float32Array.from({ length: p.value.dataSync().length }, (_, i) => Math.sin(i * 0.3 + k)),
          [...p.shape],
        ),
      );
    const run = (net: LeNet5, optimizer: Adam, from: number, to: number) => {
      for (let k = from; k < to; k++) {
        const grads = fakeGrads(net, k);
        optimizer(grads);
        for (const g of grads) g.dispose();
      }
    };
    const net = new LeNet5();
    const params = net.trainableParams();
    const optimizer = new Adam(
      [{ params: params.slice(0, 2), weightDecay: 0.01 }, { params: params.slice(2) }],
      { lr: 0.01, amsgrad: true },
    );
    run(net, optimizer, 0, 3);
    saveCheckpoint(net, path, { optimizer });
    const fresh = new LeNet5();
    const freshParams = fresh.trainableParams();
    const freshOptimizer = new Adam(
      [{ params: freshParams.slice(0, 2), weightDecay: 0.01 }, { params: freshParams.slice(2) }],
      { lr: 0.01, amsgrad: true },
    );
    loadCheckpoint(path, fresh, { optimizer: freshOptimizer });
    run(net, optimizer, 3, 5);
    run(fresh, freshOptimizer, 3, 5);
    net.parametersAndNames().forEach(([name, p], i) => {
      expect(bits(fresh.parametersAndNames()[i]![1].value), name).toEqual(bits(p.value));
    });
    const out = [net(x), fresh(x)];
    expect(bits(out[1]!)).toEqual(bits(out[0]!));
  });
});

describe('memory', () => {
  for (const [name, make] of makers) {
    it(`${name}: stays flat over 300 steps, with a hyperparameter changing`, () => {
      const params = fixtureParams(fixtures.shapes, fixtures.params);
      const optimizer = make(params);
      step(optimizer, params, 0);
      const live = memory().tensors;
      for (let i = 0; i < 300; i++) {
        optimizer.paramGroups[0]!.lr *= 0.999; // the transform is rebuilt every step
        step(optimizer, params, i % 6, i % 7 === 0 ? 'c' : undefined);
      }
      expect(memory().tensors).toBe(live);
    });
  }
});

describe('hyperparameters changed by hand', () => {
  it('take effect on the next step', () => {
    const params = fixtureParams(fixtures.shapes, fixtures.params);
    const optimizer = new SGD(params, { lr: 0.1, momentum: 0.9 });
    step(optimizer, params, 0);
    const before = params.map((p) => bits(p.value));
    optimizer.paramGroups[0]!.lr = 0;
    step(optimizer, params, 1);
    expect(params.map((p) => bits(p.value))).toEqual(before);
    optimizer.paramGroups[0]!.lr = 0.1;
    step(optimizer, params, 2);
    expect(params.map((p) => bits(p.value))).not.toEqual(before);
  });
});
