import type { DType } from '@gradkit/tensor';

/**
 * The JSON form of a state. Plain JSON values stand for themselves; everything JSON cannot
 * hold is a one-key object whose key starts with `$`:
 *
 * - `{ "$tensor": { dtype, shape, data } }`: a tensor, `data` the base64 of its values'
 *   little-endian bytes (float32: 4 bytes each, float64: 8, int32: 4, bool: 1 per element);
 * - `{ "$number": "NaN" | "Infinity" | "-Infinity" | "-0" }`;
 * - `{ "$undefined": true }`;
 * - `{ "$object": { ... } }`: a plain object with a key starting with `$`, so it cannot be
 *   mistaken for one of the above.
 */
export type EncodedValue =
  | null
  | boolean
  | number
  | string
  | readonly EncodedValue[]
  | { readonly [key: string]: EncodedValue }
  | EncodedTensor
  | { readonly $number: 'NaN' | 'Infinity' | '-Infinity' | '-0' }
  | { readonly $undefined: true }
  | { readonly $object: { readonly [key: string]: EncodedValue } };

export interface EncodedTensor {
  readonly $tensor: {
    readonly dtype: DType;
    readonly shape: readonly number[];
    readonly data: string;
  };
}

/** What `serializeState` returns: plain JSON data, ready for `JSON.stringify`. */
export interface SerializedState {
  readonly format: 'gradkit-optim-state';
  readonly version: 1;
  readonly state: EncodedValue;
}

export const FORMAT = 'gradkit-optim-state';
export const VERSION = 1;
export const TAGS = ['$tensor', '$number', '$undefined', '$object'] as const;

/** Typed arrays are stored in the host's byte order; every supported host is little-endian. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
