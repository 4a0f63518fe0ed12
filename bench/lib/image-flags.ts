/**
 * The Node flags the container image starts the daemon with, read from the Dockerfile's
 * ENTRYPOINT: the one place they are written, so the bench measures exactly what a pod runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/** The arguments between `node` and `dist/src/main.js` in an exec-form ENTRYPOINT. */
export function entrypointNodeFlags(dockerfile: string): string[] {
  const line = dockerfile.split('\n').find((l) => l.startsWith('ENTRYPOINT ['));
  if (line === undefined) throw new Error('Dockerfile: no exec-form ENTRYPOINT');
  const args = JSON.parse(line.slice('ENTRYPOINT '.length)) as string[];
  const node = args.indexOf('node');
  const main = args.indexOf('dist/src/main.js');
  if (node < 0 || main < node) throw new Error(`Dockerfile ENTRYPOINT does not run node dist/src/main.js: ${line}`);
  return args.slice(node + 1, main);
}

export function imageNodeFlags(): string[] {
  return entrypointNodeFlags(readFileSync(join(repoRoot, 'Dockerfile'), 'utf8'));
}
