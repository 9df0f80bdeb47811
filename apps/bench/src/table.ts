import type { Case } from './cases.js';
import type { Skipped } from './protocol.js';
import { type Summary, summarize } from './stats.js';

export interface Cell {
  readonly system: string;
  /** The metric per sample, in the case's unit. */
  readonly values: readonly number[];
  readonly summary: Summary | null;
  /** This system's time over the baseline's (>1: slower than the baseline). */
  readonly ratio: number | null;
  readonly skipped: string | null;
}

export interface Row {
  readonly case: Case;
  readonly cells: readonly Cell[];
}

/**
 * One row per case: each system's samples (seconds per step) turned into the case's unit,
 * summarized, and its time set against the baseline's median.
 */
export function buildRows(
  cases: readonly Case[],
  systems: readonly string[],
  seconds: (system: string, caseId: string) => readonly number[] | Skipped,
  baseline: string,
): Row[] {
  return cases.map((c) => {
    const timeMedian = (system: string) => {
      const s = seconds(system, c.id);
      return Array.isArray(s) && s.length > 0 ? summarize(s).median : null;
    };
    const base = timeMedian(baseline);
    const cells = systems.map((system): Cell => {
      const s = seconds(system, c.id);
      if (!Array.isArray(s) || s.length === 0) {
        const skipped = Array.isArray(s) ? 'no samples' : (s as Skipped).skipped;
        return { system, values: [], summary: null, ratio: null, skipped };
      }
      const values = s.map(c.metric);
      const own = timeMedian(system)!;
      return {
        system,
        values,
        summary: summarize(values),
        ratio: base === null ? null : own / base,
        skipped: null,
      };
    });
    return { case: c, cells };
  });
}

/** Three significant digits, without exponent notation for everyday magnitudes. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))));
  return x.toFixed(Math.min(digits, 6));
}

/**
 * The table as Markdown: median, min–max and the time ratio to the baseline; with `threads`
 * (a system's thread count, or null where unknown), a column for it after the system's name.
 */
export function formatTable(
  rows: readonly Row[],
  baseline: string,
  threads?: (system: string) => number | null,
): string {
  const threadsHead = threads === undefined ? '' : ' threads |';
  const lines = [
    `| workload | unit | system |${threadsHead} median | min–max | time ÷ ${baseline} |`,
    `|---|---|---|${threads === undefined ? '' : '---:|'}---:|---:|---:|`,
  ];
  for (const { case: c, cells } of rows) {
    for (const cell of cells) {
      const count = threads === undefined ? '' : ` ${threads(cell.system) ?? '?'} |`;
      const head = `| ${c.id} | ${c.unit} | ${cell.system} |${count}`;
      if (cell.summary === null) {
        lines.push(`${head} — | — | ${cell.skipped ?? ''} |`);
        continue;
      }
      const { median, min, max } = cell.summary;
      const ratio = cell.ratio === null ? '—' : `×${formatNumber(cell.ratio)}`;
      lines.push(
        `${head} ${formatNumber(median)} | ${formatNumber(min)}–${formatNumber(max)} | ${ratio} |`,
      );
    }
  }
  return lines.join('\n');
}
