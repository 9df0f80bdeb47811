import cliProgress from 'cli-progress';

/** Per-epoch progress: a cli-progress bar with loss, throughput and ETA on a terminal. */
export interface EpochProgress {
  update(examples: number, loss: number): void;
  stop(): void;
}

/**
 * Draws on stderr only when it is a terminal: logs and CI get just the per-epoch lines.
 * Throughput is examples per second since the epoch began; cli-progress computes the ETA.
 */
export function startEpochProgress(epoch: number, epochs: number, total: number): EpochProgress {
  if (process.stderr.isTTY !== true) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `epoch ${epoch}/${epochs} [{bar}] {value}/{total} | loss {loss} | {speed} ex/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  bar.start(total, 0, { loss: '-', speed: '-' });
  return {
    update(examples, loss) {
      const seconds = (performance.now() - started) / 1000;
      bar.update(examples, {
        loss: loss.toFixed(4),
        speed: seconds > 0 ? Math.round(examples / seconds) : '-',
      });
    },
    stop() {
      bar.stop();
    },
  };
}
