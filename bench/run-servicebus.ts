/**
 * Service Bus throughput (issue 5, item 6): Outrigger against the @azure/service-bus SDK used
 * directly, against the same test broker (its own process), in one run.
 *   npm run build && node dist/bench/run-servicebus.js
 * Env: BENCH_QUICK=1 (short runs), BENCH_SB_WORKERS (concurrency, default 32),
 * BENCH_SB_SECONDS (publish duration, default 10), BENCH_SB_MESSAGES (push backlog, default 10000),
 * BENCH_SB_PROFILE_DIR (write CPU profiles of the daemon and the test broker there),
 * BENCH_SB_ONLY=push or publish (those scenarios only).
 *
 * - publish: W concurrent callers, each sending its next message when the last was accepted.
 *   Also batches of 100: one SDK caller sending `sendMessages(100)` back to back, and Outrigger
 *   with W callers posting 100 CloudEvents each to /v1/publish/{topic}/batch.
 *   Direct: `sender.sendMessages(one)` per call (what most hand-written code does); also one
 *   caller sending batches of 100, as the direct ceiling. Outrigger: HTTP POST /v1/command.
 * - push: a backlog of N messages, then a consumer with W in flight. Direct: `receiver.subscribe`
 *   with maxConcurrentCalls W, a no-op handler, auto-complete. Outrigger: the daemon pushes each
 *   to an HTTP app (answers 204) and completes it. Figure: messages per second from the first
 *   delivery to the Nth (start-up excluded on both sides).
 * Ratio = Outrigger / direct (target at least 0.8). Figures go to bench/results/runs/servicebus-<time>.json
 * (git-ignored; bench/results/ with BENCH_RECORD=1), with the machine and the git HEAD.
 */
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { Agent, request } from 'node:http';
import type { ClientDuplexStream } from '@grpc/grpc-js';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ServiceBusClient, type ServiceBusMessage } from '@azure/service-bus';
import { grpcClients, type Message } from './lib/grpc-client.js';
import { startDaemon } from './lib/daemon.js';
import { grpcAddressOf } from './lib/grpc-harness.js';
import { machineInfo } from './lib/machine.js';
import { cpuMeter, cpuSummary, rateOf, round2, type CpuMeter } from './lib/message-rate.js';
import { resultsDir } from './lib/paths.js';
import { PushApp } from './lib/push-app.js';
import { gitHead, writeResults } from './lib/results-file.js';

const quick = process.env.BENCH_QUICK === '1';
const workers = Number(process.env.BENCH_SB_WORKERS ?? 32);
const seconds = Number(process.env.BENCH_SB_SECONDS ?? (quick ? 3 : 10));
const backlog = Number(process.env.BENCH_SB_MESSAGES ?? (quick ? 2000 : 10_000));
const pad = 'x'.repeat(200);
/** BENCH_SB_ONLY=push or publish: those scenarios alone (for comparing two builds quickly). */
const only = process.env.BENCH_SB_ONLY;
/** BENCH_SB_PROFILE_DIR: V8 CPU profiles of the daemon and the test broker for the whole run, written there on exit. */
const profileDir = process.env.BENCH_SB_PROFILE_DIR;
const profileArgs = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];

