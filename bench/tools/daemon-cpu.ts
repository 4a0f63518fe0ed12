/**
 * Daemon CPU per operation for the embedded broker's hot paths, through the real APIs: the
 * daemon (pinned as in the bench, gRPC bench config) is driven by one load at a time, and its
 * CPU time (utime + stime from /proc, every thread) over the measured window is divided by the
 * operations done. On a shared machine this moves far less than the rates do. With
 * BENCH_SQLITE_COUNT=1 the daemon also counts its SQLite statements per window (COMMITs, claims,
 * acks). Usage (after `npm run build`):
 *   node dist/bench/tools/daemon-cpu.js <consume|publish-grpc|publish-http|command-http|push|publish-1k|command-1k>[,...] [n=20000] [rounds=1]
 * consume: N commands pre-loaded over HTTP, then one Consume stream (max_in_flight 256) acking
 *   each delivery as it arrives (as bench/scenarios/grpc-consume.ts does); ops = deliveries.
 * publish-grpc / publish-http / command-http: 32 concurrent calls, closed loop, N calls.
 * push: the bench config (bench/scenarios/context.ts); after a 3 s warm-up, publishes at 1,000/s
 *   (open loop, for N ms) to the topic with the push subscription, until the app got them all;
 *   ops = messages pushed.
 * publish-1k / command-1k: the push scenario's load and config, to the topic with no
 *   subscription or to the queue nothing consumes: what a push costs beyond storing it.
 * BENCH_DAEMON=<main.js> measures another build (e.g. a copy of the baseline's dist/).
 * BENCH_CPU_PROF=1 runs the daemon under --cpu-prof and summarises the measured window.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientDuplexStream } from '@grpc/grpc-js';
import { closedLoop } from '../lib/closed-loop.js';
import { startDaemon, type RunningDaemon } from '../lib/daemon.js';
import { grpcClients, grpcClosedLoop, unaryCall, type GrpcClients, type Message } from '../lib/grpc-client.js';
import { summariseProfile } from '../lib/cpu-profile.js';
import { cpuSeconds, grpcAddressOf } from '../lib/grpc-harness.js';
import { filterProfile, inclusiveTimes } from '../lib/grpc-profile.js';
import type { LoadResult } from '../lib/load-types.js';
import { openLoop } from '../lib/open-loop.js';
import { jsonOfSize, timestampedBody } from '../lib/payloads.js';
import { setUpPinning } from '../lib/pinning.js';
import { PushApp } from '../lib/push-app.js';
import { benchConfig } from '../scenarios/context.js';
import { grpcBenchConfig, preloadCommands, topic } from '../scenarios/grpc-common.js';

const [list = 'consume,publish-grpc,publish-http', nText = '20000', roundsText = '1'] = process.argv.slice(2);
const n = Number(nText);
const rounds = Number(roundsText);
const counting = process.env.BENCH_SQLITE_COUNT === '1';
const profiling = process.env.BENCH_CPU_PROF === '1';
const preload = fileURLToPath(new URL('./sqlite-count-preload.js', import.meta.url));

const publishData = Buffer.from(jsonOfSize(1_024, { type: 'OrderCreated', orderId: 'o-123456', customer: 'c-42' }));
const publishHeaders = { 'content-type': 'application/json', 'ce-type': 'OrderCreated' };

interface Window {
  startNs: bigint;
  endNs: bigint;
  ops: number;
  wallMs: number;
  cpuS: number;
  counts: Array<{ sql: string; calls: number; ms: number; medianUs: number }> | null;
  note: string;
}

async function sqliteCounts(daemon: RunningDaemon): Promise<Window['counts']> {
  if (!counting) return null;
  process.kill(daemon.pid, 'SIGUSR2');
  for (let i = 0; i < 100; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const line = daemon.recentOutput().split('\n').findLast((l) => l.startsWith('sqlite-counts '));
    if (line !== undefined && !seen.has(line)) {
      seen.add(line);
      return JSON.parse(line.slice('sqlite-counts '.length)) as Window['counts'];
    }
  }
  return null;
}
const seen = new Set<string>();

async function window(daemon: RunningDaemon, work: () => Promise<{ ops: number; note: string }>): Promise<Window> {
  await sqliteCounts(daemon);
  const cpu0 = cpuSeconds(daemon.pid) ?? 0;
  const startNs = process.hrtime.bigint();
  const { ops, note } = await work();
  const endNs = process.hrtime.bigint();
  const wallMs = Number(endNs - startNs) / 1e6;
  const cpuS = (cpuSeconds(daemon.pid) ?? 0) - cpu0;
  return { startNs, endNs, ops, wallMs, cpuS, counts: await sqliteCounts(daemon), note };
}

function loadNote(result: LoadResult): string {
  return `ok ${result.ok}, p50 ${result.latency.p50Us} µs, outcomes ${JSON.stringify(result.outcomes)}`;
}

async function consume(clients: GrpcClients, queue: string, want: number): Promise<{ ops: number; note: string }> {
  const call = clients.consume.Consume() as ClientDuplexStream<Record<string, unknown>, Message>;
  let delivered = 0;
  let failures = 0;
  const ended = new Promise<void>((resolve) => call.on('status', () => resolve()));
  call.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Consume: ${delivered} of ${want} within 300 s`)), 300_000);
    call.on('data', (message: Message) => {
      if (message.delivery) {
        delivered++;
        call.write({ ack: { tags: [message.delivery.tag] } });
        if (delivered === want) {
          clearTimeout(timer);
          resolve();
        }
      } else if (message.settleFailed) failures++;
    });
    call.write({ subscribe: { queue, maxInFlight: 256 } });
  });
  // Let the last acks land before ending the stream (the end releases whatever is unsettled).
  await new Promise((resolve) => setTimeout(resolve, 300));
  call.end();
  await ended;
  return { ops: delivered, note: `settle failures ${failures}` };
}

const app = new PushApp();
app.beginRun('cpu');
const appOrigin = await app.listen();

/** The push scenario's load: 1 KiB timestamped bodies POSTed to `path` at 1,000/s, open loop. */
function atThousandPerSecond(daemon: RunningDaemon, path: string): (durationMs: number, run: string) => Promise<LoadResult> {
  return (durationMs, run) =>
    openLoop({
      origin: daemon.origin,
      rate: 1_000,
      connections: 16,
      durationMs,
      make: (i, t) => ({ path, headers: { 'content-type': 'application/json' }, body: timestampedBody(1_024, run, i, t) }),
    });
}

