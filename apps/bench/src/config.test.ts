import { describe, expect, it } from 'vitest';
import { parseArgs } from './config.js';

describe('parseArgs', () => {
  it('runs the full set of cases by default and small ones with --quick', () => {
    const full = parseArgs([]);
    expect(full.cases.map((c) => c.id)).toContain('W1 adam N=1e7');
    expect(full.memorySteps).toBe(1000);
    const quick = parseArgs(['--quick', '--rounds', '2']);
    expect(quick.quick).toBe(true);
    expect(quick.rounds).toBe(2);
    // The quick run keeps W2 at its real size: its losses are the check CI relies on.
    expect(quick.cases.map((c) => c.id)).toContain('W2 mlp 784-128-10 b128');
  });

  it('rejects a bad count and reads a system list', () => {
    expect(() => parseArgs(['--rounds', '0'])).toThrow(/positive integer/);
    expect(parseArgs(['--systems', 'plain-js,tfjs-cpu']).systems).toEqual(['plain-js', 'tfjs-cpu']);
  });
});
