import { type Agreement, checkAgreement, TOLERANCE } from './agreement.js';
import { MLP } from './cases.js';
import { Child } from './child.js';
import type { BenchConfig } from './config.js';
import type { MemoryReport, Reply, Skipped } from './protocol.js';
import { BASELINE, SYSTEM_NAMES, type SystemName } from './systems/registry.js';
import { verifyCases } from './verify-cases.js';

export interface BenchResults {
  readonly systems: readonly string[];
  /** Why a system could not open at all. */
  readonly failedSystems: Record<string, string>;
  /** Seconds per step, one entry per timed round, per system and case. */
  readonly seconds: Record<string, Record<string, number[] | Skipped>>;
  readonly agreement: Record<string, Agreement>;
  readonly memory: Record<string, MemoryReport | Skipped>;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function expect<T extends Reply['type']>(child: Child, reply: Promise<Reply>, type: T) {
  const r = await reply;
  if (r.type === type) return r as Extract<Reply, { type: T }>;
  throw new Error(`${child.system}: ${r.type === 'failed' ? r.reason : `unexpected ${r.type}`}`);
}

/**
 * The whole run: open one child per system, check they compute the same thing, then time
 * every case round by round, visiting the systems in a rotated order each round so slow
 * drift of the machine spreads over all of them; finally the memory check, each system in a
 * fresh child that runs only W2.
 */
export async function runBench(config: BenchConfig, only: readonly string[] | null) {
  const names = SYSTEM_NAMES.filter((n) => only === null || only.includes(n));
  const failedSystems: Record<string, string> = {};
  const children: Child[] = [];
  for (const name of names) {
    const child = new Child(name);
    try {
      await expect(child, child.request({ type: 'open', system: name }), 'opened');
      children.push(child);
    } catch (error) {
      failedSystems[name] = (error as Error).message.replace(`${name}: `, '');
      log(`${name}: could not open: ${failedSystems[name]}`);
      child.close();
    }
  }
  try {
    const agreement = await verify(children, config.quick);
    const seconds = await rounds(children, config);
    for (const child of children) child.close();
    const memory = await memoryCheck(
      children.map((c) => c.system as SystemName),
      config.memorySteps,
    );
    return { systems: names, failedSystems, seconds, agreement, memory } satisfies BenchResults;
  } finally {
    for (const child of children) child.close();
  }
}

async function verify(children: Child[], quick: boolean) {
  const cases = verifyCases(quick);
  const outputs: Record<string, Record<string, number[] | Skipped>> = {};
  for (const child of children) {
    log(`verify: ${child.system}`);
    const reply = await expect(child, child.request({ type: 'verify', cases }), 'verified');
    for (const [id, output] of Object.entries(reply.outputs)) {
      outputs[id] = { ...outputs[id], [child.system]: output };
    }
  }
  const agreement: Record<string, Agreement> = {};
  for (const { id, spec } of cases) {
    const preference = ['plain-js', BASELINE];
    agreement[id] = checkAgreement(outputs[id] ?? {}, preference, TOLERANCE[spec.workload]);
  }
  return agreement;
}

async function rounds(children: Child[], config: BenchConfig) {
  const seconds: Record<string, Record<string, number[] | Skipped>> = {};
  const cases = config.cases.map(({ id, spec }) => ({ id, spec }));
  for (let round = 0; round <= config.rounds; round++) {
    const warmUp = round === 0;
    for (let k = 0; k < children.length; k++) {
      const child = children[(k + round) % children.length]!;
      const started = performance.now();
      const request = { type: 'round' as const, cases, minSampleMs: config.minSampleMs };
      const reply = await expect(child, child.request(request), 'samples');
      log(
        `${warmUp ? 'warm-up' : `round ${round}/${config.rounds}`}: ${child.system} ${((performance.now() - started) / 1e3).toFixed(1)} s`,
      );
      if (warmUp) continue;
      seconds[child.system] ??= {};
      const own = seconds[child.system]!;
      for (const [id, s] of Object.entries(reply.seconds)) {
        const list = own[id];
        if (typeof s === 'number') own[id] = Array.isArray(list) ? [...list, s] : [s];
        else own[id] = s;
      }
    }
  }
  return seconds;
}

async function memoryCheck(systems: SystemName[], steps: number) {
  const memory: Record<string, MemoryReport | Skipped> = {};
  for (const system of systems) {
    const child = new Child(system);
    try {
      await expect(child, child.request({ type: 'open', system }), 'opened');
      const spec = { workload: 'W2' as const, ...MLP };
      const reply = await expect(child, child.request({ type: 'memory', spec, steps }), 'memory');
      memory[system] = reply.report;
      log(`memory: ${system} ${(reply.report.peakRssBytes / 2 ** 20).toFixed(0)} MiB`);
    } catch (error) {
      memory[system] = { skipped: (error as Error).message };
    } finally {
      child.close();
    }
  }
  return memory;
}