async function scenario(name: string, daemon: RunningDaemon, clients: GrpcClients): Promise<Window> {
  const closed = (path: string, body: Buffer): Promise<LoadResult> =>
    closedLoop({ origin: daemon.origin, workers: 32, durationMs: 600_000, maxRequests: n, make: () => ({ path, headers: publishHeaders, body }) });
  switch (name) {
    case 'consume': {
      const queue = 'work-grpc';
      await preloadCommands(daemon.origin, queue, n, 256);
      return window(daemon, () => consume(clients, queue, n));
    }
    case 'publish-grpc': {
      const event = { type: 'OrderCreated', dataContentType: 'application/json', data: publishData };
      await grpcClosedLoop({ workers: 32, durationMs: 60_000, maxRequests: 2_000, call: () => unaryCall(clients.publish, 'Publish', { topic, event }) });
      return window(daemon, async () => {
        const r = await grpcClosedLoop({ workers: 32, durationMs: 600_000, maxRequests: n, call: () => unaryCall(clients.publish, 'Publish', { topic, event }) });
        return { ops: r.ok, note: loadNote(r) };
      });
    }
    case 'publish-http':
      await closed(`/v1/publish/${topic}`, publishData);
      return window(daemon, async () => {
        const r = await closed(`/v1/publish/${topic}`, publishData);
        return { ops: r.ok, note: loadNote(r) };
      });
    case 'command-http': {
      const body = Buffer.from(jsonOfSize(256, { job: 'resize' }));
      await closed('/v1/command/work-http', body);
      return window(daemon, async () => {
        const r = await closed('/v1/command/work-http', body);
        return { ops: r.ok, note: loadNote(r) };
      });
    }
    case 'publish-1k':
    case 'command-1k': {
      const sendFor = atThousandPerSecond(daemon, name === 'publish-1k' ? '/v1/publish/audit' : '/v1/command/jobs');
      await sendFor(3_000, 'warm-up');
      return window(daemon, async () => {
        const r = await sendFor(n, 'cpu');
        return { ops: r.ok, note: loadNote(r) };
      });
    }
    case 'push': {
      const pushFor = atThousandPerSecond(daemon, '/v1/publish/orders');
      // A cold daemon's first seconds (compiling, growing its heap) would be most of the window.
      await pushFor(3_000, 'warm-up');
      await app.waitQuiet(300, 30_000);
      return window(daemon, async () => {
        app.beginRun('cpu');
        const before = app.total;
        const r = await pushFor(n, 'cpu');
        await app.waitQuiet(300, 30_000);
        return { ops: app.total - before, note: `published ${r.ok}, pushed ${app.total - before}, push p50 ${app.latency.summary().p50Us} µs` };
      });
    }
    default:
      throw new Error(`unknown scenario '${name}' (consume, publish-grpc, publish-http, command-http, push, publish-1k, command-1k)`);
  }
}

