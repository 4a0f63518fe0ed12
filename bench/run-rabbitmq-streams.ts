/**
 * RabbitMQ streams (issue 15): appends through Outrigger vs rabbitmq-client used directly, on the
 * machine's RabbitMQ, in one run.
 *   npm run build && node dist/bench/run-rabbitmq-streams.js
 * Both write to a 4-partition stream (four durable stream queues), each event keyed by one of 64
 * keys, persistent, with publisher confirms:
 * - direct: the client's confirm publisher, one event per call, to the key's partition queue
 *   (what a plain AMQP producer of a stream does; it learns no offset);
 * - Outrigger: POST /v1/stream/{stream} with `outrigger-partition-key`, answered with the offset
 *   (confirm plus the partition tail's sighting, stream-tail.ts).
 * Env: BENCH_QUICK=1, BENCH_RECORD=1, BENCH_WORKERS (default 32), BENCH_SECONDS (default 10).
 */
import { createHash } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { Connection } from 'rabbitmq-client';
import { closedLoopCalls, httpPoster, type CallLoopResult } from './lib/call-loop.js';
import { startDaemon } from './lib/daemon.js';
import { machineInfo } from './lib/machine.js';
import { cpuMeter, round2 } from './lib/message-rate.js';
import { resultsDir } from './lib/paths.js';
import { gitHead, runMain, writeResults } from './lib/results-file.js';

const url = process.env.BENCH_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const quick = process.env.BENCH_QUICK === '1';
const workers = Number(process.env.BENCH_WORKERS ?? 32);
const seconds = Number(process.env.BENCH_SECONDS ?? (quick ? 3 : 10));
const partitions = 4;
const pad = 'x'.repeat(200);

const body = (run: string, n: number): string => `{"run":"${run}","n":${n},"pad":"${pad}"}`;
const keyOf = (n: number): string => `key-${n % 64}`;
/** The kernel's partition choice (partition-choice.ts), so both sides spread keys alike. */
const partitionOf = (key: string): number => createHash('sha1').update(key).digest().readUInt32BE(0) % partitions;

async function main(): Promise<number> {
  const outDir = resultsDir(process.env);
  const run = `bs${Date.now().toString(36)}`;
  const direct = `${run}-direct`;
  const viaOutrigger = `${run}-outrigger`;
  const loadBefore = loadavg();
  process.stderr.write(`[bench-rabbitmq-streams] workers ${workers}, ${seconds} s each, ${cpus().length} cores, load ${loadBefore.map((l) => l.toFixed(2)).join(' ')}\n`);
  const rabbit = new Connection(url);
  for (let p = 0; p < partitions; p++) await rabbit.queueDeclare({ queue: `${direct}.partition.${p}`, durable: true, arguments: { 'x-queue-type': 'stream', 'x-max-age': '3600s' } });
  const publisher = rabbit.createPublisher({ confirm: true, maxAttempts: 1 });
  const config = [`app: { id: bench-streams }`, `brokers: { bench: { driver: rabbitmq, url: "${url}" } }`, 'defaultBroker: bench', 'streams:', `  ${viaOutrigger}: { partitions: ${partitions}, retention: 1h }`, ''].join('\n');
  const { daemon } = await startDaemon({ configYaml: config, readyTimeoutMs: 30_000 });
  const poster = httpPoster(workers);
  const pids = (extra: Record<string, number>): Record<string, number> => ({ bench: process.pid, ...extra });
  const results: Record<string, CallLoopResult> = {};
  let n = 0;
  const publishOne = (): Promise<void> => {
    const i = ++n;
    const key = keyOf(i);
    const headers = { 'cloudEvents:type': 'Bench', 'cloudEvents:source': 'bench', 'cloudEvents:specversion': '1.0', 'cloudEvents:id': `${run}-${i}` };
    return publisher.send({ exchange: '', routingKey: `${direct}.partition.${partitionOf(key)}`, durable: true, contentType: 'application/json', messageId: `${run}-${i}`, headers }, Buffer.from(body(run, i)));
  };
  const appendUrl = `${daemon.origin}/v1/stream/${viaOutrigger}`;
  try {
    const meter = cpuMeter(pids({}));
    const outriggerMeter = cpuMeter(pids({ daemon: daemon.pid }));
    process.stderr.write('[bench-rabbitmq-streams] one event per call: directly\n');
    results.oneDirect = await closedLoopCalls(workers, seconds, () => publishOne().then(() => 'ok'), meter);
    process.stderr.write('[bench-rabbitmq-streams] one event per call: through Outrigger\n');
    results.oneOutrigger = await closedLoopCalls(workers, seconds, () => poster.post(appendUrl, body(run, ++n), { 'outrigger-partition-key': keyOf(n) }), outriggerMeter);
  } finally {
    poster.close();
    await daemon.stop();
    await publisher.close();
    for (const name of [direct, viaOutrigger]) for (let p = 0; p < partitions; p++) await rabbit.queueDelete({ queue: `${name}.partition.${p}` }).catch(() => undefined);
    await rabbit.close();
  }
  const loadAfter = loadavg();
  const ratios = { one: round2((results.oneOutrigger?.rate ?? 0) / (results.oneDirect?.rate ?? 1)) };
  const record = { at: new Date().toISOString(), broker: 'rabbitmq-streams', workers, seconds, partitions, quick, loadavgBefore: loadBefore, loadavgAfter: loadAfter, results, ratios, gitHead: gitHead(), machine: machineInfo() };
  const file = writeResults(outDir, 'rabbitmq-streams-', new Date(record.at), record);
  const ms = (us: number): string => (us / 1000).toFixed(1);
  const cell = (r: CallLoopResult | undefined): string => (r === undefined ? '-' : `${Math.round(r.rate)}/s (p50 ${ms(r.latency.p50Us)} / p99 ${ms(r.latency.p99Us)} ms) ${JSON.stringify(r.outcomes)}`);
  const cpu = (r: CallLoopResult | undefined): string => Object.entries(r?.cpuUsPerMessage ?? {}).map(([name, us]) => `${name} ${us}`).join(', ');
  process.stdout.write(
    [
      '| append | directly | Outrigger | ratio | CPU µs/event, directly | CPU µs/event, Outrigger |',
      '|---|---|---|---|---|---|',
      `| 1 per call, ${workers} callers | ${cell(results.oneDirect)} | ${cell(results.oneOutrigger)} | ${ratios.one} | ${cpu(results.oneDirect)} | ${cpu(results.oneOutrigger)} |`,
      `load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`,
      `written to ${file}`,
      '',
    ].join('\n'),
  );
  return 0;
}

runMain(main);
