/**
 * Temporary directories for tests, removed when the test file ends: not when a test stops a
 * process, since crash and restart tests start a daemon again on the same directory and read
 * what it left. Vitest only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

// Registered while the test file that imports this is collected, before any hook of its own;
// afterAll hooks run last registered first, so this one runs after those that stop processes.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory `outrigger-<name>-XXXXXX` in the system's temp directory. */
export function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `outrigger-${name}-`));
  made.push(dir);
  return dir;
}
