import type { Cell } from '../cell/cell.js';
import type { Parameter } from '../parameter/parameter.js';
import { exportForPyTorch, type PyTorchExportable } from '../torch/export-for-pytorch.js';
import { writeAtomically } from './temporary-files.js';

/** The three files savePyTorchExport writes. */
export interface PyTorchExportPaths {
  /** `<prefix>.safetensors`: the weights, for `model.load_state_dict`. */
  readonly weights: string;
  /** `<prefix>.optim.safetensors`: the optimizer's tensors. */
  readonly optimizerTensors: string;
  /** `<prefix>.optim.json`: the rest of the optimizer's `state_dict()`. */
  readonly optimizerJson: string;
}

/**
 * Writes `exportForPyTorch(model, optimizer)` as `<prefix>.safetensors`,
 * `<prefix>.optim.safetensors` and `<prefix>.optim.json`, each atomically, for the few lines
 * of Python in the train README ("Continuing in PyTorch") that load them into a PyTorch model
 * and its `torch.optim` optimizer. Node only.
 *
 * @example
 * ```ts
 * import { Dense } from '@gradkit/train';
 * import { savePyTorchExport } from '@gradkit/train/checkpoint';
 * import { Adam } from '@gradkit/train/torch';
 *
 * const net = new Dense(4, 3);
 * const optimizer = new Adam(net.trainableParams(), { lr: 1e-3 });
 * savePyTorchExport(net, optimizer, 'run/net'); // run/net.safetensors, run/net.optim.*
 * ```
 */
export function savePyTorchExport(
  model: Cell<never[], unknown> | readonly Parameter[],
  optimizer: PyTorchExportable,
  prefix: string,
): PyTorchExportPaths {
  const files = exportForPyTorch(model, optimizer);
  const paths: PyTorchExportPaths = {
    weights: `${prefix}.safetensors`,
    optimizerTensors: `${prefix}.optim.safetensors`,
    optimizerJson: `${prefix}.optim.json`,
  };
  writeAtomically(paths.weights, files.weights);
  writeAtomically(paths.optimizerTensors, files.optimizerTensors);
  writeAtomically(paths.optimizerJson, files.optimizerJson);
  return paths;
}
