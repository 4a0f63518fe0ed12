/**
 * Azure Storage Queues throughput (issue 12): Outrigger against the @azure/storage-queue SDK used
 * directly, against one Azurite queue service (in memory, its own process) started here, in one run.
 *   npm run build && node dist/bench/run-storage-queue.js
 * Env: BENCH_QUICK=1 (short runs, never a record), BENCH_RECORD=1 (write to bench/results/),
 * BENCH_SQ_WORKERS (concurrency, default 32), BENCH_SQ_SECONDS (one send window, default 10),
 * BENCH_SQ_ROUNDS (send windows per path, default 3: each round on a fresh Azurite, daemon and
 * forwarder, 3 s of unmeasured warm-up per window, the order of the paths rotating each round),
 * BENCH_SQ_MESSAGES (receive backlog, default 2000: Azurite's receive slows with the messages it holds),
 * BENCH_SQ_PROFILE_DIR (write a CPU profile of the daemon there), BENCH_SQ_ONLY=send (send only).
 *
 * - send: W callers, each sending its next message when the last was stored. Direct:
 *   `queueClient.sendMessage(text)`, the text being exactly what the driver writes for the same
 *   message (its Base64 CloudEvents envelope), so Azurite stores the same bytes on both paths.
 *   Outrigger: HTTP POST /v1/command/{queue} (nothing consumes that queue). Between the two, the
 *   floor of any Node.js sidecar: the same POSTs to a bare forwarder (scenarios/storage-queue-
 *   forwarder.ts: node:http, the envelope, sendMessage, 202), so the gap splits into the HTTP hop
 *   (SDK -> forwarder) and Outrigger's own code (forwarder -> Outrigger). Rate (all windows of a
 *   path together, and per window) and the per-call latency (p50, p99), start of the call to its
 *   answer. Each window starts on an empty store.
 * - receive + delete: a backlog of N messages (written by the driver in-process just before its
 *   consumer starts, every other queue empty), then a consumer with W in flight. Direct: the SDK loop of
 *   the same shape as the daemon's pump: `receiveMessages({ numberOfMessages: free slots, at most
 *   32 })`, each message handled (no-op) and deleted with `deleteMessage`, the next receive issued
 *   as soon as a slot is free. Outrigger: push delivery: the daemon receives, POSTs each message to
 *   an HTTP app in the bench process (answers 204) and deletes it. Rate from the first message
 *   handled to the Nth deleted (the SDK loops count their deletes; Outrigger's queue is polled
 *   until empty, so redeliveries are not counted as progress). A second SDK loop, the plainest
 *   one: receive 32, delete them all, receive again (lib/storage-queue-drain.ts has both). The
 *   ratio is taken against the faster of the two SDK loops.
 * Beside each rate: CPU µs per message of each process (daemon or forwarder, bench, Azurite),
 * from /proc, and the load average before and after (other work on the machine skews it all).
 * Ratio = Outrigger / direct (target at least 0.8). Figures go to
 * bench/results/runs/storage-queue-<time>.json (git-ignored; bench/results/ with BENCH_RECORD=1),
 * with the machine and the git HEAD. No pinning: three processes share the two cores.
 */
import { Agent } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { QueueServiceClient } from '@azure/storage-queue';
import { createStorageQueueDriver } from '../src/drivers/azure-storage-queue/index.js';
import { encodeText, toEnvelope } from '../src/drivers/azure-storage-queue/envelope.js';
import type { OutboundMessage } from '../src/drivers/contract.js';
import { startAzuriteQueue, type RunningAzuriteQueue } from '../test/infra/helpers/azurite.js';
import { startDaemon, type RunningDaemon } from './lib/daemon.js';
import { machineInfo } from './lib/machine.js';
import { cpuMeter, cpuSummary, rateOf, round2, type CpuMeter } from './lib/message-rate.js';
import { resultsDir } from './lib/paths.js';
import { PushApp } from './lib/push-app.js';
import { gitHead, writeResults } from './lib/results-file.js';
import { startServerProcess } from './lib/server-process.js';
import { directDrain, directDrainBatches } from './lib/storage-queue-drain.js';
import { httpPost, SendPath, type SendResult } from './lib/storage-queue-send.js';

const quick = process.env.BENCH_QUICK === '1';
if (quick && process.env.BENCH_RECORD === '1') throw new Error('BENCH_RECORD=1 is refused with BENCH_QUICK=1: a quick run is never a record');
const workers = Number(process.env.BENCH_SQ_WORKERS ?? 32);
const seconds = Number(process.env.BENCH_SQ_SECONDS ?? (quick ? 3 : 10));
const rounds = Number(process.env.BENCH_SQ_ROUNDS ?? (quick ? 1 : 3));
const backlog = Number(process.env.BENCH_SQ_MESSAGES ?? (quick ? 500 : 2000));
const pad = 'x'.repeat(200);
const sendOnly = process.env.BENCH_SQ_ONLY === 'send';
const forwarderMain = fileURLToPath(new URL('scenarios/storage-queue-forwarder.js', import.meta.url));

