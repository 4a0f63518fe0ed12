/**
 * Kafka throughput and push latency (issue 14): Outrigger against @platformatic/kafka used
 * directly, against one real Apache Kafka 4.4 (the test broker: one KRaft node from the Maven
 * Central jars, its own JVM) started here, in one run.
 *   npm run build && node dist/bench/run-kafka.js
 * Env: BENCH_QUICK=1 (short runs, never a record), BENCH_RECORD=1 (write to bench/results/),
 * BENCH_KAFKA_WORKERS (concurrent callers, default 32), BENCH_KAFKA_SECONDS (per send scenario,
 * default 10), BENCH_KAFKA_BACKLOG (drain backlog, default 20000), BENCH_KAFKA_RATE (push
 * latency: events per second, default 200), BENCH_KAFKA_COMMIT_MS (the broker's commitIntervalMs,
 * default 0: a commit per batch before the next), BENCH_KAFKA_PROFILE (a folder: the daemon runs
 * with --cpu-prof and writes its profile there on exit).
 *
 * - append: W callers, each appending its next event once the last was acknowledged. Direct: an
 *   idempotent acks=all Producer, `send` of one record (the driver's record for the event: binary
 *   CloudEvents headers). Outrigger: HTTP POST /v1/stream/{stream}.
 * - publish batched: 4 callers, 100 events per call. Direct: `send` of 100 records. Outrigger:
 *   HTTP POST /v1/publish/{topic}/batch with 100 CloudEvents.
 * - drain: a backlog of N events in a 4-partition topic, then one consumer-group member. Direct:
 *   `consume()` with autocommit, counting records. Outrigger: a stream subscription pushing each
 *   event to an HTTP app in the bench process (answers 204) and committing. Rate from the first
 *   event to the Nth.
 * - push latency: R events per second appended by a direct producer, each carrying its send
 *   instant; arrival minus send at a direct consumer and at the app Outrigger pushes to.
 * Beside each rate: CPU µs per message of each process (daemon, bench, kafka), from /proc.
 * Ratio = Outrigger / direct (target at least 0.8). No pinning: three processes share two cores.
 */
import { Agent, request } from 'node:http';
import { cpus } from 'node:os';
import { Admin, Consumer, Producer } from '@platformatic/kafka';
import { toRecord } from '../src/drivers/kafka/codec.js';
import { KafkaTestBroker } from '../test/infra/kafka/broker.js';
import { startDaemon } from './lib/daemon.js';
import { Histogram, type HistogramSummary } from './lib/histogram.js';
import { machineInfo } from './lib/machine.js';
import { cpuMeter, cpuSummary, rateOf, round2, type CpuMeter } from './lib/message-rate.js';
import { resultsDir } from './lib/paths.js';
import { PushApp } from './lib/push-app.js';
import { gitHead, writeResults } from './lib/results-file.js';

const quick = process.env.BENCH_QUICK === '1';
if (quick && process.env.BENCH_RECORD === '1') throw new Error('BENCH_RECORD=1 is refused with BENCH_QUICK=1: a quick run is never a record');
const workers = Number(process.env.BENCH_KAFKA_WORKERS ?? 32);
const seconds = Number(process.env.BENCH_KAFKA_SECONDS ?? (quick ? 3 : 10));
const backlog = Number(process.env.BENCH_KAFKA_BACKLOG ?? (quick ? 3000 : 20_000));
const pushRate = Number(process.env.BENCH_KAFKA_RATE ?? 200);
const commitIntervalMs = Number(process.env.BENCH_KAFKA_COMMIT_MS ?? 0);
const profileDir = process.env.BENCH_KAFKA_PROFILE;
const BATCH = 100;
const pad = 'x'.repeat(200);

