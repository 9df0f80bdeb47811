declare module 'virtual:mnist-digits' {
  import type { EncodedDigits } from './data/digit-codec.js';
  export const train: EncodedDigits;
  export const test: EncodedDigits;
}
