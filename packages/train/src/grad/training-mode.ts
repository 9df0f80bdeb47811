import type { Cell } from '../cell/cell.js';

/**
 * The training flags of `cell` and every cell inside it, as a string: a compiled step keys
 * its signature on it, since Dropout and BatchNorm trace differently in each mode.
 */
export function trainingModeOf(cell: Cell<never[], unknown>): string {
  let mode = '';
  for (const [, inner] of cell.cellsAndNames()) mode += inner.training ? '1' : '0';
  return mode;
}
