export { deserializeState } from './deserialize.js';
export type { EncodedTensor, EncodedValue, SerializedState } from './format.js';
export { serializeState } from './serialize.js';
