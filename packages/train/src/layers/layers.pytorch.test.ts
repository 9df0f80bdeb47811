import { tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import fixtures from '../../fixtures/layers.json';
import { expectClose } from '../testing/close.js';
import { BatchNorm1d, BatchNorm2d } from './batch-norm.js';
import { Conv2d } from './conv2d.js';
import { Dense } from './dense.js';
import { Embedding } from './embedding.js';
import { LayerNorm } from './layer-norm.js';
import type { PadMode } from './padding.js';
import { AvgPool2d, MaxPool2d } from './pooling.js';

const t = (values: unknown) => tensor(values as number[]);

describe('layers against PyTorch', () => {
  it('Dense with and without bias and activation', () => {
    const d = fixtures.dense;
    const dense = new Dense(5, 3, { weightInit: t(d.weight), biasInit: t(d.bias) });
    expectClose(dense(t(d.x)), d.y);
    const relu = new Dense(5, 3, {
      weightInit: t(d.weight),
      biasInit: t(d.bias),
      activation: 'relu',
    });
    expectClose(relu(t(d.x)), d.yRelu);
    const noBias = new Dense(5, 3, { weightInit: t(d.weight), hasBias: false });
    expect(noBias.bias).toBeNull();
    expectClose(noBias(t(d.x)), d.yNoBias);
  });

  for (const c of fixtures.conv2d) {
    it(`Conv2d ${c.name}`, () => {
      const conv = new Conv2d(c.inChannels, c.outChannels, c.kernelSize as [number, number], {
        stride: c.stride as [number, number],
        dilation: c.dilation as [number, number],
        group: c.group,
        padMode: c.padMode as PadMode,
        padding: c.padding,
        hasBias: true,
        weightInit: t(c.weight),
        biasInit: t(c.bias),
      });
      expectClose(conv(t(c.x)), c.y, 1e-4);
    });
  }

  for (const p of fixtures.pool2d) {
    it(`MaxPool2d and AvgPool2d ${p.name}`, () => {
      const options = { padMode: p.padMode as PadMode, padding: p.padding };
      const kernel = p.kernelSize as [number, number];
      const stride = p.stride as [number, number];
      expectClose(new MaxPool2d(kernel, stride, options)(t(p.x)), p.max);
      expectClose(new AvgPool2d(kernel, stride, options)(t(p.x)), p.avg);
    });
  }

  for (const [name, make] of [
    ['batchNorm1d', () => new BatchNorm1d(4)],
    ['batchNorm2d', () => new BatchNorm2d(4)],
  ] as const) {
    it(`${name} in training (two steps) and evaluation, with moving statistics`, () => {
      const f = fixtures[name];
      const bn = make();
      bn.gamma.assign(t(f.gamma));
      bn.beta.assign(t(f.beta));
      bn.setTrain(true);
      expectClose(bn(t(f.x1)), f.y1, 1e-4);
      expectClose(bn(t(f.x2)), f.y2, 1e-4);
      expectClose(bn.movingMean.value, f.movingMean, 1e-4);
      expectClose(bn.movingVariance.value, f.movingVariance, 1e-4);
      bn.setTrain(false);
      expectClose(bn(t(f.x3)), f.yEval, 1e-4);
      // Evaluation leaves the moving statistics alone.
      expectClose(bn.movingMean.value, f.movingMean, 1e-4);
    });
  }

  for (const f of fixtures.layerNorm) {
    it(`LayerNorm over [${f.normalizedShape.join(', ')}]`, () => {
      const ln = new LayerNorm(f.normalizedShape, { gammaInit: t(f.gamma), betaInit: t(f.beta) });
      expectClose(ln(t(f.x)), f.y, 1e-4);
    });
  }

  it('Embedding looks rows up', () => {
    const e = fixtures.embedding;
    const embed = new Embedding(7, 3, { embeddingTable: t(e.table) });
    const y = embed(tensor(e.ids, undefined, 'int32'));
    expect(y.shape).toEqual([2, 3, 3]);
    expectClose(y, e.y);
  });
});
