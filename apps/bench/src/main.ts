// `pnpm bench [--quick] [--rounds N] [--memory-steps N] [--systems a,b] [--workloads W4,W5]`:
// every workload on every system, results in apps/bench/results/, exit 1 if the systems
// disagree.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defaultCpuThreads } from '@gradkit/tensor';
import { renderChart } from './chart.js';
import { parseArgs } from './config.js';
import { formatAgreement, formatMemory } from './report.js';
import { runBench } from './run-bench.js';
import { BASELINE, systemThreads } from './systems/registry.js';
import { buildRows, formatTable } from './table.js';

const config = parseArgs(process.argv.slice(2));
const started = Date.now();
const results = await runBench(config, config.systems);
const opened = results.systems.filter((s) => !(s in results.failedSystems));
const rows = buildRows(
  config.cases,
  opened,
  (system, id) => results.seconds[system]?.[id] ?? { skipped: 'no result' },
  BASELINE,
);
const failed = Object.entries(results.failedSystems).map(([s, why]) => `- ${s}: ${why}`);
const disagreements = Object.entries(results.agreement).flatMap(([id, a]) =>
  a.disagreeing.map((s) => `${id}: ${s} disagrees with ${a.reference}`),
);
const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const text = [
  `## Speed (${config.quick ? 'quick smoke run, not for comparison' : `${config.rounds} rounds after warm-up`}; ${machine})`,
  '',
  formatTable(rows, BASELINE, (system) => systemThreads(system, defaultCpuThreads())),
  ...(failed.length > 0 ? ['', 'Systems that did not open:', ...failed] : []),
  '',
  `## Memory: W2 in a fresh process per system, ${config.memorySteps} steps`,
  '',
  formatMemory(results.memory),
  '',
  '## Same computation (fresh state, every system against the reference)',
  '',
  formatAgreement(results.agreement),
  '',
].join('\n');
process.stdout.write(text);

const dir = fileURLToPath(new URL('../results/', import.meta.url));
await mkdir(dir, { recursive: true });
const name = config.outputName;
const json = {
  date: new Date().toISOString(),
  machine,
  config: { ...config, cases: config.cases.map((c) => ({ id: c.id, unit: c.unit, spec: c.spec })) },
  durationSeconds: (Date.now() - started) / 1e3,
  ...results,
  table: rows.map((r) => ({
    case: r.case.id,
    unit: r.case.unit,
    cells: r.cells.map(({ system, values, summary, ratio, skipped }) => ({
      system,
      values,
      ...summary,
      ratio,
      skipped,
    })),
  })),
};
await writeFile(`${dir}${name}.json`, `${JSON.stringify(json, null, 2)}\n`);
await writeFile(`${dir}${name}.md`, text);
await writeFile(`${dir}${name}.svg`, await renderChart(rows, BASELINE));
process.stderr.write(
  `wrote results/${name}.{json,md,svg} in ${json.durationSeconds.toFixed(0)} s\n`,
);

if (disagreements.length > 0) {
  process.stderr.write(
    `\nSYSTEMS DISAGREE — timings are not comparable:\n${disagreements.join('\n')}\n`,
  );
  process.exit(1);
}
