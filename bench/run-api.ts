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
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiContext, ApiScenario } from './lib/grpc-harness.js';
import { machineInfo } from './lib/machine.js';
import { nginxBinary } from './lib/nginx.js';
import { waitForQuiet, watchNoise } from './lib/noise.js';
import { daemonMain, resultsDir } from './lib/paths.js';
import { setUpPinning } from './lib/pinning.js';
import { PushApp } from './lib/push-app.js';
import { markdownTable, metricMedian, verdict, type ScenarioReport } from './lib/report.js';
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

async function runScenarios(ctx: ApiContext): Promise<ScenarioReport[]> {
  const { settings } = ctx;
  const reports: ScenarioReport[] = [];
  for (const scenario of scenarios) {
    if (settings.only !== null && !settings.only.has(scenario.name)) continue;
    if (settings.waitQuietMs > 0) await waitForQuiet(settings.waitQuietMs, 0.25, log);
    log(`scenario ${scenario.name}: ${scenario.description}`);
    const noise = watchNoise();
    try {
      reports.push({ ...(await scenario.run(ctx)), noise: noise() });
    } catch (err) {
      log(`scenario ${scenario.name} failed: ${(err as Error).stack ?? String(err)}`);
      reports.push({ name: scenario.name, description: scenario.description, metrics: [], raw: [], error: (err as Error).message, noise: noise() });
    }
    log(`scenario ${scenario.name} done; other processes used ${reports.at(-1)?.noise?.foreignCores ?? '?'} cores on average`);
  }
  return reports;
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
  const file = writeResults(startedAt, {
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

function gitHead(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function withMedians(report: ScenarioReport): unknown {
  return { ...report, metrics: report.metrics.map((m) => ({ ...m, median: metricMedian(m), verdict: verdict(m) })) };
}

function writeResults(startedAt: Date, content: unknown): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `api-${startedAt.toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-')}.json`);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(content, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return file;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
