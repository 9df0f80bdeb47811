// A model and its torch-front-end Adam state, exported by savePyTorchExport and loaded into
// PyTorch (Debian's python3-torch, 1.13) by the Python lines in the train README: K more Adam
// steps in PyTorch give the weights (and moments) K more gradkit steps give.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { SequentialCell } from '../cell/sequential-cell.js';
import { savePyTorchExport } from '../checkpoint/save-pytorch-export.js';
import { setSeed } from '../initializers/seed.js';
import { ReLU } from '../layers/activations.js';
import { Dense } from '../layers/dense.js';
import { CrossEntropyLoss } from '../losses/class-losses.js';
import { expectValuesClose } from '../optim/testing/fixtures.js';
import type { Parameter } from '../parameter/parameter.js';
import { Adam, backward, recording } from './index.js';

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

function train(options: Record<string, unknown>, twoGroups: boolean) {
  setSeed(7);
  const net = new SequentialCell([new Dense(4, 16), new ReLU(), new Dense(16, 3)]);
  const [w0, b0, w1, b1] = net.trainableParams() as [Parameter, Parameter, Parameter, Parameter];
  const optimizer = new Adam(
    twoGroups ? [{ params: [w0, b0] }, { params: [w1, b1], lr: 0.004 }] : [w0, b0, w1, b1],
    options,
  );
  const lossFn = new CrossEntropyLoss();
  const inputs = tensor(x);
  const labels = tensor(y, undefined, 'int32');
  const steps = (count: number) => {
    for (let i = 0; i < count; i++) {
      optimizer.zeroGrad();
      const loss = recording(optimizer, () => lossFn(net(inputs), labels));
      backward(loss);
      optimizer.step();
      loss.dispose();
    }
  };
  return { net, optimizer, steps };
}

const cases: [string, Record<string, unknown>, boolean][] = [
  ['Adam', { lr: 0.01 }, false],
  ['Adam maximizing', { lr: 0.01, maximize: true }, false],
  [
    'Adam with amsgrad, weight decay and two groups',
    { lr: 0.01, betas: [0.8, 0.99], eps: 1e-6, weightDecay: 0.01, amsgrad: true },
    true,
  ],
];

describe.skipIf(python === undefined && !required)('exported to PyTorch', () => {
  it.each(cases)('%s continues in torch with gradkit numbers', (_name, options, twoGroups) => {
    if (python === undefined) {
      throw new Error(
        'python3 with torch and numpy is required here (CI): apt-get install -y python3-torch python3-numpy',
      );
    }
    const run = train(options, twoGroups);
    run.steps(4);
    const directory = mkdtempSync(join(tmpdir(), 'gradkit-to-torch-'));
    const prefix = join(directory, 'net');
    const paths = savePyTorchExport(run.net, run.optimizer, prefix);
    const saved = JSON.parse(readFileSync(paths.optimizerJson, 'utf8'));
    expect(saved.param_names).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(Object.keys(saved.state_dict.state['0'])).toEqual(
      options.amsgrad === true
        ? ['step', 'exp_avg', 'exp_avg_sq', 'max_exp_avg_sq']
        : ['step', 'exp_avg', 'exp_avg_sq'],
    );

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
    const state = run.optimizer.stateDict().state;
    run.net.parametersAndNames().forEach(([name, param], i) => {
      expectValuesClose(param.value.dataSync(), torchResult.params[name]!, `${name}`, 1e-5);
      const torchState = torchResult.state[name]!;
      expect(torchState.step).toBe(4 + more);
      for (const key of ['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq'] as const) {
        const ours = state[i]![key];
        if (ours === undefined) continue;
        expectValuesClose(
          (ours as { dataSync(): ArrayLike<number> }).dataSync(),
          torchState[key] as number[],
          `${name} ${key}`,
          1e-5,
        );
      }
    });
  });
});
