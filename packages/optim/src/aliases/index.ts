export { type AdadeltaOptions, adadelta } from './adadelta.js';
export { type AdafactorOptions, adafactor } from './adafactor.js';
export { type AdagradOptions, adagrad } from './adagrad.js';
export { adam, adamw, amsgrad, type DecoupledWeightDecayOptions, nadam, nadamw } from './adam.js';
export { adamax, adamaxw } from './adamax.js';
export {
  adabelief,
  lamb,
  lion,
  novograd,
  radam,
  type WeightDecayMaskOptions,
  yogi,
} from './adaptive.js';
export { fromage, type LarsOptions, lars, rprop } from './layerwise.js';
export {
  adan,
  type OptimisticAdamOptions,
  optimisticAdam,
  optimisticGradientDescent,
  type PolyakSgdOptions,
  polyakSgd,
  signum,
  sm3,
} from './optax-breadth.js';
export { type RmspropOptions, rmsprop } from './rmsprop.js';
export { type NoisySgdOptions, noisySgd, type SgdOptions, sgd, signSgd } from './sgd.js';
