// A system's child process: opens one library, then answers the parent's requests in turn.
import type { MemoryReport, Reply, Request, Skipped } from './protocol.js';
import { timeSample } from './sample.js';
import { openSystem } from './systems/registry.js';
import { type CaseRun, type System, Unsupported } from './systems/system.js';

let system: System | undefined;
// Cases stay prepared across rounds: the first (warm-up) round prepares and compiles them.
const prepared = new Map<string, CaseRun | Skipped>();

const reason = (error: unknown) =>
  error instanceof Unsupported
    ? error.message
    : `error: ${error instanceof Error ? error.message : String(error)}`;

async function handle(request: Request): Promise<Reply> {
  switch (request.type) {
    case 'open':
      system = await openSystem(request.system);
      return { type: 'opened' };
    case 'verify': {
      const outputs: Record<string, number[] | Skipped> = {};
      for (const { id, spec, steps } of request.cases) {
        try {
          const run = await system!.prepare(spec);
          for (let i = 0; i < steps; i++) await run.step();
          outputs[id] = Array.from(await run.output());
          run.dispose();
        } catch (error) {
          outputs[id] = { skipped: reason(error) };
        }
      }
      return { type: 'verified', outputs };
    }
    case 'round': {
      const seconds: Record<string, number | Skipped> = {};
      for (const { id, spec } of request.cases) {
        let run = prepared.get(id);
        try {
          if (run === undefined) {
            run = await system!.prepare(spec);
            prepared.set(id, run);
          }
          const ready = run;
          seconds[id] =
            'skipped' in ready ? ready : await timeSample(() => ready.step(), request.minSampleMs);
        } catch (error) {
          const skipped = { skipped: reason(error) };
          prepared.set(id, skipped);
          seconds[id] = skipped;
        }
      }
      return { type: 'samples', seconds };
    }
    case 'memory': {
      const run = await system!.prepare(request.spec);
      for (let i = 0; i < request.steps; i++) await run.step();
      const losses = await run.output();
      const report: MemoryReport = {
        steps: request.steps,
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
        liveTensors: system!.liveTensors() ?? null,
        lastLoss: losses[losses.length - 1] ?? Number.NaN,
      };
      run.dispose();
      return { type: 'memory', report };
    }
  }
}

process.on('message', (request: Request) => {
  handle(request).then(
    (reply) => process.send!(reply),
    (error) => process.send!({ type: 'failed', reason: reason(error) } satisfies Reply),
  );
});
