/**
 * What the gRPC scenarios share: the daemon config (embedded broker), a daemon with gRPC stubs
 * on one channel, and bulk pre-loading over the fastest path measured here.
 */
import { closedLoop } from '../lib/closed-loop.js';
import { grpcAddressOf, startApiDaemon, type ApiContext, type ApiDaemon } from '../lib/grpc-harness.js';
import { grpcClients, grpcClosedLoop, unaryCall, type GrpcClients } from '../lib/grpc-client.js';
import type { LoadResult } from '../lib/load-types.js';
import { jsonOfSize } from '../lib/payloads.js';

export const topic = 'events';
export const streamName = 'log';
export const streamPartitions = 4;

export function grpcBenchConfig(): string {
  return `# written by bench/scenarios/grpc-common.ts
app: { id: bench-grpc }
brokers: { local: { driver: embedded } }
topics:
  ${topic}: {}      # one subscription, pulled only: every published event is written to its inbox and stays there
queues:
  work-grpc: {}     # consumed with Consume
  work-http: {}     # consumed with HTTP receive + ack
streams:
  ${streamName}: { partitions: ${streamPartitions} }
subscriptions:
  - { name: ${topic}-pull, from: { topic: ${topic} } }   # no deliver: nothing is pushed
`;
}

export interface GrpcSetup {
  api: ApiDaemon;
  grpcAddress: string;
  clients: GrpcClients;
  stop(): Promise<string | null>;
}

export async function startGrpcSetup(ctx: ApiContext): Promise<GrpcSetup> {
  const api = await startApiDaemon(ctx, grpcBenchConfig());
  const grpcAddress = grpcAddressOf(api.daemon);
  const clients = grpcClients(grpcAddress);
  return {
    api,
    grpcAddress,
    clients,
    async stop() {
      clients.close();
      return api.stop();
    },
  };
}

export interface Preload {
  path: 'http' | 'grpc';
  count: number;
  elapsedMs: number;
  perSecond: number;
  outcomes: Record<string, number>;
}

function preloadOf(path: Preload['path'], result: LoadResult, want: number): Preload {
  if (result.ok !== want) throw new Error(`pre-load over ${path}: ${result.ok} of ${want} accepted (${JSON.stringify(result.outcomes)}; ${result.errorSamples.join(' | ')})`);
  return { path, count: result.ok, elapsedMs: result.elapsedMs, perSecond: result.achievedRate, outcomes: result.outcomes };
}

/** `count` commands of `dataBytes` JSON into `queue`: HTTP, 32 concurrent requests. */
export async function preloadCommands(origin: string, queue: string, count: number, dataBytes: number): Promise<Preload> {
  const body = Buffer.from(jsonOfSize(dataBytes, { job: 'resize', image: 'img-0042' }));
  const result = await closedLoop({
    origin,
    workers: 32,
    durationMs: 600_000,
    maxRequests: count,
    make: () => ({ path: `/v1/command/${queue}`, headers: { 'content-type': 'application/json', 'ce-type': 'bench.job' }, body }),
    timeoutMs: 60_000,
  });
  return preloadOf('http', result, count);
}

/** `count` events of `dataBytes` JSON appended to the stream, round-robin over its partitions. */
export async function preloadStream(setup: GrpcSetup, path: Preload['path'], count: number, dataBytes: number, workers: number): Promise<Preload> {
  const data = Buffer.from(jsonOfSize(dataBytes, { device: 'd-7', temp: 21.5 }));
  if (path === 'grpc') {
    const event = { type: 'bench.tick', dataContentType: 'application/json', data };
    const result = await grpcClosedLoop({ workers, durationMs: 1_800_000, maxRequests: count, call: () => unaryCall(setup.clients.stream, 'Append', { stream: streamName, event }, 60_000) });
    return preloadOf('grpc', result, count);
  }
  const result = await closedLoop({
    origin: setup.api.daemon.origin,
    workers,
    durationMs: 1_800_000,
    maxRequests: count,
    make: () => ({ path: `/v1/stream/${streamName}`, headers: { 'content-type': 'application/json', 'ce-type': 'bench.tick' }, body: data }),
    timeoutMs: 60_000,
  });
  return preloadOf('http', result, count);
}
