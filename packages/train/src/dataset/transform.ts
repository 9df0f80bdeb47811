import type { Column } from './column.js';

/**
 * An operation `Dataset.map` applies to one column, as MindSpore's `dataset.vision` and
 * `dataset.transforms` operations: it reads plain values and returns new ones, so a pipeline
 * allocates no tensor per sample. Every transform also takes a batch (extra leading axes), so
 * it may run after `batch` too, once per batch.
 *
 * @example
 * ```ts
 * import { type Column, Transform } from '@gradkit/train';
 *
 * class Negate extends Transform {
 *   apply(column: Column): Column {
 *     return { dtype: 'float32', shape: column.shape, data: Float32Array.from(column.data, (v) => -v) };
 *   }
 * }
 * new Negate().apply({ dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) });
 * ```
 */
export abstract class Transform {
  /**
   * The transformed column. The input may be a view of the source's storage: a transform never
   * writes it (the output may share it where the values are unchanged).
   */
  abstract apply(column: Column): Column;
}
