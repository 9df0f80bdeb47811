import type { Tensor } from '@gradkit/tensor';
import { Cell } from '../cell/cell.js';
import { CheckpointError, encodeSafetensors } from '../checkpoint/safetensors.js';
import { Adam as OptimAdam } from '../mindspore/experimental/adam.js';
import { AdamW as OptimAdamW } from '../mindspore/experimental/adamw.js';
import { type LayoutEntry, toLayoutEntry } from '../optimizer/state-layout.js';
import { Parameter } from '../parameter/parameter.js';
import { Adadelta } from './adadelta.js';
import { Adagrad } from './adagrad.js';
import { ADAM_LAYOUT, Adam, AdamW } from './adam.js';
import { Adamax } from './adamax.js';
import { NAdam } from './nadam.js';
import { renameKeys, toSnakeCase } from './names.js';
import { RAdam } from './radam.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';
import { TorchOptimizer, type TorchStateDict } from './torch-optimizer.js';

/** What exportForPyTorch takes: a `torch.optim` front-end optimizer, or `optim.Adam`/`AdamW`. */
export type PyTorchExportable = TorchOptimizer | OptimAdam | OptimAdamW;

/** The `torch.optim` class of each exportable optimizer class. */
const TORCH_CLASSES: readonly (readonly [abstract new (...args: never[]) => object, string])[] = [
  [Adam, 'Adam'],
  [AdamW, 'AdamW'],
  [Adamax, 'Adamax'],
  [NAdam, 'NAdam'],
  [RAdam, 'RAdam'],
  [SGD, 'SGD'],
  [RMSprop, 'RMSprop'],
  [Adagrad, 'Adagrad'],
  [Adadelta, 'Adadelta'],
  [OptimAdam, 'Adam'],
  [OptimAdamW, 'AdamW'],
];

/**
 * The optimizer's `state_dict()` in torch.optim's layout and its class there. `optim.Adam`
 * and `AdamW` keep their state in the same transforms as the torch front end's, so the same
 * layout table translates it; their AMSGrad is the documented one, which PyTorch's code is
 * not, so it is refused rather than exported to diverge.
 */
function torchStateOf(optimizer: PyTorchExportable): [TorchStateDict, string] {
  const torchClass = TORCH_CLASSES.find(([type]) => optimizer instanceof type)?.[1];
  if (torchClass === undefined) {
    throw new CheckpointError(
      'exportForPyTorch: optimizer must be one of @gradkit/train/torch (Adam, AdamW, SGD, ...) or optim.Adam / optim.AdamW',
    );
  }
  if (optimizer instanceof TorchOptimizer) return [optimizer.stateDict(), torchClass];
  const base = optimizer.stateDict() as {
    state: Record<string, { step: number; transform: unknown }>;
    param_groups: Record<string, unknown>[];
  };
  if (base.param_groups.some((group) => group.amsgrad === true)) {
    throw new CheckpointError(
      `exportForPyTorch: optim.${torchClass} with amsgrad follows the documented AMSGrad, which PyTorch's code does not; train with @gradkit/train/torch's ${torchClass} to continue in PyTorch`,
    );
  }
  const state: Record<string, LayoutEntry> = {};
  for (const [index, entry] of Object.entries(base.state)) {
    state[index] = toLayoutEntry(ADAM_LAYOUT, entry.transform, entry.step);
  }
  const paramGroups = base.param_groups.map(
    (group) => renameKeys(group as never, toSnakeCase) as TorchStateDict['param_groups'][number],
  );
  return [{ state, param_groups: paramGroups }, torchClass];
}

/** A model and its optimizer, in files PyTorch reads with a few lines (see `exportForPyTorch`). */
export interface PyTorchExport {
  /** The parameters under their dotted names (`model.state_dict()` keys), as safetensors. */
  readonly weights: Uint8Array;
  /** The optimizer's tensors, named `state.<index>.<name>` (`state.0.exp_avg`), as safetensors. */
  readonly optimizerTensors: Uint8Array;
  /**
   * JSON: `optimizer` (the `torch.optim` class), `param_names` (the model name of each
   * optimizer index) and `state_dict`, the optimizer's `state_dict()` in PyTorch's layout
   * with each tensor as `{"$tensor": name}`.
   */
  readonly optimizerJson: string;
}

function namesOf(model: Cell<never[], unknown> | readonly Parameter[]): Map<Parameter, string> {
  if (model instanceof Cell) {
    return new Map(model.parametersAndNames().map(([name, param]) => [param, name]));
  }
  if (!Array.isArray(model)) {
    throw new CheckpointError('exportForPyTorch: model must be a Cell or an array of Parameters');
  }
  return new Map(
    model.map((param: unknown, i) => {
      if (!(param instanceof Parameter))
        throw new CheckpointError(`exportForPyTorch: model[${i}] is not a Parameter`);
      return [param, param.name] as const;
    }),
  );
}

/**
 * A model and its optimizer (any of `@gradkit/train/torch`, or `optim.Adam`/`optim.AdamW`
 * without AMSGrad) as PyTorch reads them: the weights as safetensors under `model.state_dict()` names, and the
 * optimizer's `state_dict()` in `torch.optim`'s own layout (Adam: `state[i]` with `step`,
 * `exp_avg`, `exp_avg_sq`, `max_exp_avg_sq` with AMSGrad; `param_groups` with `lr`, `betas`,
 * `eps`, `weight_decay`, `amsgrad`, `maximize`, `params`), its tensors as safetensors and
 * the rest as JSON. Training continues in PyTorch with the same numbers; the few lines of
 * Python that load the files are in the train README and the docs ("Continuing in
 * PyTorch"). Pure: `savePyTorchExport` in `@gradkit/train/checkpoint` writes the files.
 *
 * @example
 * ```ts
 * import { Dense } from '@gradkit/train';
 * import { Adam, exportForPyTorch } from '@gradkit/train/torch';
 *
 * const net = new Dense(4, 3);
 * const optimizer = new Adam(net.trainableParams(), { lr: 1e-3 });
 * const { weights, optimizerTensors, optimizerJson } = exportForPyTorch(net, optimizer);
 * ```
 */
export function exportForPyTorch(
  model: Cell<never[], unknown> | readonly Parameter[],
  optimizer: PyTorchExportable,
): PyTorchExport {
  const names = namesOf(model);
  const weights = new Map<string, Tensor>();
  for (const [param, name] of names) weights.set(name, param.value);
  const paramNames = optimizer.parameters.map((param, i) => {
    const name = names.get(param);
    if (name === undefined) {
      throw new CheckpointError(
        `exportForPyTorch: optimizer parameter ${i} ('${param.name}') is not a parameter of the model, so PyTorch could not tell which tensor it updates`,
      );
    }
    return name;
  });
  const [stateDict, torchClass] = torchStateOf(optimizer);
  const tensors = new Map<string, Tensor>();
  const state: Record<string, Record<string, unknown>> = {};
  for (const [index, entry] of Object.entries(stateDict.state)) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(entry)) {
      if (value !== null && typeof value === 'object') {
        const name = `state.${index}.${key}`;
        tensors.set(name, value);
        out[key] = { $tensor: name };
      } else {
        out[key] = value;
      }
    }
    state[index] = out;
  }
  const optimizerJson = JSON.stringify(
    {
      optimizer: torchClass,
      param_names: paramNames,
      state_dict: { state, param_groups: stateDict.param_groups },
    },
    null,
    1,
  );
  return {
    weights: encodeSafetensors(weights),
    optimizerTensors: encodeSafetensors(tensors),
    optimizerJson,
  };
}
