import { describe, expect, it } from 'vitest';
import { DEFAULT_EPOCHS, parseOptions, QUICK } from './options.js';
import { UsageError } from './usage-error.js';

const options = (argv: string[]) => {
  const parsed = parseOptions(argv);
  if (parsed.help) throw new Error('unexpected help');
  return parsed.options;
};

describe('parseOptions', () => {
  it('defaults to the MindSpore documentation example: LeNet5 with optim.Adam on the CPU backend', () => {
    const o = options([]);
    expect(o).toMatchObject({
      model: 'lenet5',
      optimizer: 'adam',
      backend: { kind: 'cpu' },
      schedule: 'one-cycle',
      batchSize: 64,
      seed: 0,
      limit: undefined,
      dataDir: undefined,
    });
    expect(o.epochs).toBe(DEFAULT_EPOCHS.lenet5);
    expect(o.explicit.size).toBe(0);
    expect(o.jit).toBe(true);
    expect(options(['--no-jit']).jit).toBe(false);
  });

  it('reads every option', () => {
    const o = options([
      '--model',
      'mlp',
      '--backend',
      'gpujs:webasm',
      '--optimizer',
      'nn-adam',
      '--lr',
      '0.01',
      '--schedule',
      'exponential',
      '--lr-decay',
      '0.7',
      '--epochs',
      '3',
      '--batch-size',
      '64',
      '--seed',
      '7',
      '--limit',
      '100',
      '--test-limit',
      '50',
      '--resume',
      'x.safetensors',
      '--out',
      'o',
      '--data-dir',
      'd',
    ]);
    expect(o).toMatchObject({
      model: 'mlp',
      backend: { kind: 'gpujs', mode: 'webasm' },
      optimizer: 'nn-adam',
      lr: 0.01,
      lrDecay: 0.7,
      epochs: 3,
      batchSize: 64,
      seed: 7,
      limit: 100,
      testLimit: 50,
      resume: 'x.safetensors',
      out: 'o',
      dataDir: 'd',
      schedule: 'exponential',
    });
    expect([...o.explicit].sort()).toEqual([
      'batch-size',
      'epochs',
      'lr',
      'lr-decay',
      'model',
      'optimizer',
      'schedule',
      'seed',
    ]);
  });

  it('--quick is a small run whose parts each flag may still change', () => {
    expect(options(['--quick'])).toMatchObject({
      epochs: QUICK.epochs,
      limit: QUICK.limit,
      testLimit: QUICK.testLimit,
    });
    expect(options(['--quick', '--epochs', '2', '--test-limit', '9'])).toMatchObject({
      epochs: 2,
      limit: QUICK.limit,
      testLimit: 9,
    });
  });

  it('takes gpujs without a mode as auto', () => {
    expect(options(['--backend', 'gpujs']).backend).toEqual({ kind: 'gpujs', mode: 'auto' });
  });

  it('answers --help and -h', () => {
    expect(parseOptions(['--help']).help).toBe(true);
    expect(parseOptions(['-h']).help).toBe(true);
  });

  it.each([
    [['--model', 'resnet'], /--model must be one of lenet5, mlp; got 'resnet'/],
    [['--backend', 'cuda'], /--backend must be cpu or gpujs\[:mode\]; got 'cuda'/],
    [['--backend', 'gpujs:metal'], /gpujs:<mode> must be one of cpu, webasm/],
    [['--optimizer', 'adamm'], /--optimizer must be one of adam, adamax/],
    [['--lr=-1'], /--lr must be a positive number; got '-1'/],
    [['--lr', 'fast'], /--lr must be a positive number/],
    [['--epochs', '0'], /--epochs must be an integer ≥ 1; got '0'/],
    [['--batch-size', '2.5'], /--batch-size must be an integer ≥ 1/],
    [['--seed=-3'], /--seed must be an integer ≥ 0/],
    [
      ['--schedule', 'cosine'],
      /--schedule must be one of one-cycle, exponential, constant; got 'cosine'/,
    ],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
    [['--epochs'], /--epochs/],
    [['extra'], /unexpected argument 'extra'/],
  ])('rejects %j with a UsageError', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(UsageError);
    expect(() => parseOptions(argv)).toThrow(message);
  });
});
