// A model and its torch-front-end Adam state, exported by savePyTorchExport and loaded into
// PyTorch (Debian's python3-torch, 1.13) by the Python lines in the train README: K more Adam
// steps in PyTorch give the weights (and moments) K more gradkit steps give.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dispose, type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { SequentialCell } from '../cell/sequential-cell.js';
import { decodeSafetensors } from '../checkpoint/safetensors.js';
import { savePyTorchExport } from '../checkpoint/save-pytorch-export.js';
import { valueAndGrad } from '../grad/value-and-grad.js';
import { setSeed } from '../initializers/seed.js';
import { ReLU } from '../layers/activations.js';
import { Dense } from '../layers/dense.js';
import { CrossEntropyLoss } from '../losses/class-losses.js';
import * as optim from '../mindspore/experimental/index.js';
import { expectValuesClose } from '../mindspore/experimental/testing/fixtures.js';
import type { Parameter } from '../parameter/parameter.js';
import { exportForPyTorch, type PyTorchExportable } from './export-for-pytorch.js';
import { Adam, AdamW, backward, recording, SGD } from './index.js';
import { TorchOptimizer } from './torch-optimizer.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The first Python with torch and numpy: $GRADKIT_PYTHON, python3 on the PATH, Debian's. */
function findPython(): string | undefined {
  const candidates = [process.env.GRADKIT_PYTHON, 'python3', '/usr/bin/python3'];
  return candidates.find(
    (candidate) =>
      candidate !== undefined &&
      candidate !== '' &&
      spawnSync(candidate, ['-c', 'import numpy, torch'], { stdio: 'ignore' }).status === 0,
  );
}

