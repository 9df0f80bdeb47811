import { coordinatesOf, type Shape } from './index-math.js';
import { THREAD_INDEX } from './kernel-source.js';
import { literal as f } from './literal.js';

/** Statements naming each coordinate of this thread's output element. */
export function namedCoordinates(shape: Shape, names: readonly string[]): string[] {
  const c = coordinatesOf('o', THREAD_INDEX, shape);
  return [
    ...c.statements,
    ...names.map((name, axis) => `const ${name} = ${c.names[axis] ?? '0.0'};`),
  ];
}

/**
 * A loop with a literal bound and a float counter `counter` beside the integer one: GL
 * backends type loop variables as integers, and the kernels do float index arithmetic.
 */
export function countedLoop(counter: string, count: number, body: readonly string[]): string[] {
  return [
    `let ${counter} = 0.0;`,
    `for (let ${counter}Loop = 0; ${counter}Loop < ${count}; ${counter}Loop++) {`,
    ...body,
    `${counter} = ${counter} + 1.0;`,
    '}',
  ];
}

/**
 * The output position `name` whose window puts tap `tap` on input position `input` along
 * one axis, and `nameValid` for whether it exists (stride divides, inside the output).
 */
export function outputPosition(
  name: string,
  input: string,
  pad: number,
  tap: string,
  dilation: number,
  stride: number,
  size: number,
): string[] {
  return [
    `const ${name}Scaled = ${input} + ${f(pad)} - ${tap} * ${f(dilation)};`,
    `const ${name} = ${name}Scaled / ${f(stride)};`,
    `const ${name}Valid = ${name} === Math.floor(${name}) && ${name} >= 0.0 && ${name} < ${f(size)};`,
  ];
}
