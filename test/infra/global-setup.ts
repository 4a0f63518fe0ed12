/**
 * One temporary directory per test run, removed when the run ends: every test process (the
 * forks inherit TMPDIR) and every daemon, broker or CLI they start puts its temporary files
 * under it, so a helper that forgets to remove its directory does not leave it on the machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'outrigger-tests-'));
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    try {
      rmSync(root, { recursive: true, force: true, maxRetries: 5 });
    } catch (err) {
      // A process the tests started may still be writing there; the run's verdict is the tests'.
      console.warn(`could not remove the test run's temporary directory ${root}: ${(err as Error).message}`);
    }
  };
}
