/**
 * A stand-in for a server's executable, first on PATH for the rest of the test file: to make a
 * test server's start fail at once, without starting the real one. Vitest only.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { tempDir } from './temp-dir.js';

const pathBefore = process.env.PATH;
afterAll(() => {
  process.env.PATH = pathBefore;
});

/** Puts a shell script named `name` with the body `script` first on PATH. */
export function fakeOnPath(name: string, script: string): void {
  const bin = tempDir('fake-bin');
  writeFileSync(join(bin, name), `#!/bin/sh\n${script}\n`);
  chmodSync(join(bin, name), 0o755);
  process.env.PATH = `${bin}:${process.env.PATH ?? ''}`;
}

/** Shell lines that print `line 1` to `line <count>`, then `last words`. */
export function printLines(count: number, lastWords: string): string {
  return `i=1; while [ $i -le ${count} ]; do echo "line $i"; i=$((i+1)); done; echo ${JSON.stringify(lastWords)}`;
}