const queues = {
  sendDirect: 'bench-send-direct',
  sendFloor: 'bench-send-floor',
  sendOutrigger: 'bench-send-outrigger',
  drainDirect: 'bench-drain-direct',
  drainDirectBatch: 'bench-drain-direct-batch',
  drainOutrigger: 'bench-drain-outrigger',
};

function log(message: string): void {
  process.stderr.write(`[bench-sq ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function body(run: string): string {
  return `{"run":"${run}","pad":"${pad}"}`;
}

function outbound(run: string, n: number): OutboundMessage {
  return {
    id: `${run}-${n}`,
    headers: { 'content-type': 'application/json', 'ce-type': 'Bench', 'ce-source': 'bench', 'ce-specversion': '1.0' },
    data: new TextEncoder().encode(body(run)),
  };
}


interface Run {
  azurite: RunningAzuriteQueue;
  service: QueueServiceClient;
  run: string;
  results: Record<string, unknown>;
  cpu: Record<string, Record<string, number>>;
  directMeter: CpuMeter;
}

/** Receive + delete: each backlog written by the driver just before its consumer starts. */
async function measureDrain(ctx: Run, app: PushApp, startOutrigger: StartOutrigger): Promise<RunningDaemon> {
  const { azurite, service, results, cpu, directMeter } = ctx;
  // Every other queue is empty while a backlog is drained: Azurite's receive costs grow with all
  // the messages it holds, in any queue.
  const loader = await createStorageQueueDriver({ name: 'load', settings: { connectionString: azurite.connectionString }, dataDir: '.' });
  await loader.connect();
  const load = async (queue: string): Promise<void> => {
    log(`loading a backlog of ${backlog} into ${queue}`);
    let next = 0;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (next < backlog) await loader.queues.send(queue, [outbound(ctx.run, next++)]);
      }),
    );
  };
  await load(queues.drainDirect);
  log('receive + delete: SDK directly');
  const direct = await directDrain(service.getQueueClient(queues.drainDirect), directMeter, { workers, backlog, log });
  if (direct.reached < backlog) log(`direct drain reached only ${direct.reached} of ${backlog}`);
  results.drainDirect = Math.round(direct.rate);
  cpu.drainDirect = direct.cpuUsPerMessage;
  await load(queues.drainDirectBatch);
  log('receive + delete: SDK directly, receive 32 then delete them all');
  const directBatches = await directDrainBatches(service.getQueueClient(queues.drainDirectBatch), directMeter, { workers, backlog, log });
  if (directBatches.reached < backlog) log(`direct batch drain reached only ${directBatches.reached} of ${backlog}`);
  results.drainDirectBatches = Math.round(directBatches.rate);
  cpu.drainDirectBatches = directBatches.cpuUsPerMessage;
  await load(queues.drainOutrigger);
  await loader.close();

  log('receive + delete: through Outrigger (push to an HTTP app, deleted on 204)');
  const daemon = await startOutrigger(queues.drainOutrigger);
  // Done when the queue is empty: every message deleted, as the SDK loops count (a count of
  // pushes would also count redeliveries).
  const drained = service.getQueueClient(queues.drainOutrigger);
  let left = backlog;
  const poll = setInterval(() => {
    void drained.getProperties().then((p) => (left = p.approximateMessagesCount ?? left), () => undefined);
  }, 100);
  const viaOutrigger = await rateOf(() => (app.total === 0 ? 0 : backlog - left), backlog, 300_000, cpuMeter({ daemon: daemon.pid, bench: process.pid, azurite: azurite.pid }));
  clearInterval(poll);
  if (viaOutrigger.reached < backlog) log(`outrigger drain reached only ${viaOutrigger.reached} of ${backlog}`);
  results.drainOutrigger = Math.round(viaOutrigger.rate);
  results.drainOutriggerPushes = app.total;
  cpu.drainOutrigger = viaOutrigger.cpuUsPerMessage;
  results.drainRatio = round2(viaOutrigger.rate / Math.max(direct.rate, directBatches.rate));
  return daemon;
}

/**
 * One round of send: the SDK alone, the bare forwarder (the floor of any Node sidecar) and
 * Outrigger, one window each, on the round's own Azurite, daemon and forwarder, the order rotating
 * from round to round, so a change in the machine's other load falls on all three alike.
 */
async function sendRound(ctx: Run, daemon: RunningDaemon, paths: SendPath[], round: number): Promise<void> {
  const { azurite, service, directMeter } = ctx;
  // The exact text the driver writes for one such message, so all paths store the same bytes.
  const text = encodeText(toEnvelope(outbound(ctx.run, 0)), 'base64');
  const payload = body(ctx.run);
  const agent = new Agent({ keepAlive: true, maxSockets: workers });
  const clear = (queue: string) => async (): Promise<void> => {
    await service.getQueueClient(queue).clearMessages();
  };
  const forwarder = await startServerProcess(null, forwarderMain, [azurite.connectionString, queues.sendFloor], 'storage queue forwarder');
  const sender = service.getQueueClient(queues.sendDirect);
  const windows = [
    () => paths[0]!.window(() => sender.sendMessage(text).then(() => 'ok'), directMeter, clear(queues.sendDirect)),
    () => paths[1]!.window(() => httpPost(`${forwarder.origin}/v1/command/${queues.sendFloor}`, agent, payload), cpuMeter({ forwarder: forwarder.pid, bench: process.pid, azurite: azurite.pid }), clear(queues.sendFloor)),
    () => paths[2]!.window(() => httpPost(`${daemon.origin}/v1/command/${queues.sendOutrigger}`, agent, payload), cpuMeter({ daemon: daemon.pid, bench: process.pid, azurite: azurite.pid }), clear(queues.sendOutrigger)),
  ];
  try {
    for (let i = 0; i < windows.length; i++) {
      const at = (round + i) % windows.length;
      log(`send, round ${round + 1} of ${rounds}: ${paths[at]!.name}`);
      await windows[at]!();
    }
  } finally {
    agent.destroy();
    await forwarder.stop();
  }
}

function sendResults(paths: SendPath[], results: Record<string, unknown>, cpu: Record<string, Record<string, number>>): void {
  const [sendDirect, sendFloor, sendOutrigger] = paths.map((path) => path.result()) as [SendResult, SendResult, SendResult];
  const windowRatios = (of: SendResult): number[] => of.windowRates.map((rate, i) => round2(rate / sendDirect.windowRates[i]!));
  Object.assign(results, {
    sendDirect,
    sendFloor,
    sendOutrigger,
    sendRatio: round2(sendOutrigger.rate / sendDirect.rate),
    sendRatioPerRound: windowRatios(sendOutrigger),
    sendFloorRatio: round2(sendFloor.rate / sendDirect.rate),
    sendFloorRatioPerRound: windowRatios(sendFloor),
  });
  Object.assign(cpu, { sendDirect: sendDirect.cpuUsPerMessage, sendFloor: sendFloor.cpuUsPerMessage, sendOutrigger: sendOutrigger.cpuUsPerMessage });
}

type StartOutrigger = (drainQueue?: string) => Promise<RunningDaemon>;

async function main(): Promise<void> {
  const outDir = resultsDir(process.env);
  log(`workers ${workers}, send ${seconds} s x ${rounds}, receive backlog ${backlog}, ${sendOnly ? 'send only, ' : ''}${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)}`);
  const app = new PushApp();
  const appUrl = await app.listen();
  const run = `sq-${Date.now()}`;
  const results: Record<string, unknown> = {};
  const cpu: Record<string, Record<string, number>> = {};
  // The drain and each round of send get an Azurite of their own: Azurite runs a clean-up pass over
  // its store every 60 s, and with one instance for everything, later send windows stalled for a
  // minute or more, and twice Azurite spun for minutes and the run hung.
  const onFreshAzurite = async (measure: (ctx: Run, startOutrigger: StartOutrigger) => Promise<void>): Promise<void> => {
    const azurite = await startAzuriteQueue();
    try {
      const service = QueueServiceClient.fromConnectionString(azurite.connectionString);
      for (const queue of Object.values(queues)) await service.getQueueClient(queue).createIfNotExists();
      const ctx: Run = { azurite, service, run, results, cpu, directMeter: cpuMeter({ bench: process.pid, azurite: azurite.pid }) };
      await measure(ctx, async (drainQueue) => {
        const config = [
          `app: { id: bench-sq, url: "${appUrl}" }`,
          `brokers: { store: { driver: azure-storage-queue, connectionString: "${azurite.connectionString}" } }`,
          'queues:',
          `  ${queues.sendOutrigger}: { broker: store, maxDeliveries: 5, lease: 60s }`,
          ...(drainQueue === undefined ? [] : [`  ${drainQueue}: { broker: store, maxDeliveries: 5, lease: 60s }`, 'subscriptions:', `  - { name: drain, from: { queue: ${drainQueue} }, deliver: /push, concurrency: ${workers} }`]),
          '',
        ].join('\n');
        // BENCH_SQ_PROFILE_DIR: a V8 CPU profile of the daemon, written there on exit.
        const profileDir = process.env.BENCH_SQ_PROFILE_DIR;
        return (await startDaemon({ configYaml: config, nodeArgs: profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] })).daemon;
      });
    } finally {
      await azurite.stop();
    }
  };
  const loadBefore = loadavg()[0];
  try {
    if (!sendOnly) await onFreshAzurite(async (ctx, startOutrigger) => (await measureDrain(ctx, app, startOutrigger)).stop().then(() => undefined));
    const load = { workers, seconds, warmupSeconds: quick ? 1 : 3 };
    const paths = ['SDK directly, one message per call', 'bare forwarder (node:http + the envelope + sendMessage)', 'through Outrigger (HTTP POST /v1/command)'].map((name) => new SendPath(name, load));
    for (let round = 0; round < rounds; round++) {
      await onFreshAzurite(async (ctx, startOutrigger) => {
        const daemon = await startOutrigger();
        try {
          await sendRound(ctx, daemon, paths, round);
        } finally {
          await daemon.stop();
        }
      });
    }
    sendResults(paths, results, cpu);
  } finally {
    await app.close();
  }
  const load = { before: loadBefore, after: loadavg()[0] };
  const record = { at: new Date().toISOString(), workers, seconds, rounds, backlog, sendOnly, cores: cpus().length, loadAverage1m: load, quick, push: 'HTTP POST to an app in the bench process, deleted on 204', results, cpuUsPerMessage: cpu, gitHead: gitHead(), machine: machineInfo() };
  const file = writeResults(outDir, 'storage-queue-', new Date(record.at), record);
  process.stdout.write(`${table(results, cpu)}\nload average (1 min): ${load.before?.toFixed(2)} before, ${load.after?.toFixed(2)} after\nwritten to ${file}\n`);
}

function table(results: Record<string, unknown>, cpu: Record<string, Record<string, number>>): string {
  const send = (key: string): SendResult => results[key] as SendResult;
  const ms = (us: number): string => (us / 1000).toFixed(1);
  const rate = (r: SendResult): string => `${Math.round(r.rate)} (p50 ${ms(r.latency.p50Us)} / p99 ${ms(r.latency.p99Us)} ms)`;
  const cpuOf = (scenario: string): string => cpuSummary(cpu, scenario);
  const rows = [
    '| scenario | SDK directly (msg/s) | through HTTP (msg/s) | ratio (target >= 0.8) | CPU µs/message, SDK directly | CPU µs/message, through HTTP |',
    '|---|---|---|---|---|---|',
    `| send, ${workers} callers, one message each: Outrigger | ${rate(send('sendDirect'))} | ${rate(send('sendOutrigger'))} | ${results.sendRatio as number} (rounds ${(results.sendRatioPerRound as number[]).join(', ')}) | ${cpuOf('sendDirect')} | ${cpuOf('sendOutrigger')} |`,
    `| send: bare forwarder (floor of a Node sidecar) | | ${rate(send('sendFloor'))} | ${results.sendFloorRatio as number} (rounds ${(results.sendFloorRatioPerRound as number[]).join(', ')}) | | ${cpuOf('sendFloor')} |`,
  ];
  if (results.drainOutrigger !== undefined) {
    rows.push(
      `| receive + delete, ${backlog} backlog, ${workers} in flight (Outrigger: push over HTTP; SDK: receive for free slots) | ${results.drainDirect as number} | ${results.drainOutrigger as number} | ${round2((results.drainOutrigger as number) / (results.drainDirect as number))} | ${cpuOf('drainDirect')} | ${cpuOf('drainOutrigger')} |`,
      `| receive + delete (SDK: receive 32, delete all, repeat) | ${results.drainDirectBatches as number} | ${results.drainOutrigger as number} | ${round2((results.drainOutrigger as number) / (results.drainDirectBatches as number))} | ${cpuOf('drainDirectBatches')} | ${cpuOf('drainOutrigger')} |`,
      `| receive + delete: ratio against the faster SDK loop | | | ${results.drainRatio as number} | | |`,
    );
  }
  const outcomes = ['sendDirect', 'sendFloor', 'sendOutrigger'].map((key) => `${key} ${JSON.stringify(send(key).outcomes)}`).join(', ');
  rows.push('', `outcomes: ${outcomes}${results.drainOutriggerPushes === undefined ? '' : `; pushes to the app for ${backlog} messages: ${results.drainOutriggerPushes as number}`}`);
  return rows.join('\n');
}

await main();
