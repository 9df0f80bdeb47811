/** A bad command line: main prints the message and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
