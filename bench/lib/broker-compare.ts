/**
 * One comparison of a broker's own client with Outrigger on the same server, in one run (issue 15):
 * - send: W callers, one message per call, to a queue nothing consumes. Direct: the client's
 *   durable write (what the driver does for a command). Outrigger: POST /v1/command/{queue}.
 * - publish: the same to a topic whose one subscription is stored and hardly consumed (direct: one
 *   subscriber's durable copy; Outrigger: a push subscription to /slow, one at a time).
 * - publish in batches of 100: the same topic. Direct: each caller writes 100 at once and waits
 *   for all of them. Outrigger: POST /v1/publish/{topic}/batch with 100 CloudEvents.
 * - push: an open loop at a fixed rate into a queue with a consumer. Direct: the client's own
 *   consumer, acknowledging each message. Outrigger: POST /v1/command, the daemon pushing each
 *   to an HTTP app in the bench process (answers 204) and acknowledging it. Latency from the
 *   instant the send was due to the arrival, on one clock (both ends are this process).
 * Beside each figure: CPU µs per message of each process (bench, broker server, daemon).
 * Ratio = Outrigger / direct for the rates (target at least 0.8), direct p99 / Outrigger p99 for push.
 * Env: BENCH_QUICK=1 (short, never a record), BENCH_RECORD=1, BENCH_WORKERS (default 32),
 * BENCH_SECONDS (default 10), BENCH_PUSH_RATE (default 500/s), BENCH_PROFILE_DIR (a CPU profile
 * of the daemon, written there when it stops), BENCH_ONLY=send,publish,batch,push.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { closedLoopCalls, httpPoster, openLoopCalls, type CallLoopResult } from './call-loop.js';
import { startDaemon } from './daemon.js';
import { Histogram, type HistogramSummary } from './histogram.js';
import { machineInfo } from './machine.js';
import { cpuMeter, round2, type CpuMeter } from './message-rate.js';
import { repoRoot, resultsDir } from './paths.js';
import { PushApp } from './push-app.js';
import { gitHead, writeResults } from './results-file.js';

/** Entity names of one run; Outrigger's and the direct client's never overlap. */
export interface BenchNames {
  sendQueue: string;
  topic: string;
  subscription: string;
  pushQueue: string;
}

/** A message as the direct client writes it: the same body and CloudEvents attributes as the daemon's. */
export interface DirectMessage {
  body: Buffer;
  headers: Record<string, string>;
}

