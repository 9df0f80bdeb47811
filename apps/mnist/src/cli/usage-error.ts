/** A bad command line, data folder or checkpoint: main prints one line and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
