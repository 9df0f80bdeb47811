import cliProgress from 'cli-progress';

/** Per-epoch progress: a cli-progress bar with loss, steps per second and ETA on a terminal. */
export interface EpochProgress {
  update(steps: number, loss: number): void;
  stop(): void;
}

/**
 * Draws on stderr only when it is a terminal: logs and CI get just the per-epoch lines.
 * Throughput is steps per second since the epoch began; cli-progress computes the ETA.
 */
export function startEpochProgress(epoch: number, epochs: number, steps: number): EpochProgress {
  if (process.stderr.isTTY !== true) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `epoch ${epoch}/${epochs} [{bar}] {value}/{total} steps | loss {loss} | {speed} steps/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  bar.start(steps, 0, { loss: '-', speed: '-' });
  return {
    update(done, loss) {
      const seconds = (performance.now() - started) / 1000;
      bar.update(done, {
        loss: loss.toFixed(4),
        speed: seconds > 0 ? (done / seconds).toFixed(1) : '-',
      });
    },
    stop() {
      bar.stop();
    },
  };
}
