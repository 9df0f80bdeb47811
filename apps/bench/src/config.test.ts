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

  it('keeps only the asked workloads, and a partial run never writes latest', () => {
    expect(parseArgs([]).outputName).toBe('latest');
    expect(parseArgs(['--quick', '--workloads', 'W4']).outputName).toBe('quick');
    const w4 = parseArgs(['--workloads', 'W4,W5']);
    expect(w4.cases.map((c) => c.id)).toEqual(['W4 lenet5 b64', 'W5 grad chain 100×16']);
    expect(w4.outputName).toBe('partial');
    expect(parseArgs(['--systems', 'plain-js']).outputName).toBe('partial');
    expect(() => parseArgs(['--workloads', 'W9'])).toThrow(/--workloads/);
  });
});
