/**
 * A private copy of the built daemon for one bench run. dist/ is shared with everyone who runs
 * `npm run build` or `npm test` meanwhile; copying dist/src to a temp directory keeps every
 * scenario on the same build. Everything else at the repository's top level (node_modules,
 * proto/, package.json, ...) is symlinked beside it, so the daemon finds what it finds in place.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { repoRoot } from './paths.js';

export interface DaemonSnapshot {
  /** Entry point to run: <copy>/dist/src/main.js. */
  main: string;
  /** sha256 over the copied files' paths and contents, to tell builds apart in results. */
  digest: string;
  remove(): void;
}

function digestOf(dir: string): string {
  const hash = createHash('sha256');
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js')) hash.update(relative(dir, path)).update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest('hex').slice(0, 16);
}

export function snapshotDaemon(): DaemonSnapshot {
  const dir = mkdtempSync(join(tmpdir(), 'outrigger-bench-build-'));
  cpSync(join(repoRoot, 'dist', 'src'), join(dir, 'dist', 'src'), { recursive: true });
  for (const entry of readdirSync(repoRoot, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === '.git') continue;
    symlinkSync(join(repoRoot, entry.name), join(dir, entry.name), entry.isDirectory() ? 'dir' : 'file');
  }
  return {
    main: join(dir, 'dist', 'src', 'main.js'),
    digest: digestOf(join(dir, 'dist', 'src')),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
