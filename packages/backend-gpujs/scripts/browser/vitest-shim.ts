// Enough of Vitest's API for @gradkit/tensor's reference-fixture suite to register its tests
// in a browser page, where the webgl2 check runs them (aliased for `vitest` by the bundle).

export interface RegisteredTest {
  /** Vitest's full name: the describe names and the test name, joined by spaces. */
  readonly name: string;
  readonly fn: () => unknown;
}

export const registered: RegisteredTest[] = [];
const prefixes: string[] = [];

export function describe(name: string, body: () => void): void {
  prefixes.push(name);
  try {
    body();
  } finally {
    prefixes.pop();
  }
}

function register(name: string, fn: () => unknown): void {
  registered.push({ name: [...prefixes, name].join(' '), fn });
}

/** it.each with printf-style names (%s, %i, %d, ...), as Vitest formats them. */
function each<Row>(table: readonly Row[]) {
  return (template: string, fn: (...args: never[]) => unknown): void => {
    for (const row of table) {
      const args = (Array.isArray(row) ? row : [row]) as unknown[];
      let k = 0;
      const name = template.replace(/%[sidfjo]/g, () => String(args[k++]));
      register(name, () => (fn as (...a: unknown[]) => unknown)(...args));
    }
  };
}

export const it = Object.assign(register, { each });
export const test = it;

function fail(message: string | undefined, detail: string): never {
  throw new Error(message === undefined ? detail : `${message}: ${detail}`);
}

const show = (value: unknown) => JSON.stringify(value) ?? String(value);

export function expect(actual: unknown, message?: string) {
  return {
    toBe(expected: unknown) {
      if (!Object.is(actual, expected))
        fail(message, `expected ${show(actual)} to be ${show(expected)}`);
    },
    toEqual(expected: unknown) {
      if (show(actual) !== show(expected))
        fail(message, `expected ${show(actual)} to equal ${show(expected)}`);
    },
    toBeGreaterThan(expected: number) {
      if (!((actual as number) > expected))
        fail(message, `expected ${show(actual)} to be greater than ${expected}`);
    },
    toBeUndefined() {
      if (actual !== undefined) fail(message, `expected ${show(actual)} to be undefined`);
    },
  };
}
