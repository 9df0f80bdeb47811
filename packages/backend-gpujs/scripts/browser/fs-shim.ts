// `node:fs` for the browser bundle: the reference suite reads its fixtures with
// readFileSync; the bundle carries them instead.
import ops from '../../../tensor/fixtures/ops.json' with { type: 'json' };

export function readFileSync(path: URL | string): string {
  if (!String(path).endsWith('fixtures/ops.json'))
    throw new Error(`the browser bundle carries only fixtures/ops.json, not ${String(path)}`);
  return JSON.stringify(ops);
}
