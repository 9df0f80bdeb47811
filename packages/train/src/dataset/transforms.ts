// MindSpore's dataset.transforms operations that apply to any column.
export { TypeCast } from './type-cast.js';
