import type { TreePath } from './tree-types.js';

// Keys that would make a dotted name ambiguous are quoted: `a["b.c"]`.
const plainKey = /^[^\s.[\]"]+$/;

/**
 * Renders a path as a dotted name: `dense.weight`, `layers[0].bias`, `''` for the root. Keys
 * that are empty or hold whitespace, dots, brackets or quotes are written as `["key"]`. Handy
 * for masks such as "skip names containing beta or gamma".
 */
export function pathToString(path: TreePath): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (!plainKey.test(key)) text += `[${JSON.stringify(key)}]`;
    else text += text === '' ? key : `.${key}`;
  }
  return text;
}

/** `path dense.weight`, or `the root`, for error messages. */
export function describePath(path: TreePath): string {
  return path.length === 0 ? 'the root' : `path ${pathToString(path)}`;
}
