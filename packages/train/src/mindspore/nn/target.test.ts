// nn optimizers' `target`: where the update runs. A second CPU backend instance named
// 'device' stands in for gpu.js (train does not depend on it); tensors cannot mix backends,
// so a step that ran anywhere else than intended would throw.
import { RowSparse } from '@gradkit/optim';
import { createCpuBackend, type Tensor, tensor, ValueError, withBackend } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../../parameter/parameter.js';
import { Adam } from './adam.js';
import { LazyAdam } from './lazy-adam.js';

const values = (t: Tensor) => Array.from(t.dataSync());
const device = () => ({ ...createCpuBackend(), name: 'device' });

function stateTensors(node: unknown, out: Tensor[] = []): Tensor[] {
  if (node !== null && typeof node === 'object') {
    if ('backend' in node && 'dataSync' in node) out.push(node as Tensor);
    else for (const child of Object.values(node)) stateTensors(child, out);
  }
  return out;
}

describe('nn optimizer target', () => {
  it("'CPU': parameters stay on the device, the state lives on the host, numbers unchanged", () => {
    const gpu = device();
    const onDevice = withBackend(
      gpu,
      () =>
        new Parameter(
          tensor([
            [1, 2],
            [3, 4],
            [5, 6],
          ]),
          'w',
        ),
    );
    const reference = new Parameter(
      tensor([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
      'r',
    );
    const optimizer = new LazyAdam([onDevice], 0.1);
    optimizer.target = 'CPU';
    const plain = new LazyAdam([reference], 0.1);
    for (const rows of [[0, 2], [2]]) {
      const grad = (rowsValues: number[][]) => new RowSparse(rows, tensor(rowsValues), [3, 2]);
      const values2 = rows.map((r) => [r + 0.5, -r]);
      optimizer([withBackend(gpu, () => grad(values2))]);
      plain([grad(values2)]);
    }
    expect(onDevice.value.backend).toBe(gpu);
    expect(values(onDevice.value)).toEqual(values(reference.value));
    const state = stateTensors(optimizer.stateDict());
    expect(state.length).toBeGreaterThan(0);
    for (const t of state) expect(t.backend.name).toBe('cpu');
  });

  it('undefined goes back to where the parameters live', () => {
    const gpu = device();
    const w = new Parameter(tensor([1, 2]), 'w');
    const optimizer = new Adam([w], { learningRate: 0.1, deviceBackend: gpu });
    optimizer.target = 'GPU';
    expect(optimizer.target).toBe('GPU');
    optimizer.target = undefined;
    expect(optimizer.target).toBeUndefined();
    const reference = new Parameter(tensor([1, 2]), 'r');
    const plain = new Adam([reference], 0.1);
    optimizer([tensor([0.5, -1])]);
    plain([tensor([0.5, -1])]);
    expect(values(w.value)).toEqual(values(reference.value));
    for (const t of stateTensors(optimizer.stateDict())) expect(t.backend).not.toBe(gpu);
  });

  it("'GPU': runs on the injected device backend, or on the parameters' own", () => {
    const gpu = device();
    const w = new Parameter(tensor([1, 2]), 'w');
    const optimizer = new Adam([w], { learningRate: 0.1, deviceBackend: gpu });
    optimizer.target = 'GPU';
    const reference = new Parameter(tensor([1, 2]), 'r');
    const plain = new Adam([reference], 0.1);
    optimizer([tensor([0.5, -1])]);
    plain([tensor([0.5, -1])]);
    expect(w.value.backend).not.toBe(gpu);
    expect(values(w.value)).toEqual(values(reference.value));
    for (const t of stateTensors(optimizer.stateDict())) expect(t.backend).toBe(gpu);

    const v = withBackend(gpu, () => new Parameter(tensor([1, 2]), 'v'));
    const own = new Adam([v], 0.1);
    own.target = 'GPU';
    own([withBackend(gpu, () => tensor([0.5, -1]))]);
    expect(values(v.value)).toEqual(values(reference.value));
  });

  it("refuses 'Ascend' and other values, and 'GPU' with nothing but a CPU", () => {
    const w = new Parameter(tensor([1, 2]), 'w');
    const optimizer = new Adam([w], 0.1);
    expect(() => {
      optimizer.target = 'Ascend' as never;
    }).toThrow(
      "nn.Adam: argument 'target' must be 'CPU' or 'GPU'; 'Ascend' has no gradkit backend",
    );
    expect(() => {
      optimizer.target = 'cpu' as never;
    }).toThrow(ValueError);
    expect(optimizer.target).toBeUndefined();
    optimizer.target = 'GPU';
    const before = values(w.value);
    expect(() => optimizer([tensor([0.5, -1])])).toThrow(
      /target' is 'GPU' but the parameters live on the cpu backend/,
    );
    expect(values(w.value)).toEqual(before);
    expect(optimizer.globalStep).toBe(0);
  });
});
