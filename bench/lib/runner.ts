/**
 * The frame every bench runner shares: scenario selection, pinning, a private snapshot of the
 * build, the push app, running the scenarios, the results file and the printed table. A runner
 * names its scenarios, its log tag and results prefix, and what it adds to the common context.
 */
import { basename } from 'node:path';
import type { BenchContext } from '../scenarios/context.js';
import { compareResults, comparisonTable, readResults } from './compare.js';
import { machineInfo } from './machine.js';
import { daemonMain, resultsDir, runsDir } from './paths.js';
import { setUpPinning } from './pinning.js';
import { PushApp } from './push-app.js';
import { markdownTable, type ScenarioReport } from './report.js';
import { gitHead, runMain, runScenarioList, withMedians, writeResults, type RunnableScenario } from './results-file.js';
import { readSettings } from './settings.js';
import { snapshotDaemon, type DaemonSnapshot } from './snapshot.js';

export interface BenchRunner<C extends BenchContext> {
  /** In every log line: `[bench-api 12:00:00] ...`. */
  tag: string;
  /** bench/results/runs/<prefix><ISO time>.json (bench/results/ with BENCH_RECORD=1) */
  resultsPrefix: string;
  scenarios: readonly RunnableScenario<C>[];
  /** Appended to the logged and printed pinning note. */
  pinningRemark?: string;
  /** Recorded with the settings in the results file. */
  extraSettings?: Record<string, unknown>;
  /** Printed under the table. */
  notes?: string[];
  /** An earlier results file: after the run, each figure is printed against it and regressions flagged. */
  compareWith?: string;
  /** Runs `run` with the runner's context built on the common one (starting and stopping what it needs). */
  withContext(base: BenchContext, run: (ctx: C) => Promise<ScenarioReport[]>): Promise<ScenarioReport[]>;
}

export function runBench<C extends BenchContext>(runner: BenchRunner<C>): void {
  runMain(() => bench(runner));
}

async function bench<C extends BenchContext>(runner: BenchRunner<C>): Promise<number> {
  const log = (message: string): void => {
    process.stderr.write(`[${runner.tag} ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
  };
  const settings = readSettings(process.env);
  // Read first, so that a wrong path fails before ten minutes of running.
  const earlier = runner.compareWith === undefined ? undefined : readResults(runner.compareWith);
  const outDir = resultsDir(process.env);
  const known = new Set(runner.scenarios.map((s) => s.name));
  for (const name of settings.only ?? []) if (!known.has(name)) throw new Error(`BENCH_ONLY: unknown scenario '${name}' (known: ${[...known].join(', ')})`);
  // Before pinning: once this process is pinned to one core, nproc reports 1.
  const machine = machineInfo();
  const pinning = setUpPinning(process.env);
  const remark = runner.pinningRemark === undefined ? '' : `; ${runner.pinningRemark}`;
  log(`pinning: ${pinning.note}${remark}`);
  // BENCH_DAEMON (e.g. the fake daemon) runs as is; the real build is copied first, because
  // dist/ is rewritten whenever someone runs the tests.
  const snapshot: DaemonSnapshot | null = process.env.BENCH_DAEMON === undefined ? snapshotDaemon() : null;
  const build = { main: snapshot?.main ?? daemonMain, digest: snapshot?.digest ?? null, gitHead: gitHead() };
  log(`daemon: ${build.main}${build.digest === null ? '' : ` (build ${build.digest})`}`);
  const app = new PushApp();
  const startedAt = new Date();
  let reports: ScenarioReport[];
  try {
    const appOrigin = await app.listen();
    const base: BenchContext = { settings, pinning, app, appOrigin, daemonMain: build.main, log };
    reports = await runner.withContext(base, (ctx) => runScenarioList(runner.scenarios, ctx, log));
  } finally {
    await app.close();
    snapshot?.remove();
  }
  const only = settings.only === null ? null : [...settings.only];
  const file = writeResults(outDir, runner.resultsPrefix, startedAt, {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    build,
    settings: { ...settings, only, ...runner.extraSettings },
    pinning,
    machine,
    reports: reports.map(withMedians),
  });
  const notes = [`Pinning: ${pinning.note}${remark}.`, `Runs per scenario: ${settings.runs}${settings.quick ? ' (BENCH_QUICK: short runs, not for the record)' : ''}.`, ...(runner.notes ?? [])];
  console.log(`\n${markdownTable(reports)}\n\n${notes.join(' ')}\nRaw figures: ${file}${outDir === runsDir ? ' (git-ignored; a record is a copy in bench/results/, or a run with BENCH_RECORD=1)' : ''}`);
  let regressions = 0;
  if (earlier !== undefined && runner.compareWith !== undefined) {
    const rows = compareResults(earlier, readResults(file));
    regressions = rows.filter((r) => r.verdict === 'regression').length;
    console.log(`\nAgainst ${runner.compareWith}:\n\n${comparisonTable(rows, { before: basename(runner.compareWith, '.json'), after: 'this run' })}\n\n${regressions} regression${regressions === 1 ? '' : 's'} beyond the measured noise.`);
  }
  return reports.some((r) => r.error !== undefined) || regressions > 0 ? 1 : 0;
}