const pinning = setUpPinning(process.env);
for (let round = 0; round < rounds; round++) {
  for (const name of list.split(',')) {
    const profDir = profiling ? mkdtempSync(join(tmpdir(), 'outrigger-cpu-')) : null;
    const nodeArgs = [...(counting ? ['--import', preload] : []), ...(profDir === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${profDir}`])];
    let measured: Window | undefined;
    const configYaml = ['push', 'publish-1k', 'command-1k'].includes(name) ? benchConfig(appOrigin) : grpcBenchConfig();
    const { daemon } = await startDaemon({ configYaml, core: pinning.serverCore, nodeArgs, readyTimeoutMs: 30_000 });
    const clients = grpcClients(grpcAddressOf(daemon));
    try {
      const w = await scenario(name, daemon, clients);
      measured = w;
      const perOp = (w.cpuS * 1e6) / Math.max(1, w.ops);
      console.log(
        `${name.padEnd(13)} ${String(w.ops).padStart(6)} ops  daemon CPU ${perOp.toFixed(0).padStart(4)} µs/op  ` +
          `${Math.round((w.ops / w.wallMs) * 1000)}/s  cores ${(w.cpuS / (w.wallMs / 1000)).toFixed(2)}  ${w.note}`,
      );
      if (w.counts !== null) {
        const rows = [...w.counts].sort((a, b) => b.ms - a.ms).slice(0, 12);
        for (const row of rows) console.log(`    ${String(row.calls).padStart(7)} calls ${(row.calls / Math.max(1, w.ops)).toFixed(2).padStart(6)}/op ${row.ms.toFixed(0).padStart(6)} ms  median ${String(row.medianUs).padStart(4)} µs  ${row.sql}`);
      }
    } finally {
      clients.close();
      await daemon.stop(30_000);
    }
    const file = profDir === null ? undefined : readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (profDir !== null && file !== undefined && measured !== undefined) {
      const target = join(profDir, 'window.cpuprofile');
      filterProfile(join(profDir, file), [[measured.startNs, measured.endNs]], target);
      console.log(`${summariseProfile(target, 30)}\n\n${inclusiveTimes(target, 40)}\nprofile: ${target}`);
    }
  }
}
await app.close();
