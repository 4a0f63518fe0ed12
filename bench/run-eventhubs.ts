/**
 * The Event Hubs benchmark (issue 6): append throughput and end-to-end push latency through
 * Outrigger vs the @azure/event-hubs SDK directly, against the same AMQP test broker
 * (test/eventhubs-broker, in a child process) with Azurite blob for checkpoints, in one run.
 * A third entry point beside run.ts and run-api.ts, with the same harness and conventions: every
 * run's figures go to bench/results/eventhubs-<ISO time>.json and a Markdown table of medians
 * is printed.
 *   npm run build && node dist/bench/run-eventhubs.js
 * Env: BENCH_QUICK=1 (short runs, smoke test), BENCH_ONLY=eh-append,eh-push, BENCH_RUNS=N
 * (default 3), BENCH_PIN=0 (no taskset pinning), BENCH_WAIT_QUIET=<seconds>, BENCH_EH_NODELAY=1 (a
 * diagnostic: the daemon runs with TCP_NODELAY on every socket; see bench/tools/tcp-nodelay-preload.ts).
 */
import { startEventHubsEnv } from './lib/eventhubs-env.js';
import { machineInfo } from './lib/machine.js';
import { daemonMain } from './lib/paths.js';
import { setUpPinning } from './lib/pinning.js';
import { PushApp } from './lib/push-app.js';
import { markdownTable, type ScenarioReport } from './lib/report.js';
import { gitHead, runMain, runScenarioList, withMedians, writeResults } from './lib/results-file.js';
import { readSettings } from './lib/settings.js';
import { snapshotDaemon, type DaemonSnapshot } from './lib/snapshot.js';
import { eventHubsAppendScenario } from './scenarios/eventhubs-append.js';
import { hubs, type EventHubsContext } from './scenarios/eventhubs-common.js';
import { eventHubsPushScenario } from './scenarios/eventhubs-push.js';

const scenarios = [eventHubsAppendScenario, eventHubsPushScenario];

function log(message: string): void {
  process.stderr.write(`[bench-eh ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function runScenarios(ctx: EventHubsContext): Promise<ScenarioReport[]> {
  return runScenarioList(scenarios, ctx, log);
}

async function main(): Promise<number> {
  const settings = readSettings(process.env);
  const known = new Set(scenarios.map((s) => s.name));
  for (const name of settings.only ?? []) if (!known.has(name)) throw new Error(`BENCH_ONLY: unknown scenario '${name}' (known: ${[...known].join(', ')})`);
  // Before pinning: once this process is pinned to one core, nproc reports 1.
  const machine = machineInfo();
  const pinning = setUpPinning(process.env);
  log(`pinning: ${pinning.note}; the test broker and Azurite run unpinned in child processes`);
  const snapshot: DaemonSnapshot | null = process.env.BENCH_DAEMON === undefined ? snapshotDaemon() : null;
  const build = { main: snapshot?.main ?? daemonMain, digest: snapshot?.digest ?? null, gitHead: gitHead() };
  log(`daemon: ${build.main}${build.digest === null ? '' : ` (build ${build.digest})`}`);
  const app = new PushApp();
  const startedAt = new Date();
  let reports: ScenarioReport[];
  try {
    const appOrigin = await app.listen();
    const env = await startEventHubsEnv(hubs);
    try {
      reports = await runScenarios({ settings, pinning, app, appOrigin, daemonMain: build.main, log, env });
    } finally {
      await env.stop();
    }
  } finally {
    await app.close();
    snapshot?.remove();
  }
  const only = settings.only === null ? null : [...settings.only];
  const file = writeResults('eventhubs-', startedAt, {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    build,
    settings: { ...settings, only, tcpNoDelayPreload: process.env.BENCH_EH_NODELAY === '1' },
    pinning,
    machine,
    reports: reports.map(withMedians),
  });
  const notes = [`Pinning: ${pinning.note}; test broker and Azurite unpinned.`, ...(process.env.BENCH_EH_NODELAY === '1' ? ['BENCH_EH_NODELAY: daemon with TCP_NODELAY preload (diagnostic).'] : []), `Runs per scenario: ${settings.runs}${settings.quick ? ' (BENCH_QUICK: short runs, not for the record)' : ''}.`];
  console.log(`\n${markdownTable(reports)}\n\n${notes.join(' ')}\nRaw figures: ${file}`);
  return reports.some((r) => r.error !== undefined) ? 1 : 0;
}

runMain(main);
