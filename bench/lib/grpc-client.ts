/**
 * A gRPC client for the benchmarks, built as an app would build one (and as test/infra/helpers/grpc.ts
 * does): @grpc/proto-loader reads proto/outrigger/v1/*.proto at run time, @grpc/grpc-js makes the
 * stubs. One channel (one HTTP/2 connection) per GrpcClients, shared by every call made with it.
 * Also a closed-loop generator for unary calls, reporting in the shape of the HTTP generators.
 */
import { join } from 'node:path';
import { credentials, loadPackageDefinition, makeGenericClientConstructor, type Client, type GrpcObject, type ServiceClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { Histogram } from './histogram.js';
import type { LoadResult } from './load-types.js';
import { repoRoot } from './paths.js';

/** A message as proto-loader gives it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Message = Record<string, any>;
/** A generated client: its methods are known only at run time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ServiceClient = Client & Record<string, any>;

const protoFiles = ['outrigger/v1/cloudevent.proto', 'outrigger/v1/publish.proto', 'outrigger/v1/command.proto', 'outrigger/v1/stream.proto', 'outrigger/v1/consume.proto'];
/** The options the daemon and the tests load the contract with: camelCase, 64-bit as numbers, enums by name, defaults, oneof names. */
const loaderOptions = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true } as const;

let root: GrpcObject | null = null;

function constructor(name: string): ServiceClientConstructor {
  root ??= loadPackageDefinition(loadSync(protoFiles, { ...loaderOptions, includeDirs: [join(repoRoot, 'proto')] }));
  let node: unknown = root;
  for (const part of name.split('.')) node = (node as GrpcObject)[part];
  if (typeof node !== 'function') throw new Error(`no service ${name} in proto/`);
  return node as ServiceClientConstructor;
}

export interface GrpcClients {
  publish: ServiceClient;
  command: ServiceClient;
  stream: ServiceClient;
  consume: ServiceClient;
  close(): void;
}

/**
 * Stubs for the services the benchmarks use, all on one channel. `channelId` keeps channels
 * apart: grpc-js shares a connection between clients with equal options, so clients meant to
 * have their own connection get a distinct (otherwise meaningless) option.
 */
export function grpcClients(address: string, channelId = 0): GrpcClients {
  const publish = new (constructor('outrigger.v1.PublishService'))(address, credentials.createInsecure(), {
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
    'bench.channel': channelId,
  }) as ServiceClient;
  const channelOverride = publish.getChannel();
  const make = (name: string): ServiceClient => new (constructor(name))(address, credentials.createInsecure(), { channelOverride }) as ServiceClient;
  const clients = { publish, command: make('outrigger.v1.CommandService'), stream: make('outrigger.v1.StreamService'), consume: make('outrigger.v1.ConsumeService') };
  return {
    ...clients,
    close() {
      for (const client of Object.values(clients)) client.close();
    },
  };
}

/** A unary call as a promise. */
export function unaryCall(client: ServiceClient, method: string, request: Record<string, unknown>, deadlineMs = 30_000): Promise<Message> {
  return new Promise((resolve, reject) => {
    client[method](request, { deadline: Date.now() + deadlineMs }, (err: ServiceError | null, response: Message) => (err ? reject(err) : resolve(response)));
  });
}

export interface GrpcClosedLoopOptions {
  /** Concurrent calls: each worker starts its next call as soon as the previous one returns. */
  workers: number;
  durationMs: number;
  maxRequests?: number;
  /** Makes call number i. */
  call: (i: number) => Promise<unknown>;
}

/** Closed-loop unary calls; outcomes are counted by gRPC status ('OK', 'code:14', ...). */
export async function grpcClosedLoop(options: GrpcClosedLoopOptions): Promise<LoadResult> {
  const budget = options.maxRequests ?? Number.MAX_SAFE_INTEGER;
  const latency = new Histogram();
  const outcomes: Record<string, number> = {};
  const errorSamples: string[] = [];
  const t0 = process.hrtime.bigint();
  const endNs = t0 + BigInt(options.durationMs) * 1_000_000n;
  let sent = 0;
  let completed = 0;
  let ok = 0;
  const worker = async (): Promise<void> => {
    while (sent < budget && process.hrtime.bigint() < endNs) {
      const i = sent++;
      const startNs = process.hrtime.bigint();
      try {
        await options.call(i);
        latency.recordSince(startNs, process.hrtime.bigint());
        ok++;
        outcomes.OK = (outcomes.OK ?? 0) + 1;
      } catch (err) {
        const code = `code:${(err as { code?: unknown }).code ?? 'unknown'}`;
        outcomes[code] = (outcomes[code] ?? 0) + 1;
        if (errorSamples.length < 5) errorSamples.push(err instanceof Error ? err.message : String(err));
      }
      completed++;
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
  const elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const summary = latency.summary();
  return {
    mode: 'closed',
    targetRate: null,
    connections: options.workers,
    sent,
    completed,
    ok,
    outcomes,
    errorSamples,
    elapsedMs: Math.round(elapsedMs),
    achievedRate: Math.round((ok / elapsedMs) * 1_000),
    latency: summary,
    serviceLatency: summary,
    sendLag: new Histogram().summary(),
  };
}

/**
 * A StreamService client whose ReadStream hands over each StreamEvent as the undecoded bytes:
 * for telling the server's send rate apart from the cost of decoding in a Node client.
 */
export function rawReadStreamClient(address: string): ServiceClient {
  const service = constructor('outrigger.v1.StreamService').service;
  const readStream = service.ReadStream;
  if (readStream === undefined) throw new Error('StreamService has no ReadStream');
  const Raw = makeGenericClientConstructor({ ReadStream: { ...readStream, responseDeserialize: (bytes: Buffer) => bytes } }, 'RawStreamService');
  return new Raw(address, credentials.createInsecure(), { 'grpc.max_receive_message_length': 64 * 1024 * 1024, 'bench.channel': 'raw' }) as ServiceClient;
}
