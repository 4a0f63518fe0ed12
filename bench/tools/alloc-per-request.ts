/**
 * Bytes allocated per request on the daemon's hot paths (issue 18, latency tails: every byte is
 * young-generation GC work). Starts the daemon with alloc-probe-preload.ts, pinned and configured
 * as in the bench, and drives each target open loop at 1,000 req/s (1 KiB JSON, 16 connections):
 *   idle (no load: what timers and pumps allocate anyway), publish (stored topic), publishNoSub,
 *   command, push (publish to the topic with a push subscription, counted until the app has all);
 *   on request, query (POST 1 KiB to the query target server of bench/scenarios/query-common.ts
 *   through /v1/query/t/items/42, answered with 1 KiB; the target's own allocation is not counted).
 * For each window it prints bytes per request (net of the idle rate), scavenges and CPU per
 * request, and the top allocating sites (the nearest frame in dist/src, and the leaf frame).
 * A figure per request holds up on a loaded machine far better than a latency does.
 * Usage (after `npm run build`, under `flock /work/bench.lock`):
 *   node dist/bench/tools/alloc-per-request.js [seconds=5] [targets=idle,publish,publishNoSub,command,push]
 * BENCH_DAEMON_ARGS adds node flags to the daemon; ALLOC_PROBE_INTERVAL sets the sampling interval
 * in bytes (default 1024); ALLOC_PROBE_TOP the number of sites (default 30); ALLOC_SITES=0 hides them.
 */
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { startDaemon, type RunningDaemon } from '../lib/daemon.js';
import { openLoop } from '../lib/open-loop.js';
import { jsonOfSize, timestampedBody } from '../lib/payloads.js';
import { setUpPinning } from '../lib/pinning.js';
import { PushApp } from '../lib/push-app.js';
import { benchConfig } from '../scenarios/context.js';
import { queryBody, queryHeaders, startTarget } from '../scenarios/query-common.js';

const [secondsText = '5', targetList = 'idle,publish,publishNoSub,command,push'] = process.argv.slice(2);
const durationMs = Number(secondsText) * 1_000;
const extraArgs = (process.env.BENCH_DAEMON_ARGS ?? '').split(' ').filter((a) => a !== '');
const preload = fileURLToPath(new URL('./alloc-probe-preload.js', import.meta.url));
const showSites = process.env.ALLOC_SITES !== '0';

const rate = 1_000;
const connections = 16;
const body = Buffer.from(jsonOfSize(1_024, { type: 'OrderCreated', orderId: 'o-123456', customer: 'c-42' }));
const headers = { 'content-type': 'application/json' };
const paths: Record<string, string> = { publish: '/v1/publish/ledger', publishNoSub: '/v1/publish/audit', command: '/v1/command/jobs' };

interface Report {
  bytes: number;
  gc: { scavenges: number; scavengeMs: number; other: number; otherMs: number };
  cpuMs: number;
  leaf: Array<[string, number]>;
  ours: Array<[string, number]>;
}

const pinning = setUpPinning(process.env);
const spinUs = pinning.enabled ? 1_500 : 0;
const app = new PushApp();
const appOrigin = await app.listen();
const queryTarget = targetList.split(',').includes('query') ? await startTarget(pinning.serverCore) : null;
const configYaml = `${benchConfig(appOrigin)}${queryTarget === null ? '' : `targets:\n  t: { url: ${queryTarget.origin} }\n`}`;
const { daemon } = await startDaemon({ configYaml, core: pinning.serverCore, nodeArgs: ['--import', preload, ...extraArgs], readyTimeoutMs: 30_000 });

const seen = new Set<string>();
async function probe(d: RunningDaemon): Promise<Report> {
  process.kill(d.pid, 'SIGUSR2');
  for (let i = 0; i < 500; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const line = d.recentOutput().split('\n').findLast((l) => l.startsWith('alloc-probe '));
    if (line !== undefined && !seen.has(line)) {
      seen.add(line);
      return JSON.parse(line.slice('alloc-probe '.length)) as Report;
    }
  }
  throw new Error('no alloc-probe line from the daemon');
}

async function drive(target: string, ms: number): Promise<number> {
  if (target === 'idle') {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return 0;
  }
  if (target === 'push') {
    const tag = `push-${Date.now()}`;
    app.beginRun(tag);
    const load = await openLoop({ origin: daemon.origin, rate, connections, durationMs: ms, spinUs, make: (i, scheduledNs) => ({ path: '/v1/publish/orders', headers: { ...headers, 'ce-type': 'bench.push' }, body: timestampedBody(1_024, tag, i, scheduledNs) }) });
    await app.waitFor(load.ok, 15_000);
    return load.ok;
  }
  const load = await openLoop({
    origin: daemon.origin,
    rate,
    connections,
    durationMs: ms,
    spinUs,
    make: target === 'query' ? () => ({ path: '/v1/query/t/items/42', headers: queryHeaders, body: queryBody }) : () => ({ path: paths[target]!, headers, body }),
  });
  return load.ok;
}

const kib = (bytes: number): string => (bytes / 1_024).toFixed(1);
console.log(`load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; daemon args ${JSON.stringify(extraArgs)}; ${pinning.note}`);
try {
  const targets = targetList.split(',');
  for (const target of targets) await drive(target, 2_000);
  let idleBytesPerMs = 0;
  for (const target of targets) {
    await probe(daemon);
    const started = performance.now();
    const requests = await drive(target, durationMs);
    const report = await probe(daemon);
    const elapsed = performance.now() - started;
    if (target === 'idle') {
      idleBytesPerMs = report.bytes / elapsed;
      console.log(`idle         ${kib(idleBytesPerMs * 1_000)} KiB/s allocated; scavenges ${report.gc.scavenges}; cpu ${report.cpuMs} ms in ${(elapsed / 1_000).toFixed(1)} s`);
    } else {
      const net = report.bytes - idleBytesPerMs * elapsed;
      console.log(
        `${target.padEnd(12)} ${kib(net / requests)} KiB/request (raw ${kib(report.bytes / requests)}); ` +
          `scavenges ${report.gc.scavenges} (${report.gc.scavengeMs} ms), other GC ${report.gc.other} (${report.gc.otherMs} ms); ` +
          `cpu ${((report.cpuMs * 1_000) / requests).toFixed(0)} us/request; ${requests} requests`,
      );
    }
    if (showSites && target !== 'idle') {
      console.log('  nearest Outrigger frame (KiB/request):');
      for (const [site, bytes] of report.ours.slice(0, 15)) console.log(`    ${kib(bytes / requests).padStart(6)}  ${site}`);
      console.log('  leaf frame (KiB/request):');
      for (const [site, bytes] of report.leaf) console.log(`    ${kib(bytes / requests).padStart(6)}  ${site}`);
    }
  }
} finally {
  await daemon.stop(30_000);
  await queryTarget?.stop();
  await app.close();
}
