import { ValueError } from '@gradkit/tensor';
import type { Column } from '../column.js';
import { Transform } from '../transform.js';

/**
 * `x * rescale + shift` as float32, as MindSpore's `vision.Rescale(rescale, shift)`; e.g.
 * `new Rescale(1 / 255, 0)` maps uint8 pixels to [0, 1].
 *
 * @example
 * ```ts
 * import { vision } from '@gradkit/train';
 *
 * const column = new vision.Rescale(1 / 255, 0).apply({ dtype: 'uint8', shape: [1], data: new Uint8Array([255]) });
 * column.data; // Float32Array [1]
 * ```
 */
export class Rescale extends Transform {
  readonly rescale: number;
  readonly shift: number;

  constructor(rescale: number, shift: number) {
    super();
    for (const [name, value] of [
      ['rescale', rescale],
      ['shift', shift],
    ] as const) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new ValueError('vision.Rescale', name, `must be a finite number, got ${value}`);
      }
    }
    this.rescale = rescale;
    this.shift = shift;
  }

  apply(column: Column): Column {
    const { data } = column;
    const out = new Float32Array(data.length);
    const { rescale, shift } = this;
    for (let i = 0; i < data.length; i++) out[i] = data[i]! * rescale + shift;
    return { dtype: 'float32', shape: column.shape, data: out };
  }
}
