// PyTorch's state_dict spells hyperparameters in snake_case; the classes take camelCase.

export const toSnakeCase = (key: string): string =>
  key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export const toCamelCase = (key: string): string =>
  key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

export function renameKeys(
  record: Readonly<Record<string, unknown>>,
  rename: (key: string) => string,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [rename(k), v]));
}
