/**
 * `npm run bench`: runs every scenario (or those in BENCH_ONLY), writes every run's figures to
 * bench/results/<ISO time>.json and prints a Markdown table of medians against the targets.
 * Env: BENCH_QUICK=1 (short runs, smoke test), BENCH_ONLY=a,b, BENCH_RUNS=N (default 3),
 * BENCH_PIN=0 (no taskset pinning), BENCH_WAIT_QUIET=<seconds> (before each scenario, wait up to
 * that long for other processes to use < 0.25 cores).
 */
import { machineInfo } from './lib/machine.js';
import { daemonMain } from './lib/paths.js';
import { setUpPinning } from './lib/pinning.js';
import { PushApp } from './lib/push-app.js';
import { snapshotDaemon, type DaemonSnapshot } from './lib/snapshot.js';
import { markdownTable, type ScenarioReport } from './lib/report.js';
import { gitHead, runMain, runScenarioList, withMedians, writeResults } from './lib/results-file.js';
import { readSettings } from './lib/settings.js';
import { batchScenario } from './scenarios/batch.js';
import type { BenchContext, Scenario } from './scenarios/context.js';
import { latencyScenario } from './scenarios/latency.js';
import { pushScenario } from './scenarios/push.js';
import { startupScenario } from './scenarios/startup.js';
import { throughputScenario } from './scenarios/throughput.js';

const scenarios: Scenario[] = [startupScenario, latencyScenario, throughputScenario, batchScenario, pushScenario];

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function runScenarios(ctx: BenchContext): Promise<ScenarioReport[]> {
  return runScenarioList(scenarios, ctx, ctx.log);
}

async function main(): Promise<number> {
  const settings = readSettings(process.env);
  const known = new Set(scenarios.map((s) => s.name));
  for (const name of settings.only ?? []) if (!known.has(name)) throw new Error(`BENCH_ONLY: unknown scenario '${name}' (known: ${[...known].join(', ')})`);
  const pinning = setUpPinning(process.env);
  log(`pinning: ${pinning.note}`);
  // BENCH_DAEMON (e.g. the fake daemon) runs as is; the real build is copied first.
  const snapshot: DaemonSnapshot | null = process.env.BENCH_DAEMON === undefined ? snapshotDaemon() : null;
  const build = { main: snapshot?.main ?? daemonMain, digest: snapshot?.digest ?? null, gitHead: gitHead() };
  log(`daemon: ${build.main}${build.digest === null ? '' : ` (build ${build.digest})`}`);
  const app = new PushApp();
  const startedAt = new Date();
  let reports: ScenarioReport[];
  try {
    const appOrigin = await app.listen();
    reports = await runScenarios({ settings, pinning, app, appOrigin, daemonMain: build.main, log });
  } finally {
    await app.close();
    snapshot?.remove();
  }
  const only = settings.only === null ? null : [...settings.only];
  const file = writeResults('', startedAt, {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    build,
    settings: { ...settings, only },
    pinning,
    machine: machineInfo(),
    reports: reports.map(withMedians),
  });
  console.log(`\n${markdownTable(reports)}\n\nPinning: ${pinning.note}. Runs per scenario: ${settings.runs}${settings.quick ? ' (BENCH_QUICK: short runs, not for the record)' : ''}.\nRaw figures: ${file}`);
  return reports.some((r) => r.error !== undefined) ? 1 : 0;
}

runMain(main);
