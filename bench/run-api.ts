/**
 * The API benchmarks: query (issue 3) and gRPC (issue 4). A second entry point beside run.ts,
 * with the same harness and conventions: writes every run's figures to
 * bench/results/api-<ISO time>.json and prints a Markdown table of medians against the targets.
 *   npm run build && npx node dist/bench/run-api.js
 * Env: BENCH_QUICK=1 (short runs, smoke test), BENCH_ONLY=a,b (scenario names below),
 * BENCH_RUNS=N (default 3), BENCH_PIN=0 (no taskset pinning), BENCH_WAIT_QUIET=<seconds>,
 * BENCH_PROFILE=1 (run the daemon with --cpu-prof and print/store the top self-time functions;
 * the profiler costs time, so such runs are for finding where time goes, not for the record),
 * BENCH_KEEP_PROFILE=1 (keep the .cpuprofile files), BENCH_PRELOAD=grpc|http (stream pre-load),
 * BENCH_QUERY_RATE=<req/s> (query-latency at another rate, as a diagnostic; targets apply at 1,000).
 */
import type { ApiContext, ApiScenario } from './lib/grpc-harness.js';
import { machineInfo } from './lib/machine.js';
import { nginxBinary } from './lib/nginx.js';
import { daemonMain } from './lib/paths.js';
import { setUpPinning } from './lib/pinning.js';
import { PushApp } from './lib/push-app.js';
import { markdownTable, type ScenarioReport } from './lib/report.js';
import { gitHead, runMain, runScenarioList, withMedians, writeResults } from './lib/results-file.js';
import { readSettings } from './lib/settings.js';
import { snapshotDaemon, type DaemonSnapshot } from './lib/snapshot.js';
import { grpcConsumeScenario } from './scenarios/grpc-consume.js';
import { grpcPublishScenario } from './scenarios/grpc-publish.js';
import { grpcReadStreamScenario } from './scenarios/grpc-readstream.js';
import { queryLatencyScenario } from './scenarios/query-latency.js';
import { queryNodeFloorScenario } from './scenarios/query-node-floor.js';
import { queryThroughputScenario } from './scenarios/query-throughput.js';

const scenarios: ApiScenario[] = [queryLatencyScenario, queryThroughputScenario, queryNodeFloorScenario, grpcPublishScenario, grpcConsumeScenario, grpcReadStreamScenario];

function log(message: string): void {
  process.stderr.write(`[bench-api ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function runScenarios(ctx: ApiContext): Promise<ScenarioReport[]> {
  return runScenarioList(scenarios, ctx, log);
}

async function main(): Promise<number> {
  const settings = readSettings(process.env);
  const known = new Set(scenarios.map((s) => s.name));
  for (const name of settings.only ?? []) if (!known.has(name)) throw new Error(`BENCH_ONLY: unknown scenario '${name}' (known: ${[...known].join(', ')})`);
  const profile = process.env.BENCH_PROFILE === '1';
  // Before pinning: once this process is pinned to one core, nproc reports 1.
  const machine = machineInfo();
  const pinning = setUpPinning(process.env);
  log(`pinning: ${pinning.note}; nginx: ${nginxBinary() ?? 'not installed'}${profile ? '; PROFILING (figures not for the record)' : ''}`);
  const snapshot: DaemonSnapshot | null = process.env.BENCH_DAEMON === undefined ? snapshotDaemon() : null;
  const build = { main: snapshot?.main ?? daemonMain, digest: snapshot?.digest ?? null, gitHead: gitHead() };
  log(`daemon: ${build.main}${build.digest === null ? '' : ` (build ${build.digest})`}`);
  // Not used by these scenarios, but part of the shared context (and harmless).
  const app = new PushApp();
  const startedAt = new Date();
  let reports: ScenarioReport[];
  try {
    const appOrigin = await app.listen();
    reports = await runScenarios({ settings, pinning, app, appOrigin, daemonMain: build.main, log, profile });
  } finally {
    await app.close();
    snapshot?.remove();
  }
  const only = settings.only === null ? null : [...settings.only];
  const file = writeResults('api-', startedAt, {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    build,
    settings: { ...settings, only, profile },
    pinning,
    machine,
    reports: reports.map(withMedians),
  });
  const notes = [`Pinning: ${pinning.note}.`, `Runs per scenario: ${settings.runs}${settings.quick ? ' (BENCH_QUICK: short runs, not for the record)' : ''}.`];
  if (profile) notes.push('BENCH_PROFILE: the daemon ran under --cpu-prof; figures are not for the record.');
  console.log(`\n${markdownTable(reports)}\n\n${notes.join(' ')}\nRaw figures: ${file}`);
  return reports.some((r) => r.error !== undefined) ? 1 : 0;
}

runMain(main);