export interface DirectClient {
  /** One durable write to the queue, resolved once the broker accepted it. */
  send(queue: string, message: DirectMessage): Promise<void>;
  /** One durable write to the topic (its one subscription stores a copy). */
  publish(topic: string, message: DirectMessage): Promise<void>;
  /** Consumes the queue with the client's own consumer, acknowledging each message after `onMessage`. */
  consume(queue: string, onMessage: (body: Buffer) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface BrokerBench {
  /** Prefix of the results file and the log lines: 'redis', 'nats', 'rabbitmq'. */
  name: string;
  /** The process name of the broker's server, for its CPU (pgrep -x). */
  serverProcess: string;
  /** npm packages whose versions the record names. */
  packages: string[];
  /** The broker's YAML under `brokers.bench`. */
  brokerYaml(run: string): string;
  /** Creates the direct client's entities (named `names`) and connects. */
  openDirect(names: BenchNames, run: string): Promise<DirectClient>;
  /** Deletes what either side created. */
  cleanup(run: string): Promise<void>;
}

const quick = process.env.BENCH_QUICK === '1';
const workers = Number(process.env.BENCH_WORKERS ?? 32);
const seconds = Number(process.env.BENCH_SECONDS ?? (quick ? 3 : 10));
const pushRate = Number(process.env.BENCH_PUSH_RATE ?? (quick ? 200 : 500));
const only = new Set((process.env.BENCH_ONLY ?? 'send,publish,batch,push').split(','));
const batchSize = 100;
const pad = 'x'.repeat(200);
const sentPattern = /"sentNs":"(\d+)"/;

export function benchBody(run: string, sentNs: bigint): string {
  return `{"run":"${run}","sentNs":"${sentNs}","pad":"${pad}"}`;
}

/** A structured-mode CloudEvents batch carrying `count` bench bodies. */
function batchBody(run: string, count: number): string {
  const now = process.hrtime.bigint();
  const events = Array.from({ length: count }, (_, i) => `{"specversion":"1.0","id":"${run}-${now}-${i}","source":"bench","type":"Bench","datacontenttype":"application/json","data":${benchBody(run, now)}}`);
  return `[${events.join(',')}]`;
}

function directMessage(run: string, sentNs: bigint): DirectMessage {
  return {
    body: Buffer.from(benchBody(run, sentNs)),
    headers: { 'content-type': 'application/json', 'ce-type': 'Bench', 'ce-source': 'bench', 'ce-specversion': '1.0', 'ce-id': `${run}-${sentNs}` },
  };
}

function serverPid(name: string): number | undefined {
  try {
    return Number(execFileSync('pgrep', ['-o', '-x', name], { encoding: 'utf8' }).trim().split('\n')[0]);
  } catch {
    return undefined;
  }
}

function versionOf(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(`${repoRoot}node_modules/${pkg}/package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function log(bench: BrokerBench, message: string): void {
  process.stderr.write(`[bench-${bench.name} ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

interface PushResult {
  rate: number;
  delivered: number;
  sent: number;
  latency: HistogramSummary;
  sendLatency: HistogramSummary;
  outcomes: Record<string, number>;
  cpuUsPerMessage: Record<string, number>;
}

/** Open loop at pushRate; done once every accepted message arrived (or 30 s after the last send). */
async function pushRun(send: (sentNs: bigint) => Promise<string>, delivered: () => number, meter: CpuMeter): Promise<PushResult> {
  meter.start();
  const load = await openLoopCalls(pushRate, seconds, send);
  const deadline = Date.now() + 30_000;
  while (delivered() < load.ok && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  const arrived = delivered();
  return { rate: pushRate, delivered: arrived, sent: load.ok, latency: new Histogram().summary(), sendLatency: load.latency, outcomes: load.outcomes, cpuUsPerMessage: meter.stop(arrived) };
}

function outriggerConfig(bench: BrokerBench, run: string, names: BenchNames, appUrl: string): string {
  return [
    `app: { id: bench-${bench.name}, url: "${appUrl}" }`,
    `brokers: { bench: ${bench.brokerYaml(run)} }`,
    'defaultBroker: bench',
    'queues:',
    `  ${names.sendQueue}: { broker: bench, maxDeliveries: 5, lease: 60s }`,
    `  ${names.pushQueue}: { broker: bench, maxDeliveries: 5, lease: 60s }`,
    'topics:',
    `  ${names.topic}: { broker: bench }`,
    'subscriptions:',
    `  - { name: ${names.subscription}, from: { topic: ${names.topic} }, deliver: /slow, concurrency: 1 }`,
    `  - { name: push, from: { queue: ${names.pushQueue} }, deliver: /push, concurrency: ${workers} }`,
    '',
  ].join('\n');
}

/** Runs the three comparisons and writes `<name>-<time>.json`; prints a Markdown table. */
export async function runBrokerBench(bench: BrokerBench): Promise<void> {
  const outDir = resultsDir(process.env);
  const run = `b${Date.now().toString(36)}`;
  const names = (side: string): BenchNames => ({ sendQueue: `${run}-send-${side}`, topic: `${run}-topic-${side}`, subscription: 'stored', pushQueue: `${run}-push-${side}` });
  const loadBefore = loadavg();
  const brokerPid = serverPid(bench.serverProcess);
  const pids = (extra: Record<string, number>): Record<string, number> => ({ bench: process.pid, ...(brokerPid === undefined ? {} : { broker: brokerPid }), ...extra });
  log(bench, `workers ${workers}, ${seconds} s per rate, push at ${pushRate}/s, ${cpus().length} cores, load ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);
  const results: Record<string, CallLoopResult | PushResult> = {};
  const app = new PushApp(1_000);
  const appUrl = await app.listen();
  const direct = await bench.openDirect(names('direct'), run);
  const outrigger = names('outrigger');
  const profileDir = process.env.BENCH_PROFILE_DIR;
  let daemonStopped = false;
  const { daemon } = await startDaemon({ configYaml: outriggerConfig(bench, run, outrigger, appUrl), nodeArgs: profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`], readyTimeoutMs: 30_000 });
  // A runner that dies (an SDK's unhandled error) must not leave its daemon polling the broker
  // under the next runs: it would be load of its own in their figures.
  const killDaemon = (): void => {
    if (!daemonStopped) process.kill(daemon.pid, 'SIGKILL');
  };
  process.once('exit', killDaemon);
  const poster = httpPoster(workers);
  const directMeter = cpuMeter(pids({}));
  const outriggerMeter = cpuMeter(pids({ daemon: daemon.pid }));
  try {
    if (only.has('push')) {
      log(bench, 'push: the client directly (its own consumer)');
      const arrivals = new Histogram();
      let arrived = 0;
      const stop = await direct.consume(names('direct').pushQueue, (body) => {
        const sent = sentPattern.exec(body.toString('utf8'))?.[1];
        if (sent === undefined) return;
        arrived++;
        arrivals.recordSince(BigInt(sent), process.hrtime.bigint());
      });
      const viaDirect = await pushRun((ns) => direct.send(names('direct').pushQueue, directMessage(run, ns)).then(() => 'ok'), () => arrived, directMeter);
      results.pushDirect = { ...viaDirect, latency: arrivals.summary() };
      await stop();
      log(bench, 'push: through Outrigger (POST /v1/command, pushed over HTTP)');
      app.beginRun(run);
      const url = `${daemon.origin}/v1/command/${outrigger.pushQueue}`;
      const viaOutrigger = await pushRun((ns) => poster.post(url, benchBody(run, ns)), () => app.received, outriggerMeter);
      results.pushOutrigger = { ...viaOutrigger, latency: app.latency.summary() };
    }
    const closed = async (key: string, label: string, call: () => Promise<string>, meter: CpuMeter, perCall = 1): Promise<void> => {
      log(bench, label);
      results[key] = await closedLoopCalls(workers, seconds, call, meter, perCall);
    };
    if (only.has('send')) {
      await closed('sendDirect', 'send: the client directly', () => direct.send(names('direct').sendQueue, directMessage(run, process.hrtime.bigint())).then(() => 'ok'), directMeter);
      const url = `${daemon.origin}/v1/command/${outrigger.sendQueue}`;
      await closed('sendOutrigger', 'send: through Outrigger (POST /v1/command)', () => poster.post(url, benchBody(run, process.hrtime.bigint())), outriggerMeter);
    }
    if (only.has('publish')) {
      await closed('publishDirect', 'publish: the client directly', () => direct.publish(names('direct').topic, directMessage(run, process.hrtime.bigint())).then(() => 'ok'), directMeter);
      const url = `${daemon.origin}/v1/publish/${outrigger.topic}`;
      await closed('publishOutrigger', 'publish: through Outrigger (POST /v1/publish)', () => poster.post(url, benchBody(run, process.hrtime.bigint())), outriggerMeter);
    }
    if (only.has('batch')) {
      const many = (): Promise<string> => Promise.all(Array.from({ length: batchSize }, () => direct.publish(names('direct').topic, directMessage(run, process.hrtime.bigint())))).then(() => 'ok');
      await closed('batchDirect', `publish, ${batchSize} at once: the client directly`, many, directMeter, batchSize);
      const url = `${daemon.origin}/v1/publish/${outrigger.topic}/batch`;
      const post = (): Promise<string> => poster.post(url, batchBody(run, batchSize), { 'content-type': 'application/cloudevents-batch+json' });
      await closed('batchOutrigger', `publish, batches of ${batchSize}: through Outrigger (POST /v1/publish/{topic}/batch)`, post, outriggerMeter, batchSize);
    }
  } finally {
    poster.close();
    await daemon.stop().then(() => (daemonStopped = true));
    process.off('exit', killDaemon);
    await direct.close();
    await app.close();
    await bench.cleanup(run).catch((err: unknown) => log(bench, `cleanup failed: ${String(err)}`));
  }
  const loadAfter = loadavg();
  const record = {
    at: new Date().toISOString(),
    broker: bench.name,
    workers,
    seconds,
    pushRate,
    quick,
    daemonStopped,
    loadavgBefore: loadBefore,
    loadavgAfter: loadAfter,
    versions: Object.fromEntries(bench.packages.map((pkg) => [pkg, versionOf(pkg)])),
    results,
    ratios: ratiosOf(results),
    gitHead: gitHead(),
    machine: machineInfo(),
  };
  const file = writeResults(outDir, `${bench.name}-`, new Date(record.at), record);
  process.stdout.write(`${table(results)}\nload average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}\nwritten to ${file}\n`);
}

function ratiosOf(results: Record<string, CallLoopResult | PushResult>): Record<string, number> {
  const ratios: Record<string, number> = {};
  for (const kind of ['send', 'publish', 'batch']) {
    const d = results[`${kind}Direct`];
    const o = results[`${kind}Outrigger`];
    if (d !== undefined && o !== undefined) ratios[kind] = round2(o.rate / d.rate);
  }
  const pd = results.pushDirect;
  const po = results.pushOutrigger;
  if (pd !== undefined && po !== undefined) ratios.pushP99 = round2(pd.latency.p99Us / Math.max(1, po.latency.p99Us));
  return ratios;
}

function table(results: Record<string, CallLoopResult | PushResult>): string {
  const ms = (us: number): string => (us / 1000).toFixed(1);
  const cpu = (r: CallLoopResult | PushResult | undefined): string =>
    Object.entries(r?.cpuUsPerMessage ?? {})
      .map(([name, us]) => `${name} ${us}`)
      .join(', ');
  const ratios = ratiosOf(results);
  const rows = ['| scenario | directly | Outrigger | ratio | CPU µs/message, directly | CPU µs/message, Outrigger |', '|---|---|---|---|---|---|'];
  for (const kind of ['send', 'publish', 'batch']) {
    const d = results[`${kind}Direct`] as CallLoopResult | undefined;
    const o = results[`${kind}Outrigger`] as CallLoopResult | undefined;
    if (d === undefined || o === undefined) continue;
    const cell = (r: CallLoopResult): string => `${Math.round(r.rate)}/s (p50 ${ms(r.latency.p50Us)} / p99 ${ms(r.latency.p99Us)} ms)`;
    rows.push(`| ${kind === 'batch' ? `publish, ${batchSize} per call` : kind}, ${workers} callers | ${cell(d)} | ${cell(o)} | ${ratios[kind]} | ${cpu(d)} | ${cpu(o)} |`);
  }
  const pd = results.pushDirect as PushResult | undefined;
  const po = results.pushOutrigger as PushResult | undefined;
  if (pd !== undefined && po !== undefined) {
    const cell = (r: PushResult): string => `p50 ${ms(r.latency.p50Us)} / p99 ${ms(r.latency.p99Us)} ms (${r.delivered} of ${r.sent})`;
    rows.push(`| push at ${pushRate}/s | ${cell(pd)} | ${cell(po)} | ${ratios.pushP99} (p99 direct / Outrigger) | ${cpu(pd)} | ${cpu(po)} |`);
  }
  return rows.join('\n');
}
