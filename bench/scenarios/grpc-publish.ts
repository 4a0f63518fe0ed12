/**
 * gRPC (issue 4): single-event publish throughput, gRPC vs HTTP, closed loop with 32 concurrent
 * calls, 1 KiB JSON data, to a topic with one (pull-only) subscription, so every event is
 * durably written to its inbox before the answer. gRPC: PublishService.Publish, 32 calls in
 * flight on one channel (one HTTP/2 connection, as a gRPC app would have); HTTP: POST
 * /v1/publish/{topic} over 32 keep-alive connections. Also, as a diagnostic, gRPC with the same 32
 * calls spread over 4 channels (8 each). Fresh daemon per run; the order rotates from run to run.
 */
import { closedLoop } from '../lib/closed-loop.js';
import { grpcClients, grpcClosedLoop, unaryCall, type GrpcClients } from '../lib/grpc-client.js';
import { watchCpu, type ApiContext, type ApiScenario } from '../lib/grpc-harness.js';
import type { LoadResult } from '../lib/load-types.js';
import { jsonOfSize } from '../lib/payloads.js';
import type { Metric, ScenarioReport } from '../lib/report.js';
import { startGrpcSetup, topic, type GrpcSetup } from './grpc-common.js';

const concurrency = 32;
const data = Buffer.from(jsonOfSize(1_024, { type: 'OrderCreated', orderId: 'o-123456', customer: 'c-42' }));
const event = { type: 'OrderCreated', dataContentType: 'application/json', data };
const headers = { 'content-type': 'application/json', 'ce-type': 'OrderCreated' };

type Protocol = 'grpc' | 'http' | 'grpc4';
const protocols: Protocol[] = ['grpc', 'http', 'grpc4'];

interface ProtocolRun {
  load: LoadResult;
  cores: Record<string, number | null>;
}

interface Raw {
  run: number;
  order: Protocol[];
  protocols: Partial<Record<Protocol, ProtocolRun>>;
}

async function load(setup: GrpcSetup, protocol: Protocol, durationMs: number, channels: GrpcClients[]): Promise<LoadResult> {
  if (protocol === 'grpc') return grpcClosedLoop({ workers: concurrency, durationMs, call: () => unaryCall(setup.clients.publish, 'Publish', { topic, event }) });
  if (protocol === 'grpc4') {
    const parts = await Promise.all(channels.map((c) => grpcClosedLoop({ workers: concurrency / channels.length, durationMs, call: () => unaryCall(c.publish, 'Publish', { topic, event }) })));
    return mergeLoads(parts);
  }
  return closedLoop({ origin: setup.api.daemon.origin, workers: concurrency, durationMs, make: () => ({ path: `/v1/publish/${topic}`, headers, body: data }) });
}

export const grpcPublishScenario: ApiScenario = {
  name: 'grpc-publish',
  description: `publish, closed loop, ${concurrency} concurrent calls, 1 KiB JSON, topic with one pull-only subscription (every event stored): gRPC Publish on one channel vs HTTP POST on ${concurrency} connections (and gRPC over 4 channels); fresh daemon per run`,
  async run(ctx: ApiContext): Promise<ScenarioReport> {
    const raw: Raw[] = [];
    const profiles: string[] = [];
    for (let run = 0; run < ctx.settings.runs; run++) {
      const setup = await startGrpcSetup(ctx);
      const channels = Array.from({ length: 4 }, (_, i) => grpcClients(setup.grpcAddress, i + 1));
      try {
        const order = protocols.map((_, k) => protocols[(k + run) % protocols.length]!);
        for (const protocol of order) await load(setup, protocol, ctx.settings.warmupMs, channels);
        const results: Raw['protocols'] = {};
        for (const protocol of order) {
          const watch = watchCpu({ daemon: setup.api.daemon.pid, generator: process.pid });
          const startNs = process.hrtime.bigint();
          const result = await load(setup, protocol, ctx.settings.durationMs, channels);
          setup.api.mark(`${protocol} publish`, startNs, process.hrtime.bigint());
          const { cores } = watch.stop();
          results[protocol] = { load: result, cores };
          ctx.log(`grpc-publish run ${run + 1} ${protocol}: ${result.achievedRate}/s, p50 ${result.latency.p50Us} µs, p99 ${result.latency.p99Us} µs, ${JSON.stringify(result.outcomes)}, cores ${JSON.stringify(cores)}`);
        }
        raw.push({ run, order, protocols: results });
      } finally {
        for (const c of channels) c.close();
        const profile = await setup.stop();
        if (profile !== null) profiles.push(profile);
      }
    }
    for (const profile of profiles) ctx.log(`grpc-publish daemon profile:\n${profile}`);
    return { name: this.name, description: this.description, metrics: metricsOf(raw), raw: profiles.length > 0 ? [{ profiles }, ...raw] : raw };
  },
};

