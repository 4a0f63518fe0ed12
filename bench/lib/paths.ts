/** Locations in the repository, resolved from the compiled file (dist/bench/lib/paths.js). */
import { fileURLToPath } from 'node:url';

const root = new URL('../../../', import.meta.url);

export const repoRoot = fileURLToPath(root);
/** The daemon's entry point; BENCH_DAEMON overrides it (e.g. the harness's own fake-daemon.js). */
export const daemonMain = process.env.BENCH_DAEMON ?? fileURLToPath(new URL('dist/src/main.js', root));
export const baselineServerMain = fileURLToPath(new URL('dist/bench/lib/baseline-server.js', root));
export const resultsDir = fileURLToPath(new URL('bench/results/', root));
