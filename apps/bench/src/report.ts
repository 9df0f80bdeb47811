import type { Agreement } from './agreement.js';
import type { MemoryReport, Skipped } from './protocol.js';
import { formatNumber } from './table.js';

/** One line per verified case: who agreed with whom, and the worst score (≤ 1 agrees). */
export function formatAgreement(agreement: Readonly<Record<string, Agreement>>): string {
  const lines = ['| check | reference | system | worst error ÷ tolerance |', '|---|---|---|---:|'];
  for (const [id, a] of Object.entries(agreement)) {
    for (const [system, worst] of Object.entries(a.worst)) {
      const shown = typeof worst === 'number' ? formatNumber(worst) : `not run: ${worst}`;
      const flag = a.disagreeing.includes(system) ? ' **DISAGREES**' : '';
      lines.push(`| ${id} | ${a.reference} | ${system} | ${shown}${flag} |`);
    }
  }
  return lines.join('\n');
}

export function formatMemory(memory: Readonly<Record<string, MemoryReport | Skipped>>): string {
  const lines = [
    '| system | W2 steps | peak RSS (MiB) | live tensors | last loss |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const [system, m] of Object.entries(memory)) {
    if ('skipped' in m) {
      lines.push(`| ${system} | — | — | — | ${m.skipped} |`);
      continue;
    }
    const rss = (m.peakRssBytes / 2 ** 20).toFixed(0);
    const live = m.liveTensors === null ? 'not counted' : String(m.liveTensors);
    lines.push(`| ${system} | ${m.steps} | ${rss} | ${live} | ${m.lastLoss.toFixed(5)} |`);
  }
  return lines.join('\n');
}
