/**
 * The gRPC server itself: health and reflection, deadlines, and bad input (missing fields,
 * undecodable bytes, oversized messages, unknown resources) answered with proper status codes,
 * never a crash. The interactions are covered for both protocols in test/api/.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  credentials,
  loadPackageDefinition,
  makeGenericClientConstructor,
  type Client,
  type ClientDuplexStream,
  type GrpcObject,
  type ServiceClientConstructor,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { call, grpcClients, type GrpcClients, type Message } from '../infra/helpers/grpc.js';

const run = randomUUID().slice(0, 8);
let daemon: RunningDaemon;
let clients: GrpcClients;

beforeAll(async () => {
  daemon = await startDaemon();
  clients = grpcClients(daemon.grpcAddr);
});

afterAll(async () => {
  clients?.close();
  await daemon?.stop();
});

async function failure(promise: Promise<unknown>): Promise<ServiceError & { outrigger?: string }> {
  try {
    await promise;
  } catch (err) {
    const error = err as ServiceError & { outrigger?: string };
    const [code] = error.metadata?.get('outrigger-code') ?? [];
    if (typeof code === 'string') error.outrigger = code;
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('grpc api - health and reflection', () => {
  it('grpc - health says SERVING for the server and each service, NOT_FOUND for others', async () => {
    expect(await call(clients.health, 'Check', { service: '' })).toEqual({ status: 'SERVING' });
    expect(await call(clients.health, 'Check', { service: 'outrigger.v1.ConsumeService' })).toEqual({ status: 'SERVING' });
    expect((await failure(call(clients.health, 'Check', { service: 'nope.Service' }))).code).toBe(5);
  });

  it('grpc - health Watch sends the current status', async () => {
    const watch = clients.health.Watch({ service: '' });
    watch.on('error', () => undefined); // the CANCELLED that our own cancel() causes
    const first = await new Promise((resolve) => watch.once('data', resolve));
    watch.cancel();
    expect(first).toEqual({ status: 'SERVING' });
  });

  it('grpc - server reflection lists every service', async () => {
    const protoDir = fileURLToPath(new URL('../../node_modules/@grpc/reflection/build/proto/', import.meta.url));
    const definition = loadSync('grpc/reflection/v1/reflection.proto', { includeDirs: [protoDir], keepCase: true });
    const Reflection = ((loadPackageDefinition(definition).grpc as GrpcObject).reflection as GrpcObject).v1 as GrpcObject;
    const client = new (Reflection.ServerReflection as ServiceClientConstructor)(daemon.grpcAddr, credentials.createInsecure()) as unknown as Client & {
      ServerReflectionInfo(): ClientDuplexStream<unknown, unknown>;
    };
    try {
      const stream = client.ServerReflectionInfo();
      stream.write({ list_services: '*' });
      const response = await new Promise<{ list_services_response: { service: Array<{ name: string }> } }>((resolve, reject) => {
        stream.once('data', resolve);
        stream.once('error', reject);
      });
      stream.end();
      const services = response.list_services_response.service.map((s) => s.name);
      expect(services).toEqual(
        expect.arrayContaining([
          'outrigger.v1.PublishService',
          'outrigger.v1.CommandService',
          'outrigger.v1.DeadLetterService',
          'outrigger.v1.StreamService',
          'outrigger.v1.QueryService',
          'outrigger.v1.ConsumeService',
          'outrigger.v1.MetaService',
          'grpc.health.v1.Health',
        ]),
      );
    } finally {
      client.close();
    }
  });
});

describe('grpc api - command options', () => {
  it('grpc - delay and not_before hold a command back; ordering key and ttl are accepted', async () => {
    const queue = `later-${run}`;
    await call(clients.command, 'SendCommand', { queue, event: { data: Buffer.from('delayed') }, delay: { nanos: 400_000_000 } });
    const notBefore = Date.now() + 400;
    await call(clients.command, 'SendCommand', {
      queue,
      event: { data: Buffer.from('scheduled') },
      notBefore: { seconds: Math.floor(notBefore / 1000), nanos: (notBefore % 1000) * 1e6 },
      orderingKey: 'order-7',
      ttl: { seconds: 60 },
    });
    expect((await call(clients.command, 'Receive', { queue, max: 10 })).deliveries).toEqual([]);
    const seen: string[] = [];
    const deadline = Date.now() + 10_000;
    while (seen.length < 2 && Date.now() < deadline) {
      const { deliveries } = await call(clients.command, 'Receive', { queue, max: 10, wait: { seconds: 2 } });
      for (const d of deliveries as Message[]) {
        seen.push((d.event.data as Buffer).toString());
        await call(clients.command, 'Ack', { queue, lease: d.lease });
      }
    }
    expect(seen.sort()).toEqual(['delayed', 'scheduled']);
  });

  it('grpc - a zero ttl is INVALID_ARGUMENT', async () => {
    expect((await failure(call(clients.command, 'SendCommand', { queue: `q-${run}`, event: {}, ttl: {} }))).code).toBe(3);
  });
});

describe('grpc api - deadlines and bad input', () => {
  it('grpc - a long-poll receive ends at the call deadline with DEADLINE_EXCEEDED', async () => {
    const started = Date.now();
    const error = await failure(call(clients.command, 'Receive', { queue: `empty-${run}`, max: 1, wait: { seconds: 30 } }, { deadlineMs: 500 }));
    expect(error.code).toBe(4);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('grpc - missing required fields are INVALID_ARGUMENT naming the field', async () => {
    const noQueue = await failure(call(clients.command, 'SendCommand', { event: { data: Buffer.from('x') } }));
    expect(noQueue).toMatchObject({ code: 3, outrigger: 'bad_request', details: expect.stringContaining("'queue'") });
    const noEvent = await failure(call(clients.publish, 'Publish', { topic: `t-${run}` }));
    expect(noEvent).toMatchObject({ code: 3, details: expect.stringContaining("'event'") });
    const noLease = await failure(call(clients.command, 'Ack', { queue: `q-${run}` }));
    expect(noLease).toMatchObject({ code: 3, details: expect.stringContaining("'lease'") });
    const noChoice = await failure(call(clients.deadLetter, 'Redrive', { name: `q-${run}` }));
    expect(noChoice).toMatchObject({ code: 3, details: expect.stringContaining("'all'") });
    const emptyBatch = await failure(call(clients.publish, 'PublishBatch', { topic: `t-${run}`, events: [] }));
    expect(emptyBatch.code).toBe(3);
  });

  it('grpc - out-of-range values are INVALID_ARGUMENT', async () => {
    expect((await failure(call(clients.command, 'Receive', { queue: `q-${run}`, max: 5000 }))).code).toBe(3);
    expect((await failure(call(clients.command, 'Receive', { queue: `q-${run}`, wait: { seconds: 3600 } }))).code).toBe(3);
    expect((await failure(call(clients.stream, 'Append', { stream: `s-${run}`, event: { data: Buffer.from('x') }, partition: 99 }))).code).toBe(3);
    const badTime = await failure(call(clients.publish, 'Publish', { topic: `t-${run}`, event: { time: { seconds: -5 } } }));
    expect(badTime).toMatchObject({ code: 3, details: expect.stringContaining('event.time') });
    const reserved = await failure(call(clients.publish, 'Publish', { topic: `t-${run}`, event: { extensions: { id: 'x' } } }));
    expect(reserved).toMatchObject({ code: 3, outrigger: 'invalid_cloudevent' });
    expect((await failure(call(clients.publish, 'Publish', { topic: `t-${run}`, event: { specVersion: '0.3' } }))).code).toBe(3);
  });

  it('grpc - bytes that are not a valid message are INVALID_ARGUMENT, not INTERNAL', async () => {
    const Raw = makeGenericClientConstructor(
      {
        SendCommand: {
          path: '/outrigger.v1.CommandService/SendCommand',
          requestStream: false,
          responseStream: false,
          requestSerialize: (value: Buffer) => value,
          requestDeserialize: (value: Buffer) => value,
          responseSerialize: (value: Buffer) => value,
          responseDeserialize: (value: Buffer) => value,
        },
      },
      'Raw',
    );
    const raw = new Raw(daemon.grpcAddr, credentials.createInsecure()) as unknown as Record<string, (...args: unknown[]) => void> & { close(): void };
    try {
      // Field 1 (queue) declared as a string 200 bytes long, with 3 bytes present.
      const error = await new Promise<ServiceError>((resolve) => raw.SendCommand!(Buffer.from([0x0a, 0xc8, 0x01, 0x61, 0x62, 0x63]), (err: ServiceError) => resolve(err)));
      expect(error.code).toBe(3);
    } finally {
      raw.close();
    }
  });

  it('grpc - a message over the receive limit is RESOURCE_EXHAUSTED naming the sizes', async () => {
    const error = await failure(call(clients.command, 'SendCommand', { queue: `big-${run}`, event: { data: Buffer.alloc(3 * 1024 * 1024) } }));
    expect(error.code).toBe(8);
    expect(error.details).toMatch(/larger than max/);
    const justOver = await failure(call(clients.command, 'SendCommand', { queue: `big-${run}`, event: { data: Buffer.alloc(1_048_577) } }));
    expect(justOver).toMatchObject({ code: 8, outrigger: 'payload_too_large', details: expect.stringContaining('1048576') });
  });

  it('grpc - Query refuses unknown targets and headers HTTP cannot carry', async () => {
    expect(await failure(call(clients.query, 'Query', { target: 'catalog', path: '/x' }))).toMatchObject({ code: 5, outrigger: 'unknown_resource' });
    const badHeader = await failure(call(clients.query, 'Query', { target: 'catalog', headers: { 'bad name': 'x' } }));
    expect(badHeader).toMatchObject({ code: 3, outrigger: 'bad_request' });
  });

  it('grpc - after all of that the daemon still answers, and Meta describes it', async () => {
    const meta = await call(clients.meta, 'GetMeta', {});
    expect(meta).toMatchObject({ appId: 'app', development: true });
    expect(meta.brokers[0]).toMatchObject({ name: 'local', driver: 'embedded', connected: true });
    expect(meta.brokers[0].capabilities.maxMessageBytes).toBeGreaterThan(0);
  });
});

describe('grpc api - ReadStreamBatches', () => {
  async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
    const items: T[] = [];
    for await (const item of stream) items.push(item);
    return items;
  }

  it('grpc - sends the same events as ReadStream, grouped by partition in offset order, and honours limit', async () => {
    const stream = `batches-${run}`;
    // Three keys: over 500 events (one broker read) in each partition they land in.
    await Promise.all(
      Array.from({ length: 1600 }, (_, i) =>
        call(clients.stream, 'Append', { stream, event: { data: Buffer.from(JSON.stringify({ i })), contentType: 'application/json' }, partitionKey: `k${i % 3}` }),
      ),
    );
    const single = await collect(clients.stream.ReadStream({ stream, start: 'START_POSITION_EARLIEST' }) as AsyncIterable<Message>);
    const batches = await collect(clients.stream.ReadStreamBatches({ stream, start: 'START_POSITION_EARLIEST' }) as AsyncIterable<Message>);
    expect(single).toHaveLength(1600);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.length).toBeLessThan(1600 / 100);
    for (const batch of batches) {
      const events = batch.events as Message[];
      expect(events.length).toBeGreaterThan(0);
      expect(new Set(events.map((e) => e.partition)).size).toBe(1);
      events.forEach((e, k) => k > 0 && expect(Number(e.offset)).toBe(Number(events[k - 1]!.offset) + 1));
    }
    const key = (e: Message): string => `${e.partition}:${e.offset}:${e.id}:${Buffer.from(e.event.data as Uint8Array).toString()}`;
    expect(batches.flatMap((b) => (b.events as Message[]).map(key)).sort()).toEqual(single.map(key).sort());

    const limited = await collect(clients.stream.ReadStreamBatches({ stream, start: 'START_POSITION_EARLIEST', limit: 700 }) as AsyncIterable<Message>);
    expect(limited.flatMap((b) => b.events as Message[])).toHaveLength(700);
  });
});
