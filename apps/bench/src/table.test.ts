import { describe, expect, it } from 'vitest';
import { caseOf } from './cases.js';
import { buildRows, formatNumber, formatTable } from './table.js';

const adam = caseOf({ workload: 'W1', n: 1e6 });
const matmul = caseOf({ workload: 'W3', n: 100 });
const seconds: Record<string, Record<string, number[] | { skipped: string }>> = {
  base: { [adam.id]: [0.002, 0.001, 0.003], [matmul.id]: [0.002, 0.001, 0.004] },
  peer: { [adam.id]: [0.004, 0.004, 0.005], [matmul.id]: { skipped: 'not supported' } },
};
const rows = buildRows([adam, matmul], ['base', 'peer'], (s, id) => seconds[s]![id]!, 'base');

describe('buildRows', () => {
  it('turns seconds per step into the unit and summarizes', () => {
    const base = rows[0]!.cells[0]!;
    expect(base.summary!.median).toBeCloseTo(2); // 2 ms over 1e6 params = 2 ns/param
    expect(base.summary!.min).toBeCloseTo(1);
    expect(base.summary!.max).toBeCloseTo(3);
  });

  it('gives each system its median time over the baseline median time', () => {
    expect(rows[0]!.cells[0]!.ratio).toBe(1);
    expect(rows[0]!.cells[1]!.ratio).toBeCloseTo(2);
  });

  it('keeps the time ratio for a higher-is-better unit, and the reason for a skip', () => {
    // 2·100³ flop in 2 ms = 1 GFLOP/s.
    expect(rows[1]!.cells[0]!.summary!.median).toBeCloseTo(1);
    expect(rows[1]!.cells[0]!.summary!.min).toBeCloseTo(0.5);
    expect(rows[1]!.cells[1]).toMatchObject({
      summary: null,
      ratio: null,
      skipped: 'not supported',
    });
  });
});

describe('formatTable', () => {
  it('prints median, range and ratio, and skips with their reason', () => {
    const table = formatTable(rows, 'base');
    expect(table).toContain('| W1 adam N=1e6 | ns/param | peer | 4.00 | 4.00–5.00 | ×2.00 |');
    expect(table).toContain('| W3 matmul 100² | GFLOP/s | peer | — | — | not supported |');
  });

  it('shows each system thread count when given, ? where unknown', () => {
    const table = formatTable(rows, 'base', (system) => (system === 'base' ? 2 : null));
    expect(table).toContain('| workload | unit | system | threads | median |');
    expect(table).toContain('| W1 adam N=1e6 | ns/param | base | 2 | 2.00 | 1.00–3.00 | ×1.00 |');
    expect(table).toContain('| W1 adam N=1e6 | ns/param | peer | ? | 4.00 |');
  });

  it('shows three significant digits', () => {
    expect(formatNumber(1234.5)).toBe('1235');
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(5)).toBe('5.00');
  });
});
