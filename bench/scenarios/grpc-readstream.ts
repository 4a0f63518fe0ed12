/**
 * gRPC (issue 4): reading a whole stream. One daemon; its stream (4 partitions, the default) is
 * pre-loaded with N events of 100 B JSON (1,000,000; BENCH_QUICK: 100,000), round-robin over the
 * partitions. Then, in rotating order per run, one reader from earliest with follow=false, to the
 * end, counting events:
 * - gRPC: StreamService.ReadStream with the proto-loader stub (each StreamEvent decoded into an
 *   object, as a Node app gets it);
 * - gRPC, undecoded: the same call with a deserializer that keeps the bytes, to tell the
 *   daemon's send rate apart from the client's decoding;
 * - gRPC, batched: StreamService.ReadStreamBatches (a message per broker read), decoded;
 * - HTTP: GET /v1/stream/{stream}?from=earliest&follow=false as NDJSON, counting lines.
 * Pre-load path: BENCH_PRELOAD=grpc|http (default http: 64 concurrent POSTs, the faster here).
 */
import { request } from 'undici';
import type { ClientReadableStream, ServiceError } from '@grpc/grpc-js';
import { rawReadStreamClient, type ServiceClient } from '../lib/grpc-client.js';
import { watchCpu, type ApiContext, type ApiScenario } from '../lib/grpc-harness.js';
import type { Metric, ScenarioReport } from '../lib/report.js';
import { preloadStream, startGrpcSetup, streamName, streamPartitions, type GrpcSetup, type Preload } from './grpc-common.js';

const dataBytes = 100;
const preloadWorkers = 64;

type Reader = 'grpc' | 'grpcRaw' | 'grpcBatches' | 'http';
const readers: Reader[] = ['grpc', 'grpcRaw', 'grpcBatches', 'http'];

interface ReadRun {
  events: number;
  elapsedMs: number;
  perSecond: number;
  cores: Record<string, number | null>;
}

interface Raw {
  run: number;
  order: Reader[];
  readers: Partial<Record<Reader, ReadRun>>;
}

function readGrpc(client: ServiceClient, limit = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = client.ReadStream({ stream: streamName, start: 'START_POSITION_EARLIEST', follow: false, limit }, { deadline: Date.now() + 600_000 }) as ClientReadableStream<unknown>;
    let count = 0;
    call.on('data', () => count++);
    call.on('error', (err: ServiceError) => reject(err));
    call.on('end', () => resolve(count));
  });
}

function readGrpcBatches(client: ServiceClient, limit = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = client.ReadStreamBatches({ stream: streamName, start: 'START_POSITION_EARLIEST', follow: false, limit }, { deadline: Date.now() + 600_000 }) as ClientReadableStream<{ events: unknown[] }>;
    let count = 0;
    call.on('data', (batch: { events: unknown[] }) => (count += batch.events.length));
    call.on('error', (err: ServiceError) => reject(err));
    call.on('end', () => resolve(count));
  });
}

async function readHttp(origin: string): Promise<number> {
  const res = await request(`${origin}/v1/stream/${streamName}?from=earliest&follow=false`, { headers: { accept: 'application/x-ndjson' }, bodyTimeout: 600_000, headersTimeout: 30_000 });
  if (res.statusCode !== 200) throw new Error(`read: ${res.statusCode} ${await res.body.text()}`);
  let count = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) count++;
  }
  return count;
}

async function readOnce(setup: GrpcSetup, raw: ServiceClient, reader: Reader): Promise<ReadRun> {
  const startNs = process.hrtime.bigint();
  try {
    return await readMeasured(setup, raw, reader);
  } finally {
    setup.api.mark(`${reader} read`, startNs, process.hrtime.bigint());
  }
}

async function readMeasured(setup: GrpcSetup, raw: ServiceClient, reader: Reader): Promise<ReadRun> {
  const watch = watchCpu({ daemon: setup.api.daemon.pid, generator: process.pid });
  const t0 = process.hrtime.bigint();
  const events =
    reader === 'grpc'
      ? await readGrpc(setup.clients.stream)
      : reader === 'grpcRaw'
        ? await readGrpc(raw)
        : reader === 'grpcBatches'
          ? await readGrpcBatches(setup.clients.stream)
          : await readHttp(setup.api.daemon.origin);
  const elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const { cores } = watch.stop();
  return { events, elapsedMs: Math.round(elapsedMs), perSecond: Math.round((events * 1_000) / elapsedMs), cores };
}

