/** Locations in the repository, resolved from the compiled file (dist/bench/lib/paths.js). */
import { fileURLToPath } from 'node:url';

const root = new URL('../../../', import.meta.url);

export const repoRoot = fileURLToPath(root);
/** The daemon's entry point; BENCH_DAEMON overrides it (e.g. the harness's own fake-daemon.js). */
export const daemonMain = process.env.BENCH_DAEMON ?? fileURLToPath(new URL('dist/src/main.js', root));
export const baselineServerMain = fileURLToPath(new URL('dist/bench/lib/baseline-server.js', root));
/** Record runs, committed: a run lands here only on purpose (BENCH_RECORD=1, or a person copies it). */
export const recordsDir = fileURLToPath(new URL('bench/results/', root));
/** Every other run: git-ignored, so that a run never leaves a file to commit by accident. */
export const runsDir = fileURLToPath(new URL('bench/results/runs/', root));

/**
 * Where this run's JSON goes: bench/results/runs/ by default, bench/results/ with BENCH_RECORD=1.
 * Short runs are never records; a runner calls this before it starts, so the refusal comes first.
 */
export function resultsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BENCH_RECORD !== '1') return runsDir;
  if (env.BENCH_QUICK === '1') throw new Error('BENCH_RECORD=1 with BENCH_QUICK=1: short runs are not for the record');
  if (env.BENCH_DURABILITY !== undefined) throw new Error('BENCH_RECORD=1 with BENCH_DURABILITY: a record measures the default durability');
  return recordsDir;
}
