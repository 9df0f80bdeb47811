// Typed readers for the params of a fixture case, each failing loudly on a malformed file.
import type {
  AvgPool2dParams,
  Conv2dOptions,
  Conv2dParams,
  DType,
  Padding2d,
  Pool2dOptions,
  Pool2dParams,
  Tensor,
} from '../../index.js';
import { decodeNumber, type Params } from './fixture-format.js';

export function numberParam(p: Params, key: string): number | undefined {
  const value = p[key];
  return value === undefined ? undefined : decodeNumber(value);
}

export function requiredNumber(p: Params, key: string): number {
  const value = numberParam(p, key);
  if (value === undefined) throw new Error(`fixture param ${key} is missing`);
  return value;
}

export function numberList(p: Params, key: string): number[] {
  const value = p[key];
  if (!Array.isArray(value))
    throw new Error(`fixture param ${key} is not a list: ${JSON.stringify(value)}`);
  return value.map(decodeNumber);
}

export function pairParam(p: Params, key: string): [number, number] {
  const [a, b] = numberList(p, key);
  if (a === undefined || b === undefined) throw new Error(`fixture param ${key} is not a pair`);
  return [a, b];
}

export function paddingParam(p: Params): Padding2d {
  const [top, bottom, left, right] = numberList(p, 'padding');
  if (top === undefined || bottom === undefined || left === undefined || right === undefined) {
    throw new Error('fixture param padding is not [top, bottom, left, right]');
  }
  return [top, bottom, left, right];
}

/** pad's [[before, after], ...]. */
export function paddingsParam(p: Params): [number, number][] {
  const value = p.paddings;
  if (!Array.isArray(value)) throw new Error('fixture param paddings is not a list');
  return value.map((pair: unknown) => {
    if (!Array.isArray(pair) || pair.length !== 2)
      throw new Error('fixture param paddings holds a non-pair');
    return [decodeNumber(pair[0]), decodeNumber(pair[1])];
  });
}

/** A single axis, an axis list, or undefined (all axes). */
export function axisParam(p: Params): number | number[] | undefined {
  const value = p.axis;
  if (value === undefined) return undefined;
  return Array.isArray(value) ? numberList(p, 'axis') : decodeNumber(value);
}

export function singleAxis(p: Params): number | undefined {
  const axis = axisParam(p);
  if (Array.isArray(axis)) throw new Error('fixture param axis must be a single number here');
  return axis;
}

export function booleanParam(p: Params, key: string): boolean | undefined {
  const value = p[key];
  if (value === undefined || typeof value === 'boolean') return value;
  throw new Error(`fixture param ${key} is not a boolean`);
}

export function dtypeParam(p: Params): DType | undefined {
  return p.dtype as DType | undefined;
}

/** Where a number or [h, w] pair may be given (the library's Pair options). */
export function pairOption(p: Params, key: string): number | [number, number] | undefined {
  const value = p[key];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? pairParam(p, key) : decodeNumber(value);
}

export function conv2dOptions(p: Params, bias: Tensor | undefined): Conv2dOptions {
  const padding =
    p.padding === 'same' || p.padding === 'valid' ? p.padding : pairOption(p, 'padding');
  return {
    stride: pairOption(p, 'stride'),
    padding,
    dilation: pairOption(p, 'dilation'),
    groups: numberParam(p, 'groups'),
    bias,
  };
}

export function pool2dOptions(p: Params): Pool2dOptions & { countIncludePad?: boolean } {
  const kernelSize = pairOption(p, 'kernelSize');
  if (kernelSize === undefined) throw new Error('fixture param kernelSize is missing');
  return {
    kernelSize,
    stride: pairOption(p, 'stride'),
    padding: pairOption(p, 'padding'),
    countIncludePad: booleanParam(p, 'countIncludePad'),
  };
}

export function conv2dPrimitiveParams(p: Params): Conv2dParams {
  return {
    stride: pairParam(p, 'stride'),
    padding: paddingParam(p),
    dilation: pairParam(p, 'dilation'),
    groups: requiredNumber(p, 'groups'),
  };
}

export function pool2dPrimitiveParams(p: Params): Pool2dParams {
  return {
    kernelSize: pairParam(p, 'kernelSize'),
    stride: pairParam(p, 'stride'),
    padding: paddingParam(p),
  };
}

export function avgPool2dPrimitiveParams(p: Params): AvgPool2dParams {
  const countIncludePad = booleanParam(p, 'countIncludePad');
  if (countIncludePad === undefined) throw new Error('fixture param countIncludePad is missing');
  return { ...pool2dPrimitiveParams(p), countIncludePad };
}