function log(message: string): void {
  process.stderr.write(`[bench-kafka ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

const headers = { 'content-type': 'application/json', 'ce-type': 'Bench', 'ce-source': 'bench', 'ce-specversion': '1.0' };

function body(run: string, sentNs = process.hrtime.bigint()): string {
  return `{"run":"${run}","sentNs":"${sentNs}","pad":"${pad}"}`;
}

/** The record the driver writes for one event, partitions in turn as the driver places them, so both paths store the same bytes. */
function record(topic: string, run: string, n: number) {
  return toRecord(topic, n % 4, { id: `${run}-${n}`, headers: { ...headers, 'ce-id': `${run}-${n}` }, data: Buffer.from(body(run)) }, undefined);
}

interface SendResult {
  rate: number;
  latency: HistogramSummary;
  outcomes: Record<string, number>;
  cpuUsPerMessage: Record<string, number>;
}

/** `callers` workers calling `send` back to back for `seconds`; each success counts `perCall` messages. */
async function closedLoop(callers: number, perCall: number, send: () => Promise<string>, meter: CpuMeter): Promise<SendResult> {
  const latency = new Histogram();
  const outcomes: Record<string, number> = {};
  let ok = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  meter.start();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < end) {
        const t0 = process.hrtime.bigint();
        const outcome = await send().catch((err: unknown) => `error:${(err as Error).message.slice(0, 60)}`);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        if (outcome === 'ok' || outcome === '202') {
          ok += perCall;
          latency.recordSince(t0, process.hrtime.bigint());
        }
      }
    }),
  );
  const rate = ok / ((performance.now() - started) / 1000);
  return { rate, latency: latency.summary(), outcomes, cpuUsPerMessage: meter.stop(ok) };
}

function httpPost(url: string, agent: Agent, payload: string, contentType: string): Promise<string> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': contentType, 'ce-type': 'Bench', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.statusCode)));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(`error:${err.code ?? 'unknown'}`));
    req.end(payload);
  });
}

/** Appends `count` events to `topic` with W callers of 100 records each. */
async function fill(producer: Producer, topic: string, run: string, count: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) {
        const from = next;
        next = Math.min(count, next + BATCH);
        await producer.send({ messages: Array.from({ length: next - from }, (_, i) => record(topic, run, from + i)) });
      }
    }),
  );
}

/** Sends `pushRate` events per second for `seconds`, each stamped with its send instant. */
async function paced(producer: Producer, topic: string, run: string): Promise<void> {
  const total = pushRate * seconds;
  const started = performance.now();
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / pushRate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const { value: _value, ...rest } = record(topic, run, n);
    void producer.send({ messages: [{ ...rest, value: Buffer.from(body(run)), partition: n % 4 }] });
  }
}

async function main(): Promise<void> {
  const outDir = resultsDir(process.env);
  log(`workers ${workers}, send ${seconds} s, drain backlog ${backlog}, push ${pushRate}/s, ${cpus().length} cores`);
  const broker = await KafkaTestBroker.start({ fullJit: true });
  log(`Kafka started in ${broker.startupMs} ms`);
  const kafkaPid = broker.jvmPid() ?? -1;
  const bootstrapBrokers = [broker.bootstrap];
  const admin = new Admin({ clientId: 'bench-admin', bootstrapBrokers });
  for (const topic of ['bench-append-direct', 'bench-append-outrigger', 'bench-batch', 'bench-drain-direct', 'bench-drain-outrigger', 'bench-push']) {
    await admin.createTopics({ topics: [topic], partitions: 4, replicas: 1 });
  }
  await admin.close();
  const producer = new Producer({ clientId: 'bench-direct', bootstrapBrokers, idempotent: true, retries: 2 });
  // The paced sender of the latency scenario: not idempotent (several requests in flight), so that
  // its own queueing stays out of the send-to-arrival figure on both paths.
  const pacer = new Producer({ clientId: 'bench-pacer', bootstrapBrokers, acks: 1 });
  const app = new PushApp();
  const appUrl = await app.listen();
  const results: Record<string, unknown> = {};
  const cpu: Record<string, Record<string, number>> = {};
  const directMeter = cpuMeter({ bench: process.pid, kafka: kafkaPid });
  const run = `kafka-${Date.now()}`;
  try {
    log('warm-up: 3 s of appends and batches directly (the JVM compiles its hot paths), not measured');
    let n = 0;
    const warmUntil = performance.now() + 3000;
    while (performance.now() < warmUntil) {
      await Promise.all(Array.from({ length: 8 }, () => producer.send({ messages: Array.from({ length: 20 }, () => record('bench-batch', run, n++)) })));
    }
    log('append: client directly, one record per send');
    const appendDirect = await closedLoop(workers, 1, () => producer.send({ messages: [record('bench-append-direct', run, n++)] }).then(() => 'ok'), directMeter);
    results.appendDirect = appendDirect;
    cpu.appendDirect = appendDirect.cpuUsPerMessage;
    log(`publish batched: client directly, ${BATCH} records per send`);
    const batchDirect = await closedLoop(4, BATCH, () => producer.send({ messages: Array.from({ length: BATCH }, () => record('bench-batch', run, n++)) }).then(() => 'ok'), directMeter);
    results.batchDirect = batchDirect;
    cpu.batchDirect = batchDirect.cpuUsPerMessage;

    log(`drain: client directly, ${backlog} backlog`);
    await fill(producer, 'bench-drain-direct', run, backlog);
    const consumer = new Consumer({ clientId: 'bench-consumer', groupId: `bench-direct-${run}`, bootstrapBrokers });
    // Counted in the handler: the client hands over whole fetches at once, faster than a poll sees.
    let consumed = 0;
    let firstAt = 0;
    let lastAt = 0;
    const drained = Promise.withResolvers<void>();
    const messages = await consumer.consume({ topics: ['bench-drain-direct'], mode: 'earliest', autocommit: true });
    directMeter.start();
    messages.on('data', () => {
      if (consumed++ === 0) firstAt = performance.now();
      if (consumed === backlog) {
        lastAt = performance.now();
        drained.resolve();
      }
    });
    await Promise.race([drained.promise, new Promise((resolve) => setTimeout(resolve, 180_000))]);
    const drainDirectRate = lastAt > firstAt ? (backlog - 1) / ((lastAt - firstAt) / 1000) : 0;
    results.drainDirect = Math.round(drainDirectRate);
    cpu.drainDirect = directMeter.stop(consumed);

    log(`push latency: client directly, ${pushRate}/s for ${seconds} s`);
    const latency = new Histogram();
    const pushTag = `${run}-push-direct`;
    messages.removeAllListeners('data');
    await messages.close();
    const latencyStream = await consumer.consume({ topics: ['bench-push'], mode: 'latest', autocommit: true });
    latencyStream.on('data', (message: { value: Buffer }) => {
      const text = message.value.toString();
      const sent = /"sentNs":"(\d+)"/.exec(text)?.[1];
      if (sent !== undefined && text.includes(`"run":"${pushTag}"`)) latency.recordSince(BigInt(sent), process.hrtime.bigint());
    });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await paced(pacer, 'bench-push', pushTag);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    results.pushDirect = latency.summary();
    await latencyStream.close();
    await consumer.close(true);

    await fill(producer, 'bench-drain-outrigger', run, backlog);
    const config = [
      `app: { id: bench-kafka-${Date.now()}, url: "${appUrl}" }`,
      `brokers: { log: { driver: kafka, bootstrapServers: "${broker.bootstrap}", commitIntervalMs: ${commitIntervalMs} }, local: { driver: embedded } }`,
      'defaultBroker: local',
      'streams:',
      '  bench-append-outrigger: { broker: log, partitions: 4 }',
      '  bench-drain-outrigger: { broker: log, partitions: 4 }',
      '  bench-push: { broker: log, partitions: 4 }',
      'topics:',
      '  bench-batch: { broker: log }',
      'subscriptions:',
      '  - { name: drain, from: { stream: bench-drain-outrigger, start: earliest }, deliver: /push }',
      '  - { name: push, from: { stream: bench-push, start: latest }, deliver: /push }',
      '',
    ].join('\n');
    const nodeArgs = profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profileDir];
    const { daemon } = await startDaemon({ configYaml: config, readyTimeoutMs: 60_000, nodeArgs });
    const outriggerMeter = cpuMeter({ daemon: daemon.pid, bench: process.pid, kafka: kafkaPid });
    try {
      log('drain: through Outrigger (push to an HTTP app, committed on 204)');
      const drainOutrigger = await rateOf(() => app.total, backlog, 300_000, outriggerMeter);
      results.drainOutrigger = Math.round(drainOutrigger.rate);
      cpu.drainOutrigger = drainOutrigger.cpuUsPerMessage;
      results.drainRatio = round2(drainOutrigger.rate / drainDirectRate);

      log('append: through Outrigger (HTTP POST /v1/stream)');
      const agent = new Agent({ keepAlive: true, maxSockets: workers });
      const appendUrl = `${daemon.origin}/v1/stream/bench-append-outrigger`;
      const appendOutrigger = await closedLoop(workers, 1, () => httpPost(appendUrl, agent, body(run), 'application/json'), outriggerMeter);
      results.appendOutrigger = appendOutrigger;
      cpu.appendOutrigger = appendOutrigger.cpuUsPerMessage;
      results.appendRatio = round2(appendOutrigger.rate / appendDirect.rate);

      log(`publish batched: through Outrigger (HTTP POST /v1/publish/{topic}/batch, ${BATCH} events)`);
      const batchUrl = `${daemon.origin}/v1/publish/bench-batch/batch`;
      const batchBody = JSON.stringify(Array.from({ length: BATCH }, (_, i) => ({ specversion: '1.0', id: `${run}-b${i}`, source: 'bench', type: 'Bench', datacontenttype: 'application/json', data: { run, pad } })));
      const batchOutrigger = await closedLoop(4, BATCH, () => httpPost(batchUrl, agent, batchBody, 'application/json'), outriggerMeter);
      agent.destroy();
      results.batchOutrigger = batchOutrigger;
      cpu.batchOutrigger = batchOutrigger.cpuUsPerMessage;
      results.batchRatio = round2(batchOutrigger.rate / batchDirect.rate);

      log(`push latency: through Outrigger, ${pushRate}/s for ${seconds} s`);
      const pushTagOutrigger = `${run}-push-outrigger`;
      app.beginRun(pushTagOutrigger);
      await paced(pacer, 'bench-push', pushTagOutrigger);
      await app.waitFor(pushRate * seconds, 30_000);
      results.pushOutrigger = app.latency.summary();
    } finally {
      await daemon.stop();
    }
  } finally {
    await producer.close();
    await pacer.close();
    await app.close();
    await broker.close();
  }

  const record_ = { at: new Date().toISOString(), workers, seconds, backlog, pushRate, commitIntervalMs, cores: cpus().length, quick, results, cpuUsPerMessage: cpu, gitHead: gitHead(), machine: machineInfo() };
  const file = writeResults(outDir, 'kafka-', new Date(record_.at), record_);
  const ms = (us: number): string => (us / 1000).toFixed(1);
  const send = (name: string): SendResult => results[name] as SendResult;
  const line = (label: string, direct: SendResult, outrigger: SendResult, ratio: unknown, d: string, o: string): string =>
    `| ${label} | ${Math.round(direct.rate)} (p50 ${ms(direct.latency.p50Us)} / p99 ${ms(direct.latency.p99Us)} ms) | ${Math.round(outrigger.rate)} (p50 ${ms(outrigger.latency.p50Us)} / p99 ${ms(outrigger.latency.p99Us)} ms) | ${String(ratio)} | ${cpuSummary(cpu, d)} | ${cpuSummary(cpu, o)} |`;
  const pd = results.pushDirect as HistogramSummary;
  const po = results.pushOutrigger as HistogramSummary;
  process.stdout.write(
    [
      '| scenario | client directly (msg/s) | Outrigger (msg/s) | ratio (target >= 0.8) | CPU µs/message, directly | CPU µs/message, Outrigger |',
      '|---|---|---|---|---|---|',
      line(`append, ${workers} callers, one event each`, send('appendDirect'), send('appendOutrigger'), results.appendRatio, 'appendDirect', 'appendOutrigger'),
      line(`publish batched, 4 callers, ${BATCH} events each`, send('batchDirect'), send('batchOutrigger'), results.batchRatio, 'batchDirect', 'batchOutrigger'),
      `| drain ${backlog} (Outrigger: push over HTTP, commit) | ${results.drainDirect as number} | ${results.drainOutrigger as number} | ${results.drainRatio as number} | ${cpuSummary(cpu, 'drainDirect')} | ${cpuSummary(cpu, 'drainOutrigger')} |`,
      `| push latency at ${pushRate}/s (send to arrival) | p50 ${ms(pd.p50Us)} / p99 ${ms(pd.p99Us)} ms (${pd.count}) | p50 ${ms(po.p50Us)} / p99 ${ms(po.p99Us)} ms (${po.count}) | | | |`,
      '',
      `outcomes: append ${JSON.stringify(send('appendOutrigger').outcomes)}, batch ${JSON.stringify(send('batchOutrigger').outcomes)}`,
      `written to ${file}`,
      '',
    ].join('\n'),
  );
}

await main();