function perCall(r: ProtocolRun, who: string): number | null {
  const cores = r.cores[who];
  return cores === null || cores === undefined || r.load.achievedRate === 0 ? null : Math.round((cores * 1e6) / r.load.achievedRate);
}

/** One result from several concurrent closed loops: counts and rates add up, latency from the largest part. */
function mergeLoads(parts: LoadResult[]): LoadResult {
  const sum = (f: (r: LoadResult) => number): number => parts.reduce((a, r) => a + f(r), 0);
  const outcomes: Record<string, number> = {};
  for (const part of parts) for (const [k, v] of Object.entries(part.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + v;
  const biggest = parts.reduce((a, b) => (b.ok > a.ok ? b : a));
  return {
    ...biggest,
    connections: sum((r) => r.connections),
    sent: sum((r) => r.sent),
    completed: sum((r) => r.completed),
    ok: sum((r) => r.ok),
    outcomes,
    errorSamples: parts.flatMap((r) => r.errorSamples).slice(0, 5),
    elapsedMs: Math.max(...parts.map((r) => r.elapsedMs)),
    achievedRate: sum((r) => r.achievedRate),
  };
}

function metricsOf(raw: Raw[]): Metric[] {
  const pick = (p: Protocol, f: (r: ProtocolRun) => number | null): (number | null)[] => raw.map((run) => (run.protocols[p] === undefined ? null : f(run.protocols[p])));
  return [
    { label: 'gRPC Publish', unit: 'msg/s', values: pick('grpc', (r) => r.load.achievedRate), target: { op: '>=', value: 15_000 } },
    { label: 'HTTP publish', unit: 'msg/s', values: pick('http', (r) => r.load.achievedRate) },
    {
      label: 'gRPC / HTTP',
      unit: '%',
      values: raw.map((run) => {
        const g = run.protocols.grpc?.load.achievedRate;
        const h = run.protocols.http?.load.achievedRate;
        return g === undefined || h === undefined || h === 0 ? null : Math.round((1_000 * g) / h) / 10;
      }),
    },
    { label: 'gRPC Publish p50', unit: 'µs', values: pick('grpc', (r) => r.load.latency.p50Us) },
    { label: 'gRPC Publish p99', unit: 'µs', values: pick('grpc', (r) => r.load.latency.p99Us) },
    { label: 'HTTP publish p50', unit: 'µs', values: pick('http', (r) => r.load.latency.p50Us) },
    { label: 'HTTP publish p99', unit: 'µs', values: pick('http', (r) => r.load.latency.p99Us) },
    { label: 'gRPC Publish, 32 calls over 4 channels', unit: 'msg/s', values: pick('grpc4', (r) => r.load.achievedRate) },
    { label: 'gRPC Publish, 4 channels, p99 (calls of one channel)', unit: 'µs', values: pick('grpc4', (r) => r.load.latency.p99Us) },
    { label: 'gRPC errors', unit: '', values: pick('grpc', (r) => r.load.completed - r.load.ok) },
    { label: 'HTTP non-2xx/errors', unit: '', values: pick('http', (r) => r.load.completed - r.load.ok) },
    { label: 'daemon CPU (gRPC runs)', unit: 'cores', values: pick('grpc', (r) => r.cores.daemon ?? null) },
    { label: 'generator CPU (gRPC runs)', unit: 'cores', values: pick('grpc', (r) => r.cores.generator ?? null) },
    { label: 'daemon CPU per gRPC Publish', unit: 'µs', values: pick('grpc', (r) => perCall(r, 'daemon')) },
    { label: 'generator (grpc-js client) CPU per Publish', unit: 'µs', values: pick('grpc', (r) => perCall(r, 'generator')) },
    { label: 'daemon CPU per HTTP publish', unit: 'µs', values: pick('http', (r) => perCall(r, 'daemon')) },
    { label: 'daemon CPU (gRPC 4-channel runs)', unit: 'cores', values: pick('grpc4', (r) => r.cores.daemon ?? null) },
    { label: 'generator CPU (gRPC 4-channel runs)', unit: 'cores', values: pick('grpc4', (r) => r.cores.generator ?? null) },
    { label: 'daemon CPU (HTTP runs)', unit: 'cores', values: pick('http', (r) => r.cores.daemon ?? null) },
    { label: 'generator CPU (HTTP runs)', unit: 'cores', values: pick('http', (r) => r.cores.generator ?? null) },
  ];
}