function log(message: string): void {
  process.stderr.write(`[bench-sb ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function body(run: string): string {
  return `{"run":"${run}","sentNs":"${process.hrtime.bigint()}","pad":"${pad}"}`;
}

/** A structured-mode CloudEvents batch of `count` events, each carrying the same body. */
function batchBody(run: string, count: number): string {
  const events = Array.from({ length: count }, (_, index) => `{"specversion":"1.0","id":"${run}-${process.hrtime.bigint()}-${index}","source":"bench","type":"Bench","datacontenttype":"application/json","data":${body(run)}}`);
  return `[${events.join(',')}]`;
}

function sbMessage(run: string): ServiceBusMessage {
  return { body: Buffer.from(body(run)), contentType: 'application/json', applicationProperties: { 'ce-type': 'Bench', 'ce-source': 'bench', 'ce-specversion': '1.0' } };
}

async function startBroker(): Promise<{ connectionString: string; pid: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [...profileArgs, fileURLToPath(new URL('servicebus-broker-process.js', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`test broker exited with ${code}`)));
  });
  const { connectionString } = JSON.parse(line) as { connectionString: string };
  return {
    connectionString,
    pid: child.pid!,
    stop: async () => {
      child.stdin!.end();
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

async function preload(client: ServiceBusClient, queue: string, count: number, run: string): Promise<void> {
  const sender = client.createSender(queue);
  for (let sent = 0; sent < count; sent += 100) {
    await sender.sendMessages(Array.from({ length: Math.min(100, count - sent) }, () => sbMessage(run)));
  }
  await sender.close();
}

/**
 * CPU used by each named process between `start()` and `stop()`, in µs per message: a figure
 * that, unlike messages per second, holds up on a machine with other load (the run shares two
 * cores between the bench, the broker and the daemon).
 */


async function directPublish(client: ServiceBusClient, queue: string, run: string, meter: CpuMeter): Promise<{ rate: number; cpuUsPerMessage: Record<string, number> }> {
  const sender = client.createSender(queue);
  await sender.sendMessages(sbMessage(run));
  let sent = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  meter.start();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < end) {
        await sender.sendMessages(sbMessage(run));
        sent++;
      }
    }),
  );
  const rate = sent / ((performance.now() - started) / 1000);
  const cpuUsPerMessage = meter.stop(sent);
  await sender.close();
  return { rate, cpuUsPerMessage };
}

async function directPublishBatched(client: ServiceBusClient, entity: string, run: string, meter: CpuMeter): Promise<{ rate: number; cpuUsPerMessage: Record<string, number> }> {
  const sender = client.createSender(entity);
  let sent = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  meter.start();
  while (performance.now() < end) {
    await sender.sendMessages(Array.from({ length: 100 }, () => sbMessage(run)));
    sent += 100;
  }
  const rate = sent / ((performance.now() - started) / 1000);
  const cpuUsPerMessage = meter.stop(sent);
  await sender.close();
  return { rate, cpuUsPerMessage };
}

async function directPush(client: ServiceBusClient, queue: string, meter: CpuMeter): Promise<{ rate: number; elapsedMs: number; reached: number; cpuUsPerMessage: Record<string, number> }> {
  const receiver = client.createReceiver(queue, { receiveMode: 'peekLock', skipParsingBodyAsJson: true });
  let handled = 0;
  const subscription = receiver.subscribe(
    {
      processMessage: async () => {
        handled++;
      },
      processError: async (args) => log(`direct push error: ${args.error.message}`),
    },
    { maxConcurrentCalls: workers, autoCompleteMessages: true },
  );
  const result = await rateOf(() => handled, backlog, 120_000, meter);
  if (result.reached < backlog) log(`direct push reached only ${result.reached} of ${backlog}`);
  await subscription.close();
  await receiver.close();
  return result;
}

async function main(): Promise<void> {
  const outDir = resultsDir(process.env);
  log(`workers ${workers}, publish ${seconds} s, push backlog ${backlog}, ${cpus().length} cores`);
  const broker = await startBroker();
  const client = new ServiceBusClient(broker.connectionString);
  const app = new PushApp();
  const appUrl = await app.listen();
  const results: Record<string, number | Record<string, number>> = {};
  // CPU per message of each process; the bench process holds the SDK (direct) or the HTTP app
  // and HTTP client (through Outrigger).
  const cpu: Record<string, Record<string, number>> = {};
  const directMeter = cpuMeter({ bench: process.pid, broker: broker.pid });
  try {
    // Push first: both backlogs are loaded before either consumer exists.
    const pushing = only !== 'publish';
    const pushRun = `push-${Date.now()}`;
    let directPushRate = 0;
    if (pushing) {
      log('loading push backlogs');
      await preload(client, 'bench-push-direct', backlog, pushRun);
      await preload(client, 'bench-push-outrigger', backlog, pushRun);
      await preload(client, 'bench-push-grpc', backlog, pushRun);
      log('push: SDK directly');
      const direct = await directPush(client, 'bench-push-direct', directMeter);
      directPushRate = direct.rate;
      results.pushDirect = Math.round(direct.rate);
      cpu.pushDirect = direct.cpuUsPerMessage;
      log('push: through Outrigger');
    }
    app.beginRun(pushRun);
    const config = [
      `app: { id: bench-sb, url: "${appUrl}" }`,
      `brokers: { bus: { driver: azure-servicebus, connectionString: "${broker.connectionString}" } }`,
      'queues:',
      '  bench-publish-outrigger: { broker: bus, maxDeliveries: 5, lease: 60s }',
      '  bench-push-outrigger: { broker: bus, maxDeliveries: 5, lease: 60s }',
      '  bench-push-grpc: { broker: bus, maxDeliveries: 5, lease: 60s }',
      'topics:',
      '  bench-topic-outrigger: { broker: bus }',
      'subscriptions:',
      `  - { name: push, from: { queue: bench-push-outrigger }, deliver: /push, concurrency: ${workers} }`,
      '',
    ].join('\n');
    const { daemon } = await startDaemon({ configYaml: config, nodeArgs: profileArgs });
    // The profiles are named CPU.<time>.<pid>.cpuprofile.
    if (profileDir !== undefined) log(`profiling: daemon pid ${daemon.pid}, test broker pid ${broker.pid}`);
    const outriggerMeter = cpuMeter({ daemon: daemon.pid, bench: process.pid, broker: broker.pid });
    try {
      if (pushing) {
        const viaOutrigger = await rateOf(() => app.received, backlog, 120_000, outriggerMeter);
        results.pushOutrigger = Math.round(viaOutrigger.rate);
        cpu.pushOutrigger = viaOutrigger.cpuUsPerMessage;
        if (viaOutrigger.reached < backlog) log(`outrigger push reached only ${viaOutrigger.reached} of ${backlog}`);
        results.pushRatio = round2(viaOutrigger.rate / directPushRate);

        log('push: through Outrigger over gRPC (ConsumeService.Consume, an Ack per delivery)');
        const viaGrpc = await grpcConsume(grpcAddressOf(daemon), 'bench-push-grpc', outriggerMeter);
        results.pushOutriggerGrpc = Math.round(viaGrpc.rate);
        cpu.pushOutriggerGrpc = viaGrpc.cpuUsPerMessage;
        if (viaGrpc.reached < backlog) log(`outrigger gRPC push reached only ${viaGrpc.reached} of ${backlog}`);
        results.pushGrpcRatio = round2(viaGrpc.rate / directPushRate);
      }

      if (only !== 'push') {
        const publishRun = `publish-${Date.now()}`;
        log('publish: SDK directly, one message per call');
        const single = await directPublish(client, 'bench-publish-direct', publishRun, directMeter);
        results.publishDirect = Math.round(single.rate);
        cpu.publishDirect = single.cpuUsPerMessage;
        log('publish: SDK directly, batches of 100');
        const batched = await directPublishBatched(client, 'bench-topic-direct', publishRun, directMeter);
        results.publishDirectBatched = Math.round(batched.rate);
        cpu.publishDirectBatched = batched.cpuUsPerMessage;
        log('publish: through Outrigger (HTTP POST /v1/command)');
        const load = await httpPublish(`${daemon.origin}/v1/command/bench-publish-outrigger`, publishRun, 1, outriggerMeter);
        results.publishOutrigger = Math.round(load.rate);
        results.publishOutcomes = load.outcomes;
        cpu.publishOutrigger = load.cpuUsPerMessage;
        results.publishRatio = round2(load.rate / single.rate);
        log('publish: through Outrigger, batches of 100 (HTTP POST /v1/publish/{topic}/batch)');
        const batchLoad = await httpPublish(`${daemon.origin}/v1/publish/bench-topic-outrigger/batch`, publishRun, 100, outriggerMeter);
        results.publishOutriggerBatched = Math.round(batchLoad.rate);
        results.publishBatchedOutcomes = batchLoad.outcomes;
        cpu.publishOutriggerBatched = batchLoad.cpuUsPerMessage;
        results.publishBatchedRatio = round2(batchLoad.rate / batched.rate);
      }
    } finally {
      await daemon.stop();
    }
  } finally {
    await client.close();
    await app.close();
    await broker.stop();
  }
  const coresBusy = busyCores(cpu, results);
  const record = { at: new Date().toISOString(), workers, seconds, backlog, cores: cpus().length, quick, results, cpuUsPerMessage: cpu, coresBusy, gitHead: gitHead(), machine: machineInfo() };
  const file = writeResults(outDir, 'servicebus-', new Date(record.at), record);
  const r = results as Record<string, number>;
  const cpuOf = (scenario: string): string => cpuSummary(cpu, scenario);
  process.stdout.write(
    [
      '| scenario | SDK directly (msg/s) | Outrigger (msg/s) | ratio (target >= 0.8) | CPU µs/message, SDK directly | CPU µs/message, Outrigger |',
      '|---|---|---|---|---|---|',
      `| publish, ${workers} callers, one message each | ${r.publishDirect ?? "-"} | ${r.publishOutrigger ?? "-"} | ${r.publishRatio} | ${cpuOf('publishDirect')} | ${cpuOf('publishOutrigger')} |`,
      `| publish, batches of 100 (Outrigger: ${workers} callers) | ${r.publishDirectBatched} | ${r.publishOutriggerBatched} | ${r.publishBatchedRatio} | ${cpuOf('publishDirectBatched')} | ${cpuOf('publishOutriggerBatched')} |`,
      `| push, ${backlog} backlog, ${workers} in flight (Outrigger: HTTP POST to the app) | ${r.pushDirect} | ${r.pushOutrigger} | ${r.pushRatio} | ${cpuOf('pushDirect')} | ${cpuOf('pushOutrigger')} |`,
      `| push, ${backlog} backlog, ${workers} in flight (Outrigger: gRPC Consume) | ${r.pushDirect} | ${r.pushOutriggerGrpc} | ${r.pushGrpcRatio} | ${cpuOf('pushDirect')} | ${cpuOf('pushOutriggerGrpc')} |`,
      '',
      'Cores each process kept busy (CPU per message × rate; a single-threaded process at ~1 bounds its side):',
      ...Object.entries(coresBusy).map(([scenario, byProcess]) => `- ${scenario}: ${Object.entries(byProcess).map(([name, busy]) => `${name} ${busy}`).join(', ')}`),
      '',
      `written to ${file}`,
      '',
    ].join('\n'),
  );
}

/**
 * W workers posting back to back over kept-alive connections (node:http, so the run needs nothing
 * beyond the Node it runs on).
 */
async function httpPublish(url: string, run: string, perRequest: number, meter: CpuMeter): Promise<{ rate: number; outcomes: Record<string, number>; cpuUsPerMessage: Record<string, number> }> {
  const agent = new Agent({ keepAlive: true, maxSockets: workers });
  const outcomes: Record<string, number> = {};
  const post = (): Promise<void> =>
    new Promise((resolve) => {
      const payload = perRequest === 1 ? body(run) : batchBody(run, perRequest);
      const contentType = perRequest === 1 ? 'application/json' : 'application/cloudevents-batch+json';
      const req = request(url, { method: 'POST', agent, headers: { 'content-type': contentType, 'ce-type': 'Bench', 'content-length': Buffer.byteLength(payload) } }, (res) => {
        res.resume();
        res.on('end', () => {
          outcomes[String(res.statusCode)] = (outcomes[String(res.statusCode)] ?? 0) + 1;
          resolve();
        });
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        outcomes[`error:${err.code ?? 'unknown'}`] = (outcomes[`error:${err.code ?? 'unknown'}`] ?? 0) + 1;
        resolve();
      });
      req.end(payload);
    });
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  meter.start();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < end) await post();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const accepted = (outcomes['202'] ?? 0) * perRequest;
  const cpuUsPerMessage = meter.stop(accepted);
  agent.destroy();
  return { rate: accepted / elapsed, outcomes, cpuUsPerMessage };
}

/**
 * The share of a core each process kept busy in a scenario: its CPU per message times the
 * scenario's rate. Each process is one event loop, so one near 1 is what bounds that side's rate.
 */
function busyCores(cpu: Record<string, Record<string, number>>, results: Record<string, unknown>): Record<string, Record<string, number>> {
  const busy: Record<string, Record<string, number>> = {};
  for (const [scenario, byProcess] of Object.entries(cpu)) {
    const rate = results[scenario];
    if (typeof rate !== 'number') continue;
    busy[scenario] = Object.fromEntries(Object.entries(byProcess).map(([name, us]) => [name, round2((us * rate) / 1e6)]));
  }
  return busy;
}

/** One Consume stream with `workers` deliveries in flight, acking each as it arrives (a no-op handler, as in directPush). */
async function grpcConsume(address: string, queue: string, meter: CpuMeter): Promise<{ rate: number; reached: number; cpuUsPerMessage: Record<string, number> }> {
  const clients = grpcClients(address);
  const call = clients.consume.Consume() as ClientDuplexStream<Record<string, unknown>, Message>;
  let delivered = 0;
  call.on('error', () => undefined);
  call.on('data', (message: Message) => {
    if (message.delivery === undefined || message.delivery === null) return;
    delivered++;
    call.write({ ack: { tags: [message.delivery.tag] } });
  });
  call.write({ subscribe: { queue, maxInFlight: workers } });
  const result = await rateOf(() => delivered, backlog, 120_000, meter);
  call.end();
  clients.close();
  return result;
}


await main();
