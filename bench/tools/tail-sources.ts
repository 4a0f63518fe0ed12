/**
 * Where the latency tail at 1,000 req/s comes from (issue 18). Pinned as in the bench (generator
 * on core 0, daemon and direct baseline on core 1), the bench config (bench/scenarios/context.ts),
 * open loop 1,000 req/s over 16 connections, 1 KiB JSON, one window per target in turn:
 *   direct (the baseline node:http server), publish (stored topic), publishNoSub, command, push
 *   (publish to the topic with a push subscription; latency = arrival at the app); on request,
 *   queryDirect (POST to the query target server of bench/scenarios/query-common.ts) and query
 *   (the same through the daemon, /v1/query/t/items/42, the default policy), 1 KiB each way.
 * Beside each window's p50/p99/p99.9 it prints the generator's send lag and, from the daemon
 * (tail-probe-preload.ts): event-loop delay, loop stalls, GC pauses by kind and the WAL fdatasyncs;
 * and, per request, the context switches of the process serving the window (/proc: its main
 * thread's voluntary ones are the loop's wake-ups, each a wait for the core on a busy machine).
 * Usage (after `npm run build`, under `flock /work/bench.lock`):
 *   node dist/bench/tools/tail-sources.js [seconds=5] [rounds=1] [targets=direct,publish,publishNoSub,command,push]
 *   node dist/bench/tools/tail-sources.js 10 2 queryDirect,query
 * Every window's figures go to bench/results/runs/tails-<ISO time>.json (BENCH_RECORD=1: bench/results/).
 * BENCH_TARGET_CORE=generator pins the query target to the generator's core instead of the daemon's.
 * BENCH_DAEMON_ARGS='--max-semi-space-size=16 ...' adds node flags to the daemon (to show a flag's
 * effect); BENCH_TAIL_PROBE=0 runs the daemon without the probe (its own 1 ms timers cost a little).
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startBaseline } from '../lib/baseline.js';
import { startDaemon, type RunningDaemon } from '../lib/daemon.js';
import type { HistogramSummary } from '../lib/histogram.js';
import type { LoadResult } from '../lib/load-types.js';
import { openLoop } from '../lib/open-loop.js';
import { jsonOfSize, timestampedBody } from '../lib/payloads.js';
import { machineInfo } from '../lib/machine.js';
import { resultsDir } from '../lib/paths.js';
import { setUpPinning } from '../lib/pinning.js';
import { contextSwitches, type ContextSwitches } from '../lib/proc.js';
import { PushApp } from '../lib/push-app.js';
import { gitHead, writeResults } from '../lib/results-file.js';
import { benchConfig } from '../scenarios/context.js';
import { queryBody, queryConfig, queryHeaders, startTarget, warmUp } from '../scenarios/query-common.js';

const [secondsText = '5', roundsText = '1', targetList = 'direct,publish,publishNoSub,command,push'] = process.argv.slice(2);
const durationMs = Number(secondsText) * 1_000;
const rounds = Number(roundsText);
const probing = process.env.BENCH_TAIL_PROBE !== '0';
const extraArgs = (process.env.BENCH_DAEMON_ARGS ?? '').split(' ').filter((a) => a !== '');
const preload = fileURLToPath(new URL('./tail-probe-preload.js', import.meta.url));

const rate = 1_000;
const connections = 16;
const body = Buffer.from(jsonOfSize(1_024, { type: 'OrderCreated', orderId: 'o-123456', customer: 'c-42' }));
const headers = { 'content-type': 'application/json' };
const paths: Record<string, string> = { direct: '/v1/publish/ledger', publish: '/v1/publish/ledger', publishNoSub: '/v1/publish/audit', command: '/v1/command/jobs' };

const pinning = setUpPinning(process.env);
const spinUs = pinning.enabled ? 1_500 : 0;
const app = new PushApp();
const appOrigin = await app.listen();
const baseline = await startBaseline(pinning.serverCore);
const targets = targetList.split(',');
// The query target shares the daemon's core, as an app shares its sidecar's pod.
// BENCH_TARGET_CORE=generator puts the query target beside the generator instead of the daemon:
// in a pod the target runs elsewhere, and on one core its wake-ups preempt the daemon.
const targetCore = process.env.BENCH_TARGET_CORE === 'generator' ? pinning.generatorCore : pinning.serverCore;
const queryTarget = targets.some((t) => t.startsWith('query')) ? await startTarget(targetCore) : null;
// Query windows alone run query-latency's config (no pumps polling); mixed with others, the bench config gains the target.
const configYaml =
  queryTarget === null ? benchConfig(appOrigin) : targets.every((t) => t.startsWith('query')) ? queryConfig(queryTarget.origin) : `${benchConfig(appOrigin)}targets:\n  t: { url: ${queryTarget.origin} }\n`;
const nodeArgs = [...(probing ? ['--import', preload] : []), ...extraArgs];
const { daemon } = await startDaemon({ configYaml, core: pinning.serverCore, nodeArgs, readyTimeoutMs: 30_000 });

const seen = new Set<string>();
async function probe(d: RunningDaemon): Promise<unknown> {
  if (!probing) return null;
  process.kill(d.pid, 'SIGUSR2');
  for (let i = 0; i < 100; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const line = d.recentOutput().split('\n').findLast((l) => l.startsWith('tail-probe '));
    if (line !== undefined && !seen.has(line)) {
      seen.add(line);
      return JSON.parse(line.slice('tail-probe '.length)) as unknown;
    }
  }
  return null;
}

async function window(target: string, ms: number): Promise<{ latency: HistogramSummary; load: LoadResult }> {
  if (target === 'push') {
    const tag = `push-${Date.now()}`;
    app.beginRun(tag);
    const load = await openLoop({ origin: daemon.origin, rate, connections, durationMs: ms, spinUs, make: (i, scheduledNs) => ({ path: '/v1/publish/orders', headers: { ...headers, 'ce-type': 'bench.push' }, body: timestampedBody(1_024, tag, i, scheduledNs) }) });
    await app.waitFor(load.ok, 15_000);
    return { latency: app.latency.summary(), load };
  }
  if (target === 'queryDirect' || target === 'query') {
    const [origin, path] = target === 'query' ? [daemon.origin, '/v1/query/t/items/42'] : [queryTarget!.origin, '/items/42'];
    const load = await openLoop({ origin, rate, connections, durationMs: ms, spinUs, make: () => ({ path, headers: queryHeaders, body: queryBody }) });
    return { latency: load.latency, load };
  }
  const origin = target === 'direct' ? baseline.origin : daemon.origin;
  const load = await openLoop({ origin, rate, connections, durationMs: ms, spinUs, make: () => ({ path: paths[target]!, headers, body }) });
  return { latency: load.latency, load };
}

const ms = (us: number): string => (us / 1_000).toFixed(2);
function perRequest(before: ContextSwitches | null, after: ContextSwitches | null, requests: number): ContextSwitches | null {
  if (before === null || after === null || requests === 0) return null;
  const each = (n: number): number => Math.round((n / requests) * 1_000) / 1_000;
  return {
    mainVoluntary: each(after.mainVoluntary - before.mainVoluntary),
    mainInvoluntary: each(after.mainInvoluntary - before.mainInvoluntary),
    otherThreads: each(after.otherThreads - before.otherThreads),
  };
}
const startedAt = new Date();
const loadBefore = loadavg();
const windows: Array<{
  round: number;
  target: string;
  latency: HistogramSummary;
  sendLag: HistogramSummary;
  ok: number;
  sent: number;
  switchesPerRequest: ContextSwitches | null;
  daemon: unknown;
}> = [];
try {
  // As query-latency does: proxying settles in the JIT only after a few seconds at full speed.
  if (queryTarget !== null) await warmUp([{ origin: daemon.origin, path: '/v1/query/t/items/42' }], 5_000);
  for (const target of targets) await window(target, 2_000);
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) {
      await probe(daemon);
      const server = target === 'direct' ? baseline.pid : target === 'queryDirect' ? queryTarget!.pid : daemon.pid;
      const switchesBefore = contextSwitches(server);
      const { latency, load } = await window(target, durationMs);
      const switches = perRequest(switchesBefore, contextSwitches(server), load.ok);
      const inside = target === 'direct' || target === 'queryDirect' ? null : await probe(daemon);
      windows.push({ round, target, latency, sendLag: load.sendLag, ok: load.ok, sent: load.sent, switchesPerRequest: switches, daemon: inside });
      console.log(
        `${target.padEnd(12)} p50 ${ms(latency.p50Us)} p99 ${ms(latency.p99Us)} p99.9 ${ms(latency.p999Us)} max ${ms(latency.maxUs)} ms; ` +
          `send lag p99 ${ms(load.sendLag.p99Us)} ms; ok ${load.ok}/${load.sent}; switches per request ${JSON.stringify(switches)}` +
          `${inside === null ? '' : `\n    daemon ${JSON.stringify(inside)}`}`,
      );
    }
  }
} finally {
  await daemon.stop(30_000);
  await baseline.stop();
  await queryTarget?.stop();
  await app.close();
}
const record = { at: startedAt.toISOString(), rate, connections, seconds: durationMs / 1_000, probing, daemonArgs: extraArgs, loadavgBefore: loadBefore, loadavgAfter: loadavg(), pinning: pinning.note, windows, gitHead: gitHead(), machine: machineInfo() };
console.log(`written to ${writeResults(resultsDir(), 'tails-', startedAt, record)}`);