export const grpcReadStreamScenario: ApiScenario = {
  name: 'grpc-readstream',
  description: `read a pre-loaded stream (${streamPartitions} partitions, ${dataBytes} B JSON events) from earliest to the end (follow=false) with one reader: gRPC ReadStream decoded, gRPC ReadStream undecoded, gRPC ReadStreamBatches decoded, HTTP NDJSON`,
  async run(ctx: ApiContext): Promise<ScenarioReport> {
    const n = ctx.settings.quick ? 100_000 : 1_000_000;
    const preloadPath = process.env.BENCH_PRELOAD === 'grpc' ? 'grpc' : 'http';
    const setup = await startGrpcSetup(ctx);
    const rawClient = rawReadStreamClient(setup.grpcAddress);
    const raw: Raw[] = [];
    let preload: Preload | undefined;
    let profile: string | null;
    try {
      ctx.log(`grpc-readstream: pre-loading ${n} events over ${preloadPath} (${preloadWorkers} concurrent)`);
      preload = await preloadStream(setup, preloadPath, n, dataBytes, preloadWorkers);
      ctx.log(`grpc-readstream: pre-loaded ${preload.count} events in ${preload.elapsedMs} ms (${preload.perSecond}/s)`);
      // Warm-up: a short read with each reader.
      await readGrpc(setup.clients.stream, 50_000);
      await readGrpc(rawClient, 50_000);
      await readGrpcBatches(setup.clients.stream, 50_000);
      await fetch(`${setup.api.daemon.origin}/v1/stream/${streamName}?from=earliest&follow=false&limit=50000`, { headers: { accept: 'application/x-ndjson' } }).then((r) => r.arrayBuffer());
      for (let run = 0; run < ctx.settings.runs; run++) {
        const order = readers.map((_, k) => readers[(k + run) % readers.length]!);
        const results: Raw['readers'] = {};
        for (const reader of order) {
          const r = await readOnce(setup, rawClient, reader);
          if (r.events !== n) throw new Error(`${reader} read ${r.events} events, expected ${n}`);
          results[reader] = r;
          ctx.log(`grpc-readstream run ${run + 1} ${reader}: ${r.perSecond} events/s (${r.events} in ${r.elapsedMs} ms), cores ${JSON.stringify(r.cores)}`);
        }
        raw.push({ run, order, readers: results });
      }
    } finally {
      rawClient.close();
      profile = await setup.stop();
    }
    if (profile !== null) ctx.log(`grpc-readstream daemon profile:\n${profile}`);
    return {
      name: this.name,
      description: `${this.description}; N = ${n}, pre-loaded over ${preloadPath}`,
      metrics: metricsOf(raw, preload ?? null),
      raw: [{ preload: preload ?? null, ...(profile === null ? {} : { profile }) }, ...raw],
    };
  },
};

function metricsOf(raw: Raw[], preload: Preload | null): Metric[] {
  const pick = (r: Reader, f: (x: ReadRun) => number | null): (number | null)[] => raw.map((run) => (run.readers[r] === undefined ? null : f(run.readers[r])));
  return [
    { label: 'gRPC ReadStream (decoded by the client)', unit: 'events/s', values: pick('grpc', (r) => r.perSecond), target: { op: '>=', value: 200_000 } },
    { label: 'gRPC ReadStream, client not decoding', unit: 'events/s', values: pick('grpcRaw', (r) => r.perSecond) },
    { label: 'gRPC ReadStreamBatches (decoded by the client)', unit: 'events/s', values: pick('grpcBatches', (r) => r.perSecond), target: { op: '>=', value: 200_000 } },
    { label: 'HTTP NDJSON read', unit: 'events/s', values: pick('http', (r) => r.perSecond) },
    { label: 'daemon CPU (gRPC decoded runs)', unit: 'cores', values: pick('grpc', (r) => r.cores.daemon ?? null) },
    { label: 'generator CPU (gRPC decoded runs)', unit: 'cores', values: pick('grpc', (r) => r.cores.generator ?? null) },
    { label: 'daemon CPU (gRPC undecoded runs)', unit: 'cores', values: pick('grpcRaw', (r) => r.cores.daemon ?? null) },
    { label: 'generator CPU (gRPC undecoded runs)', unit: 'cores', values: pick('grpcRaw', (r) => r.cores.generator ?? null) },
    { label: 'daemon CPU (gRPC batch runs)', unit: 'cores', values: pick('grpcBatches', (r) => r.cores.daemon ?? null) },
    { label: 'generator CPU (gRPC batch runs)', unit: 'cores', values: pick('grpcBatches', (r) => r.cores.generator ?? null) },
    { label: 'daemon CPU (HTTP runs)', unit: 'cores', values: pick('http', (r) => r.cores.daemon ?? null) },
    { label: 'pre-load rate (once)', unit: 'events/s', values: [preload?.perSecond ?? null] },
  ];
}