/** The README's loader: the Python block of "Continuing in PyTorch", without its usage lines. */
function readmeLoader(): string {
  const readme = readFileSync(join(here, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Continuing in PyTorch'));
  const block = /```python\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error('the README has no Python loader block');
  return block.slice(0, block.indexOf('\nmodel = '));
}

describe('exportForPyTorch refuses', () => {
  it("optim's documented AMSGrad, a parameter the model lacks and other optimizers", () => {
    const net = new Dense(2, 2);
    expect(() =>
      exportForPyTorch(net, new optim.Adam(net.trainableParams(), { amsgrad: true })),
    ).toThrow(
      /optim\.Adam with amsgrad follows the documented AMSGrad, which PyTorch's code does not; train with @gradkit\/train\/torch's Adam/,
    );
    const other = new Dense(2, 2);
    expect(() =>
      exportForPyTorch(net, new Adam([...net.trainableParams(), ...other.trainableParams()])),
    ).toThrow(/optimizer parameter 2 \('weight'\) is not a parameter of the model/);
    expect(() => exportForPyTorch(net, new optim.Adagrad(net.trainableParams()) as never)).toThrow(
      /optimizer must be one of @gradkit\/train\/torch/,
    );
  });
});

describe('the Python loader', () => {
  it('is the same in the docs guide as in the README the tests run', () => {
    const page = join(here, '..', '..', '..', '..', 'docs', 'guide', 'continuing-in-pytorch.md');
    const block = /```python\n([\s\S]*?)```/.exec(readFileSync(page, 'utf8'))?.[1];
    expect(block?.slice(0, block.indexOf('\nmodel = '))).toBe(readmeLoader());
  });
});

const CONTINUE = `
import sys
prefix, data_path, steps = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(data_path) as f:
    data = json.load(f)
model = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))
optimizer = load_gradkit(model, prefix)
x, y = torch.tensor(data["x"], dtype=torch.float32), torch.tensor(data["y"])
loss_fn = torch.nn.CrossEntropyLoss()
for _ in range(steps):
    optimizer.zero_grad()
    loss_fn(model(x), y).backward()
    optimizer.step()
names = {p: name for name, p in model.named_parameters()}
out = {"params": {name: p.detach().numpy().ravel().tolist() for name, p in model.named_parameters()}, "state": {}}
for p, s in optimizer.state.items():
    out["state"][names[p]] = {k: (float(v) if v.dim() == 0 else v.numpy().ravel().tolist()) for k, v in s.items()}
print(json.dumps(out))
`;

const python = findPython();
const required = process.env.CI === 'true' || process.env.GRADKIT_REQUIRE_PYTORCH === '1';

const x = [
  [0.5, -1.25, 2, 0.75],
  [1.5, 0.25, -0.5, -2],
  [-1, 2.5, 0.125, 1],
  [0.25, 0.5, -1.5, 0.375],
  [2, -0.75, 1, -1.25],
];
const y = [0, 2, 1, 2, 0];

type Groups = Parameter[] | { params: Parameter[]; lr?: number }[];
type Kind = 'torch.Adam' | 'torch.AdamW' | 'torch.SGD' | 'optim.Adam' | 'optim.AdamW';
const makers: Record<
  Kind,
  (groups: Groups, options: Record<string, unknown>) => PyTorchExportable
> = {
  'torch.Adam': (groups, options) => new Adam(groups, options),
  'torch.AdamW': (groups, options) => new AdamW(groups, options),
  'torch.SGD': (groups, options) => new SGD(groups, options as { lr: number }),
  'optim.Adam': (groups, options) => new optim.Adam(groups, options),
  'optim.AdamW': (groups, options) => new optim.AdamW(groups, options),
};

function train(kind: Kind, options: Record<string, unknown>, twoGroups: boolean) {
  setSeed(7);
  const net = new SequentialCell([new Dense(4, 16), new ReLU(), new Dense(16, 3)]);
  const [w0, b0, w1, b1] = net.trainableParams() as [Parameter, Parameter, Parameter, Parameter];
  const optimizer = makers[kind](
    twoGroups ? [{ params: [w0, b0] }, { params: [w1, b1], lr: 0.004 }] : [w0, b0, w1, b1],
    options,
  );
  const lossFn = new CrossEntropyLoss();
  const inputs = tensor(x);
  const labels = tensor(y, undefined, 'int32');
  const gradFn = valueAndGrad(
    (input: Tensor, label: Tensor) => lossFn(net(input), label),
    null,
    optimizer.parameters,
  );
  const steps = (count: number) => {
    for (let i = 0; i < count; i++) {
      if (optimizer instanceof TorchOptimizer) {
        optimizer.zeroGrad();
        const loss = recording(optimizer, () => lossFn(net(inputs), labels));
        backward(loss);
        optimizer.step();
        loss.dispose();
      } else {
        const [loss, grads] = gradFn(inputs, labels);
        optimizer(grads);
        dispose([loss, grads]);
      }
    }
  };
  return { net, optimizer, steps };
}

/** The optimizer's state in PyTorch's layout, as the export writes it: step and tensors. */
function exportedState(run: ReturnType<typeof train>) {
  const files = exportForPyTorch(run.net, run.optimizer);
  const { tensors } = decodeSafetensors(files.optimizerTensors);
  const json = JSON.parse(files.optimizerJson) as {
    state_dict: { state: Record<string, Record<string, unknown>> };
  };
  const state = Object.entries(json.state_dict.state).map(([index, entry]) =>
    Object.fromEntries(
      Object.entries(entry).map(([key, value]) => {
        const t = tensors.get(`state.${index}.${key}`);
        return [key, t === undefined ? value : Array.from(t.dataSync())];
      }),
    ),
  );
  dispose([...tensors.values()]);
  return state;
}

const cases: [string, Kind, Record<string, unknown>, boolean][] = [
  ['torch Adam', 'torch.Adam', { lr: 0.01 }, false],
  ['torch Adam maximizing', 'torch.Adam', { lr: 0.01, maximize: true }, false],
  [
    'torch Adam with amsgrad, weight decay and two groups',
    'torch.Adam',
    { lr: 0.01, betas: [0.8, 0.99], eps: 1e-6, weightDecay: 0.01, amsgrad: true },
    true,
  ],
  ['torch AdamW with amsgrad', 'torch.AdamW', { lr: 0.01, amsgrad: true }, false],
  ['torch SGD with momentum', 'torch.SGD', { lr: 0.05, momentum: 0.9, nesterov: true }, false],
  ['optim Adam with weight decay', 'optim.Adam', { lr: 0.01, weightDecay: 0.01 }, false],
  ['optim AdamW in two groups', 'optim.AdamW', { lr: 0.01 }, true],
];

describe.skipIf(python === undefined && !required)('exported to PyTorch', () => {
  it.each(cases)(
    '%s continues in torch with gradkit numbers',
    (_name, kind, options, twoGroups) => {
      if (python === undefined) {
        throw new Error(
          'python3 with torch and numpy is required here (CI): apt-get install -y python3-torch python3-numpy',
        );
      }
      const run = train(kind, options, twoGroups);
      run.steps(4);
      const directory = mkdtempSync(join(tmpdir(), 'gradkit-to-torch-'));
      const prefix = join(directory, 'net');
      const paths = savePyTorchExport(run.net, run.optimizer, prefix);
      const saved = JSON.parse(readFileSync(paths.optimizerJson, 'utf8'));
      expect(saved.optimizer).toBe(kind.split('.')[1]);
      expect(saved.param_names).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
      const more = 3;
      const script = join(directory, 'continue.py');
      writeFileSync(script, `${readmeLoader()}\n${CONTINUE}`);
      const dataPath = join(directory, 'data.json');
      writeFileSync(dataPath, JSON.stringify({ x, y }));
      const output = execFileSync(python, [script, prefix, dataPath, String(more)], {
        encoding: 'utf8',
      });
      const torchResult = JSON.parse(output) as {
        params: Record<string, number[]>;
        state: Record<string, Record<string, number | number[]>>;
      };

      run.steps(more);
      const ours = exportedState(run);
      run.net.parametersAndNames().forEach(([name, param], i) => {
        expectValuesClose(param.value.dataSync(), torchResult.params[name]!, name, 1e-5);
        const theirs = torchResult.state[name]!;
        expect(Object.keys(ours[i]!).sort()).toEqual(Object.keys(theirs).sort());
        for (const [key, value] of Object.entries(theirs)) {
          if (typeof value === 'number') expect(ours[i]![key]).toBe(value);
          else expectValuesClose(ours[i]![key] as number[], value, `${name} ${key}`, 1e-5);
        }
      });
      if (kind.endsWith('Adam') || kind.endsWith('AdamW')) expect(ours[0]!.step).toBe(4 + more);
    },
  );
});
