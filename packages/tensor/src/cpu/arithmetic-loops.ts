import type { TypedArray } from '../dtype.js';
import type { BinaryPrimitive } from '../primitives.js';

/**
 * Dedicated loops for the four arithmetic ops on equal shapes and with a scalar operand.
 * The generic kernel's one loop serves every op through a call to its element function,
 * a call site that sees every op and so is never inlined; each loop here is its own code.
 */
export interface ArithmeticLoops {
  readonly same: (a: TypedArray, b: TypedArray, out: TypedArray) => void;
  readonly scalarB: (a: TypedArray, b: number, out: TypedArray) => void;
  readonly scalarA: (a: number, b: TypedArray, out: TypedArray) => void;
}

export const ARITHMETIC_LOOPS: Partial<Record<BinaryPrimitive, ArithmeticLoops>> = {
  add: {
    same: (a, b, out) => {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! + b[i]!;
    },
    scalarB: (a, b, out) => {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! + b;
    },
    scalarA: (a, b, out) => {
      for (let i = 0; i < out.length; i++) out[i] = a + b[i]!;
    },
  },
  sub: {
    same: (a, b, out) => {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! - b[i]!;
    },
    scalarB: (a, b, out) => {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! - b;
    },
    scalarA: (a, b, out) => {
      for (let i = 0; i < out.length; i++) out[i] = a - b[i]!;
    },
  },
  mul: {
    same: (a, b, out) => {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! * b[i]!;
    },
    scalarB: (a, b, out) => {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! * b;
    },
    scalarA: (a, b, out) => {
      for (let i = 0; i < out.length; i++) out[i] = a * b[i]!;
    },
  },
  div: {
    same: (a, b, out) => {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! / b[i]!;
    },
    scalarB: (a, b, out) => {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! / b;
    },
    scalarA: (a, b, out) => {
      for (let i = 0; i < out.length; i++) out[i] = a / b[i]!;
    },
  },
};
