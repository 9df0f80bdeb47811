// MindSpore's dataset.vision operations on image columns.
export { HWC2CHW } from './hwc2chw.js';
export { Normalize, type NormalizeOptions } from './normalize.js';
export { Pad, type PadOptions } from './pad.js';
export { Rescale } from './rescale.js';
export { Resize } from './resize.js';
