import { ValueError } from '@gradkit/tensor';

/** `learning_rate` -> `learningRate`: the spelling every gradkit option uses. */
export function toCamelCase(key: string): string {
  return key.replace(/_+([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The known key a user most likely meant by `key`, if any is close. */
function suggestionFor(key: string, known: readonly string[]): string | undefined {
  const camel = toCamelCase(key);
  if (known.includes(camel)) return camel;
  const lower = camel.toLowerCase();
  const exact = known.find((candidate) => candidate.toLowerCase() === lower);
  if (exact !== undefined) return exact;
  // A longer or shorter spelling of a known key (`epsilon` for `eps`).
  const prefixed = known.find(
    (candidate) =>
      Math.min(candidate.length, lower.length) >= 3 &&
      (lower.startsWith(candidate.toLowerCase()) || candidate.toLowerCase().startsWith(lower)),
  );
  if (prefixed !== undefined) return prefixed;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Refuses every key of `options` that is not in `known`, naming the key and the camelCase
 * spelling meant (`weight_decay` -> `weightDecay`, `lrr` -> `lr`). A misspelt option would
 * otherwise be ignored silently and training would run with the default instead.
 *
 * @example
 * ```ts
 * import { checkOptionKeys } from '@gradkit/train';
 *
 * checkOptionKeys('Adam', { lr: 0.1 }, ['lr', 'weightDecay']); // fine
 * // checkOptionKeys('Adam', { weight_decay: 0.1 }, ['lr', 'weightDecay']) throws:
 * // "Adam: argument 'weight_decay' is not a known option; did you mean 'weightDecay'?"
 * ```
 */
export function checkOptionKeys(
  op: string,
  options: object,
  known: Iterable<string>,
  what = 'option',
): void {
  const knownKeys = [...known];
  for (const key of Object.keys(options)) {
    if (knownKeys.includes(key)) continue;
    const suggestion = suggestionFor(key, knownKeys);
    const hint =
      suggestion !== undefined
        ? `did you mean '${suggestion}'?`
        : `expected one of ${knownKeys.map((k) => `'${k}'`).join(', ')}`;
    throw new ValueError(op, key, `is not a known ${what}; ${hint}`);
  }
}

/**
 * An optimizer's options with its defaults filled in. A number in the options position is
 * the learning rate, as in the documented signatures (`Adam(params, 0.1)`); an object may
 * hold only keys the defaults name (and `numberKey`).
 *
 * @example
 * ```ts
 * import { resolveOptions } from '@gradkit/train';
 *
 * resolveOptions('Adam', 0.1, { lr: 1e-3, eps: 1e-8 }); // { lr: 0.1, eps: 1e-8 }
 * resolveOptions('Adam', { eps: 1e-6 }, { lr: 1e-3, eps: 1e-8 }); // { lr: 1e-3, eps: 1e-6 }
 * ```
 */
export function resolveOptions(
  op: string,
  options: unknown,
  defaults: Readonly<Record<string, unknown>>,
  numberKey = 'lr',
): Record<string, unknown> {
  if (options === undefined) return { ...defaults };
  if (typeof options === 'number') return { ...defaults, [numberKey]: options };
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(
      `${op}: options must be an object or a number (the learning rate '${numberKey}'), got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`,
    );
  }
  checkOptionKeys(op, options, [...new Set([numberKey, ...Object.keys(defaults)])]);
  return { ...defaults, ...(options as Record<string, unknown>) };
}
