import { HELP } from './cli/help.js';
import { parseOptions } from './cli/options.js';
import { UsageError } from './cli/usage-error.js';

// pnpm forwards a literal `--` separator in some setups; it is not an option.
const argv = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));

try {
  const parsed = parseOptions(argv);
  if (parsed.help) {
    process.stdout.write(HELP);
  } else {
    const started = performance.now();
    // Loaded only now, so --help and usage errors answer without loading the framework.
    const { run } = await import('./run.js');
    const result = await run(parsed.options);
    const last = result.history.at(-1);
    if (last !== undefined) {
      // CPU time beside wall time: on a shared machine the wall clock also counts other work.
      const cpu = process.cpuUsage();
      console.log(
        `final test accuracy ${(last.testAccuracy * 100).toFixed(2)}% in ${((performance.now() - started) / 1000).toFixed(1)} s (CPU time ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s)`,
      );
    }
  }
} catch (error) {
  if (error instanceof UsageError) {
    // One line, naming what was wrong and the fix; nothing was written.
    console.error(`error: ${error.message}`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
