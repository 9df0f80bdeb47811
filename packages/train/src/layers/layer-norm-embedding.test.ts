// LayerNorm with MindSpore's beginNormAxis/beginParamsAxis and Embedding's paddingIdx, against
// numpy/PyTorch (fixtures/layers-ms-axes.json, made by
// scripts/generate_layer_norm_embedding_fixtures.py).
import { RowSparse } from '@gradkit/optim';
import { dispose, mul, sum, type Tensor, tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import fixtures from '../../fixtures/layers-ms-axes.json';
import { valueAndGrad } from '../grad/value-and-grad.js';
import { expectClose } from '../testing/close.js';
import { Embedding } from './embedding.js';
import { LayerNorm } from './layer-norm.js';

const f32 = (values: number[], shape: number[]) => tensor(new Float32Array(values), shape);

describe('LayerNorm with beginNormAxis and beginParamsAxis (numpy / PyTorch)', () => {
  for (const c of fixtures.layerNorm) {
    it(`x [${c.inputShape}], normalizedShape [${c.normalizedShape}], axes ${c.beginNormAxis}/${c.beginParamsAxis}`, () => {
      const ln = new LayerNorm(c.normalizedShape, {
        beginNormAxis: c.beginNormAxis,
        beginParamsAxis: c.beginParamsAxis,
        epsilon: c.epsilon,
        gammaInit: f32(c.gamma, c.normalizedShape),
        betaInit: f32(c.beta, c.normalizedShape),
      });
      expect(ln.gamma.shape).toEqual(c.normalizedShape);
      const x = f32(c.x, c.inputShape);
      const w = f32(c.w, c.inputShape);
      const y = ln(x);
      expectClose(y, c.y, 1e-4);
      const gradFn = valueAndGrad((input: Tensor) => sum(mul(ln(input), w)), 0, [
        ln.gamma,
        ln.beta,
      ]);
      const [loss, [dx, [dgamma, dbeta]]] = gradFn(x) as unknown as [Tensor, [Tensor, Tensor[]]];
      expectClose(dx, c.dx, 2e-3);
      expectClose(dgamma!, c.dgamma, 1e-4);
      expectClose(dbeta!, c.dbeta, 1e-4);
      dispose([x, w, y, loss, dx, dgamma, dbeta]);
    });
  }

  it("defaults: MindSpore's -1/-1 for one axis; -k/-k for k axes when neither is given", () => {
    const one = new LayerNorm([4]);
    expect([one.beginNormAxis, one.beginParamsAxis]).toEqual([-1, -1]);
    const two = new LayerNorm([3, 4]);
    expect([two.beginNormAxis, two.beginParamsAxis]).toEqual([-2, -2]);
    const onlyParams = new LayerNorm([3, 4], { beginParamsAxis: -2 });
    expect([onlyParams.beginNormAxis, onlyParams.beginParamsAxis]).toEqual([-1, -2]);
    // With only beginParamsAxis given, normalization is over the last axis (MindSpore's -1).
    const x = tensor([1, 2, 3, 4, 10, 20, 30, 40, 0, 0, 1, 1], [1, 3, 4]);
    const lastAxis = new LayerNorm([4], { epsilon: 1e-7 })(x);
    expectClose(onlyParams(x), Array.from(lastAxis.dataSync()), 1e-5);
  });

  it('checks the axes and the parameter shape against the input', () => {
    const x = tensor(new Float32Array(24), [2, 3, 4]);
    expect(() => new LayerNorm([3, 4], { beginNormAxis: 3, beginParamsAxis: 1 })(x)).toThrow(
      /beginNormAxis' must be in \[-3, 3\)/,
    );
    expect(() => new LayerNorm([4], { beginParamsAxis: 1 })(x)).toThrow(
      /must have shape \[4\] from axis beginParamsAxis \(1\)/,
    );
    expect(() => new LayerNorm([4], { beginNormAxis: 0.5 })).toThrow(ValueError);
    expect(() => new LayerNorm([3, 4], { beginNormAxis: -1, beginParamsAxis: -1 })(x)).toThrow(
      ValueError,
    );
  });
});

describe('Embedding paddingIdx (PyTorch padding_idx gradients, MindSpore zero row)', () => {
  const e = fixtures.embedding;
  const ids = () => tensor(e.ids, undefined, 'int32');

  it('starts the padding row at zero, from an initializer or from a given table', () => {
    const random = new Embedding(5, 3, { paddingIdx: 3 });
    const rows = Array.from(random.embeddingTable.value.dataSync());
    expect(rows.slice(9, 12)).toEqual([0, 0, 0]);
    expect(rows.slice(0, 9).some((v) => v !== 0)).toBe(true);
    const given = f32(e.table, [6, 3]);
    const fromTable = new Embedding(6, 3, { embeddingTable: given, paddingIdx: 0 });
    expect(Array.from(fromTable.embeddingTable.value.dataSync()).slice(0, 3)).toEqual([0, 0, 0]);
    // The caller's tensor is left as it was.
    expect(Array.from(given.dataSync()).slice(0, 3)).toEqual(e.table.slice(0, 3).map(Math.fround));
    expect(new Embedding(4, 2).paddingIdx).toBeNull();
  });

  for (const c of Object.values(e.cases)) {
    it(`paddingIdx ${c.paddingIdx}: lookups and a zero gradient for the padding row`, () => {
      const table = f32(e.table, [6, 3]);
      const embed = new Embedding(6, 3, { embeddingTable: table, paddingIdx: c.paddingIdx });
      // Give the padding row values again: lookups read them, but they still get no gradient.
      const refilled = f32(e.table, [6, 3]);
      embed.embeddingTable.assign(refilled);
      const w = f32(c.w, [2, 3, 3]);
      const y = embed(ids());
      expectClose(y, c.y);
      const [loss, [dtable]] = valueAndGrad(() => sum(mul(embed(ids()), w)), null, [
        embed.embeddingTable,
      ])() as unknown as [Tensor, Tensor[]];
      expectClose(dtable!, c.dtable);
      const padRow = Array.from(dtable!.dataSync()).slice(3 * c.paddingIdx, 3 * c.paddingIdx + 3);
      expect(padRow).toEqual([0, 0, 0]);
      dispose([table, w, y, loss, dtable]);
    });
  }

  it('a sparse gradient leaves the padding row out', () => {
    const c = e.cases['2'];
    const embed = new Embedding(6, 3, {
      embeddingTable: f32(e.table, [6, 3]),
      paddingIdx: 2,
      sparseGradient: true,
    });
    const w = f32(c.w, [2, 3, 3]);
    const [loss, [grad]] = valueAndGrad(() => sum(mul(embed(ids()), w)), null, [
      embed.embeddingTable,
    ])() as unknown as [Tensor, RowSparse[]];
    expect(grad).toBeInstanceOf(RowSparse);
    const sparse = grad as RowSparse;
    expect(Array.from(sparse.indices.dataSync())).toEqual([0, 1, 5]);
    const values = Array.from(sparse.values.dataSync());
    [0, 1, 5].forEach((row, i) => {
      expect(values.slice(3 * i, 3 * i + 3).map((v) => Math.fround(v))).toEqual(
        c.dtable.slice(3 * row, 3 * row + 3).map(Math.fround),
      );
    });
    dispose([w, loss, sparse.indices, sparse.values]);
  });

  it('validates paddingIdx as MindSpore: null or an integer in [0, vocabSize)', () => {
    expect(() => new Embedding(4, 2, { paddingIdx: 4 })).toThrow(
      /paddingIdx' must be null or an integer in \[0, 4\)/,
    );
    expect(() => new Embedding(4, 2, { paddingIdx: -1 })).toThrow(ValueError);
    expect(() => new Embedding(4, 2, { paddingIdx: 1.5 })).toThrow(ValueError);
  });
});
