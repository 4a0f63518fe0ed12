/**
 * Event Hubs driver cases beyond the conformance suite: the partition-key hash, coalesced appends
 * and exact offsets, limits, settings, and a consumer that fails or loses a partition. The real
 * @azure/event-hubs SDK against the project's Event Hubs test broker, checkpoints in Azurite.
 */
import { randomUUID } from 'node:crypto';
import { EventHubProducerClient } from '@azure/event-hubs';
import { BlobCheckpointStore } from '@azure/eventhubs-checkpointstore-blob';
import { ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PartitionContext, StreamEvent } from '../../../src/drivers/contract.js';
import { createEventHubsDriver, type EventHubsDriver } from '../../../src/drivers/azure-eventhubs/index.js';
import { KEYLESS_RUN } from '../../../src/drivers/azure-eventhubs/hub.js';
import { partitionForKey } from '../../../src/drivers/azure-eventhubs/partition-key.js';
import { EventHubsTestBroker } from '../../infra/eventhubs-broker/broker.js';
import { startAzuriteBlob, type RunningAzurite } from '../../infra/helpers/azurite.js';
import { eventually, expectCode, sleep } from '../../conformance/support.js';
// The SDK's own mapping (what its buffered producer and the service use); not part of its public API.
import { mapPartitionKeyToId } from '../../../node_modules/@azure/event-hubs/dist/esm/impl/partitionKeyToIdMapper.js';

let broker: EventHubsTestBroker;
let azurite: RunningAzurite;
let driver: EventHubsDriver;
const quick = { loadBalancingIntervalMs: 300, ownershipExpiryMs: 3000, processRetryMs: 50 };
const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
const n = (event: StreamEvent): number => (JSON.parse(new TextDecoder().decode(event.data)) as { n: number }).n;
const hubName = (): string => `h-${randomUUID().slice(0, 8)}`;

async function open(settings: Record<string, unknown> = {}): Promise<EventHubsDriver> {
  const opened = await createEventHubsDriver({ name: 'eh', settings: { connectionString: broker.connectionString, checkpointStorage: azurite.connectionString, ...quick, ...settings }, dataDir: '.' });
  await opened.connect();
  return opened;
}

async function checkpointOf(stream: string, group: string, partition: number): Promise<number | undefined> {
  const store = new BlobCheckpointStore(new ContainerClient(azurite.connectionString, 'outrigger-checkpoints'));
  const producer = new EventHubProducerClient(broker.connectionString, stream);
  const namespace = producer.fullyQualifiedNamespace;
  await producer.close();
  const checkpoints = await store.listCheckpoints(namespace, stream, group);
  return checkpoints.find((c) => c.partitionId === String(partition))?.sequenceNumber;
}

beforeAll(async () => {
  broker = await EventHubsTestBroker.start({ maxMessageBytes: 64 * 1024 });
  azurite = await startAzuriteBlob();
  driver = await open();
});

afterAll(async () => {
  await driver?.close();
  await broker?.stop();
  await azurite?.stop();
});

describe('eventhubs driver - partition keys', () => {
  it('maps a key to the partition the SDK and the service pick, for keys of every tail length', () => {
    const keys = ['', 'a', 'ab', 'abc', 'abcd', 'sensor-1', 'order-12345', 'twelve-chars', 'thirteen-char', 'ümlaut-käse', 'a much longer partition key than twelve bytes, spanning blocks', randomUUID()];
    for (let i = 0; i < 200; i++) keys.push(`key-${i}-${'x'.repeat(i % 29)}`);
    for (const count of [1, 2, 3, 4, 7, 32]) {
      for (const key of keys) expect(partitionForKey(key, count), `${key} over ${count}`).toBe(mapPartitionKeyToId(key, count));
    }
  });
});

describe('eventhubs driver - appends', () => {
  it('coalesces appends made in one turn into one batch, each caller getting its own exact offset', async () => {
    const stream = hubName();
    broker.createHub(stream, 1);
    await driver.streams.ensureStream(stream, { partitions: 1, retentionMs: 3_600_000 });
    const sends = vi.spyOn(EventHubProducerClient.prototype, 'sendBatch');
    try {
      const receipts = await Promise.all(Array.from({ length: 40 }, (_, i) => driver.streams.append(stream, [{ id: `e${i}`, headers: {}, data: encode({ n: i }) }])));
      expect(receipts.map(([r]) => r?.offset)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      expect(sends.mock.calls.length).toBeLessThanOrEqual(2);
    } finally {
      sends.mockRestore();
    }
    const events = await driver.streams.read(stream, 0, { from: { kind: 'earliest' }, max: 100 });
    expect(events.map((e) => [e.id, e.offset])).toEqual(Array.from({ length: 40 }, (_, i) => [`e${i}`, i]));
  });

  it('keeps offsets exact when another producer writes to the partition in between', async () => {
    const stream = hubName();
    broker.createHub(stream, 1);
    const [first] = await driver.streams.append(stream, [{ id: 'ours-1', headers: {}, data: encode({ n: 1 }) }]);
    expect(first?.offset).toBe(0);
    broker.append(stream, '0', ['theirs-a', 'theirs-b', 'theirs-c']);
    const receipts = await driver.streams.append(stream, [
      { id: 'ours-2', headers: {}, data: encode({ n: 2 }) },
      { id: 'ours-3', headers: {}, data: encode({ n: 3 }) },
    ]);
    expect(receipts.map((r) => r.offset)).toEqual([4, 5]);
    const events = await driver.streams.read(stream, 0, { from: { kind: 'offset', offset: 4 }, max: 10 });
    expect(events.map((e) => e.id)).toEqual(['ours-2', 'ours-3']);
  });

  it('keeps offsets exact when another producer wrote more events in between than one read returns', async () => {
    const stream = hubName();
    broker.createHub(stream, 1);
    await driver.streams.append(stream, [{ id: 'ours-1', headers: {}, data: encode({ n: 1 }) }]);
    broker.append(stream, '0', Array.from({ length: 3_000 }, (_, i) => `theirs-${i}`));
    const [receipt] = await driver.streams.append(stream, [{ id: 'ours-2', headers: {}, data: encode({ n: 2 }) }]);
    expect(receipt?.offset).toBe(3_001);
    const events = await driver.streams.read(stream, 0, { from: { kind: 'offset', offset: 3_001 }, max: 10 });
    expect(events.map((e) => e.id)).toEqual(['ours-2']);
  });

  it('spreads keyless appends over the partitions in runs and keeps a keyed event in its key partition', async () => {
    const stream = hubName();
    broker.createHub(stream, 3);
    const partitions = new Set<number>();
    for (let run = 0; run < 3; run++) {
      const receipts = await driver.streams.append(stream, Array.from({ length: KEYLESS_RUN }, (_, i) => ({ id: `k${run}-${i}`, headers: {}, data: encode({ n: i }) })));
      expect(new Set(receipts.map((r) => r.partition)).size).toBe(1);
      partitions.add(receipts[0]!.partition);
    }
    expect(partitions.size).toBe(3);
    // Single keyless appends in a row share a partition (and so its batches) until the run is used up.
    const [a] = await driver.streams.append(stream, [{ id: 'single-a', headers: {}, data: encode({ n: 1 }) }]);
    const [b] = await driver.streams.append(stream, [{ id: 'single-b', headers: {}, data: encode({ n: 2 }) }]);
    expect(b?.partition).toBe(a?.partition);
    const [keyed] = await driver.streams.append(stream, [{ id: 'keyed', headers: { 'ce-type': 'T' }, data: encode({ n: 9 }), partitionKey: 'sensor-7' }]);
    expect(String(keyed?.partition)).toBe(broker.partitionForKey(stream, 'sensor-7'));
  });

  it('reads events another producer sent with a partition key: key, headers and bytes as sent', async () => {
    const stream = hubName();
    broker.createHub(stream, 4);
    const producer = new EventHubProducerClient(broker.connectionString, stream);
    const batch = await producer.createBatch({ partitionKey: 'device-9' });
    batch.tryAdd({ body: Buffer.from('{"raw":true}'), contentType: 'application/json', messageId: 'ext-1', properties: { 'CE-Type': 'Reading', count: 3 } });
    await producer.sendBatch(batch);
    await producer.close();
    const partition = Number(broker.partitionForKey(stream, 'device-9'));
    const [event] = await driver.streams.read(stream, partition, { from: { kind: 'earliest' }, max: 10 });
    expect(event).toMatchObject({ id: 'ext-1', partition, offset: 0, partitionKey: 'device-9', headers: { 'content-type': 'application/json', 'ce-type': 'Reading', count: '3' } });
    expect(new TextDecoder().decode(event!.data)).toBe('{"raw":true}');
    // Our own keyed appends land where the service puts that key.
    const [ours] = await driver.streams.append(stream, [{ id: 'ours', headers: {}, data: encode({ n: 1 }), partitionKey: 'device-9' }]);
    expect(ours).toMatchObject({ partition, offset: 1 });
  });

  it('refuses an event over maxMessageBytes, and one the hub finds too large, with payload_too_large', async () => {
    const stream = hubName();
    broker.createHub(stream, 1);
    const error = await expectCode(driver.streams.append(stream, [{ id: 'big', headers: {}, data: new Uint8Array(1024 * 1024 + 1) }]), 'payload_too_large');
    expect(error.extensions.limit).toBe(1024 * 1024);
    // This broker's hubs take 64 KiB: the batch itself refuses the event.
    await expectCode(driver.streams.append(stream, [{ id: 'big', headers: {}, data: new Uint8Array(100 * 1024) }]), 'payload_too_large');
    const [ok] = await driver.streams.append(stream, [{ id: 'small', headers: {}, data: encode({ n: 1 }) }]);
    expect(ok?.offset).toBe(0);
  });

  it('a throttled append is broker_unavailable with Retry-After, and the driver reports itself disconnected until an operation succeeds', async () => {
    const stream = hubName();
    broker.createHub(stream, 1);
    await driver.streams.ensureStream(stream, { partitions: 1, retentionMs: 1000 });
    expect(driver.isConnected()).toBe(true);
    broker.serverBusy(5);
    const error = await expectCode(driver.streams.append(stream, [{ id: 'busy', headers: {}, data: encode({ n: 1 }) }]), 'broker_unavailable');
    expect(error.retriable).toBe(true);
    expect(error.retryAfterSeconds).toBe(4);
    expect(driver.isConnected()).toBe(false);
    broker.serverBusy(0);
    await driver.streams.partitions(stream);
    expect(driver.isConnected()).toBe(true);
  });

  it('says unknown_resource for a hub that does not exist', async () => {
    await expectCode(driver.streams.ensureStream(hubName(), { partitions: 1, retentionMs: 1000 }), 'unknown_resource');
  });
});

describe('eventhubs driver - settings', () => {
  it('lists every bad setting in one bad_request', async () => {
    const error = await expectCode(
      createEventHubsDriver({ name: 'bad', settings: { connectionString: 'Endpoint=sb://x/;EntityPath=hub', checkpointContainer: 'No_Such', loadBalancingIntervalMs: 5000, ownershipExpiryMs: 6000, colour: 1 }, dataDir: '.' }),
      'bad_request',
    );
    expect(error.message).toMatch(/unknown setting 'colour'/);
    expect(error.message).toMatch(/EntityPath/);
    expect(error.message).toMatch(/checkpointContainer/);
    expect(error.message).toMatch(/ownershipExpiryMs/);
    await expectCode(createEventHubsDriver({ name: 'none', settings: {}, dataDir: '.' }), 'bad_request');
  });

  it('refuses consumer groups without checkpoint storage', async () => {
    const bare = await createEventHubsDriver({ name: 'bare', settings: { connectionString: broker.connectionString }, dataDir: '.' });
    await bare.connect();
    const stream = hubName();
    broker.createHub(stream, 1);
    await expectCode(bare.streams.consume(stream, 'g', { start: { kind: 'earliest' }, maxBatch: 1 }, { processEvents: async () => undefined }), 'unsupported_operation');
    await bare.close();
  });
});

describe('eventhubs driver - consuming', () => {
  it('repeats a failed batch with the same events and never checkpoints past the failed one', async () => {
    const stream = hubName();
    broker.createHub(stream, 1);
    await driver.streams.append(stream, [1, 2, 3, 4, 5].map((i) => ({ id: `f${i}`, headers: {}, data: encode({ n: i }) })));
    const seen: number[][] = [];
    const checkpointsWhileFailing: Array<number | undefined> = [];
    let failures = 0;
    let finished = false;
    const consumer = await driver.streams.consume(stream, 'g', { start: { kind: 'earliest' }, maxBatch: 10 }, {
      async processEvents(events, context) {
        seen.push(events.map(n));
        for (const event of events) {
          if (n(event) === 3 && failures < 3) {
            failures++;
            checkpointsWhileFailing.push(await checkpointOf(stream, 'g', 0));
            throw new Error('app failed on 3');
          }
          // Like the stream pump: everything before the failure is done and checkpointed.
          await context.checkpoint(event.offset);
          if (n(event) === 5) finished = true;
        }
      },
    });
    expect(await eventually(() => finished, 10_000)).toBe(true);
    await consumer.close();
    // 1 and 2 are checkpointed before the first failure; retries bring only 3 onwards.
    expect(seen[0]).toEqual([1, 2, 3, 4, 5]);
    expect(seen.slice(1, 4)).toEqual([[3, 4, 5], [3, 4, 5], [3, 4, 5]]);
    expect(checkpointsWhileFailing.every((c) => c === 1)).toBe(true);
    expect(await checkpointOf(stream, 'g', 0)).toBe(4);
    expect((await driver.streams.lag(stream, 'g'))[0]).toMatchObject({ lag: 0, checkpoint: 4 });
  });

  it('a receiver disconnected by the service (stolen link) is reopened from where it was: nothing lost, nothing skipped', async () => {
    const stream = hubName();
    broker.createHub(stream, 1);
    await driver.streams.append(stream, [1, 2, 3].map((i) => ({ id: `s${i}`, headers: {}, data: encode({ n: i }) })));
    const got: number[] = [];
    const consumer = await driver.streams.consume(stream, 'g', { start: { kind: 'earliest' }, maxBatch: 10 }, {
      async processEvents(events, context) {
        got.push(...events.map(n));
        await context.checkpoint(events.at(-1)!.offset);
      },
    });
    expect(await eventually(() => got.length === 3, 10_000)).toBe(true);
    expect(broker.detachReceivers({ hub: stream }, { condition: 'amqp:link:stolen', description: 'taken by a test' })).toBeGreaterThan(0);
    await driver.streams.append(stream, [4, 5].map((i) => ({ id: `s${i}`, headers: {}, data: encode({ n: i }) })));
    expect(await eventually(() => got.includes(5), 15_000)).toBe(true);
    await sleep(200);
    await consumer.close();
    expect(got).toEqual([1, 2, 3, 4, 5]);
    expect(await checkpointOf(stream, 'g', 0)).toBe(4);
  });

  it('a partition claimed by another member mid-call aborts its context at once, refuses its checkpoint, and is processed again from the checkpoint', async () => {
    const stream = hubName();
    broker.createHub(stream, 1);
    await driver.streams.append(stream, [1, 2].map((i) => ({ id: `c${i}`, headers: {}, data: encode({ n: i }) })));
    const got: number[] = [];
    const contexts = new Set<PartitionContext>();
    let hold: (() => void) | undefined;
    let refused: unknown;
    const consumer = await driver.streams.consume(stream, 'g', { start: { kind: 'earliest' }, maxBatch: 10 }, {
      async processEvents(events, context) {
        contexts.add(context);
        if (events.some((e) => n(e) === 3) && contexts.size === 1) {
          await new Promise<void>((resolve) => (hold = resolve));
          refused = await context.checkpoint(events.at(-1)!.offset).then(() => 'checkpointed', (err: unknown) => err);
          return;
        }
        got.push(...events.map(n));
        await context.checkpoint(events.at(-1)!.offset);
      },
    });
    expect(await eventually(() => got.length === 2, 10_000)).toBe(true);
    await driver.streams.append(stream, [{ id: 'c3', headers: {}, data: encode({ n: 3 }) }]);
    expect(await eventually(() => hold !== undefined, 10_000)).toBe(true);
    // Another member takes the claim, as the SDK's load balancing of a new replica would.
    const store = new BlobCheckpointStore(new ContainerClient(azurite.connectionString, 'outrigger-checkpoints'));
    const producer = new EventHubProducerClient(broker.connectionString, stream);
    // A claim is conditional on the blob's ETag: when this member renewed in between, try again.
    const taken = await eventually(async () => {
      const [claim] = await store.listOwnership(producer.fullyQualifiedNamespace, stream, 'g');
      return claim !== undefined && (await store.claimOwnership([{ ...claim, ownerId: 'another-member' }])).length === 1;
    }, 5000);
    await producer.close();
    const [context] = [...contexts];
    if (!taken || !(await eventually(() => context!.signal.aborted, 5000))) {
      hold?.();
      expect.fail(`the claim was ${taken ? '' : 'not '}taken, but the partition was not given up`);
    }
    expect(consumer.ownedPartitions()).toEqual([]);
    hold?.();
    expect(await eventually(() => refused !== undefined, 5000)).toBe(true);
    expect((refused as { code?: string }).code).toBe('lease_expired');
    expect(await checkpointOf(stream, 'g', 0)).toBe(1);
    // The other member never renews its claim: once it expires, this member takes the partition back from the checkpoint.
    expect(await eventually(() => got.includes(3), 15_000)).toBe(true);
    await consumer.close();
    expect(got).toEqual([1, 2, 3]);
  });

  it('a partition taken over by a joining member is not delivered there before the old owner stopped its delivery in flight', async () => {
    const stream = hubName();
    broker.createHub(stream, 2);
    const other = await open();
    const log: string[] = [];
    let releaseHeld: (() => void) | undefined;
    const first = await driver.streams.consume(stream, 'g', { start: { kind: 'earliest' }, maxBatch: 10 }, {
      async processEvents(events, context) {
        log.push(`one:start:${context.partition}`);
        // Like the stream pump: the delivery in flight ends when the context is aborted.
        await new Promise<void>((resolve) => {
          releaseHeld = resolve;
          context.signal.addEventListener('abort', () => resolve(), { once: true });
        });
        log.push(`one:${context.signal.aborted ? 'aborted' : 'done'}:${context.partition}`);
        if (!context.signal.aborted) await context.checkpoint(events.at(-1)!.offset);
      },
    });
    expect(await eventually(() => first.ownedPartitions().length === 2, 10_000)).toBe(true);
    await driver.streams.append(stream, [0, 1].map((p) => ({ id: `t${p}`, headers: {}, data: encode({ n: p }), partition: p })));
    expect(await eventually(() => log.filter((l) => l.startsWith('one:start')).length === 2, 10_000)).toBe(true);
    const second = await other.streams.consume(stream, 'g', { start: { kind: 'earliest' }, maxBatch: 10 }, {
      async processEvents(events, context) {
        log.push(`two:start:${context.partition}`);
        await context.checkpoint(events.at(-1)!.offset);
      },
    });
    expect(await eventually(() => second.ownedPartitions().length === 1 && first.ownedPartitions().length === 1, 10_000)).toBe(true);
    const [taken] = second.ownedPartitions();
    // Whichever partition moved: its delivery in the old owner ended before the new owner began.
    expect(await eventually(() => log.includes(`two:start:${taken}`), 10_000), log.join(' ')).toBe(true);
    const startedThere = log.indexOf(`two:start:${taken}`);
    const heldThere = log.indexOf(`one:start:${taken}`);
    if (heldThere >= 0) expect(log.indexOf(`one:aborted:${taken}`), log.join(' ')).toBeGreaterThanOrEqual(0);
    if (heldThere >= 0) expect(log.indexOf(`one:aborted:${taken}`), log.join(' ')).toBeLessThan(startedThere);
    releaseHeld?.();
    await second.close();
    await first.close();
    await other.close();
  });

  it('with checkpointIntervalMs, writes at most one checkpoint per interval, and the latest one when it stops', async () => {
    const deferred = await open({ checkpointIntervalMs: 400 });
    const stream = hubName();
    broker.createHub(stream, 1);
    await deferred.streams.append(stream, [1, 2, 3].map((i) => ({ id: `d${i}`, headers: {}, data: encode({ n: i }) })));
    let done = 0;
    const consumer = await deferred.streams.consume(stream, 'g', { start: { kind: 'earliest' }, maxBatch: 1 }, {
      async processEvents(events, context) {
        await context.checkpoint(events.at(-1)!.offset);
        done += events.length;
      },
    });
    expect(await eventually(() => done === 3, 10_000)).toBe(true);
    const soon = await checkpointOf(stream, 'g', 0);
    expect(soon === undefined || soon < 2).toBe(true);
    expect(await eventually(async () => (await checkpointOf(stream, 'g', 0)) === 2, 5000)).toBe(true);
    await deferred.streams.append(stream, [{ id: 'd4', headers: {}, data: encode({ n: 4 }) }]);
    expect(await eventually(() => done === 4, 10_000)).toBe(true);
    await consumer.close();
    expect(await checkpointOf(stream, 'g', 0)).toBe(3);
    await deferred.close();
  });

  it('after retention dropped old events, earliest and an offset before the start begin at the oldest retained event', async () => {
    const stream = hubName();
    broker.createHub(stream, 1);
    await driver.streams.append(stream, [0, 1, 2, 3, 4].map((i) => ({ id: `r${i}`, headers: {}, data: encode({ n: i }) })));
    broker.hub(stream)!.partition('0')!.truncate(3);
    expect(await driver.streams.partitions(stream)).toEqual([{ partition: 0, firstOffset: 3, nextOffset: 5 }]);
    expect((await driver.streams.read(stream, 0, { from: { kind: 'offset', offset: 1 }, max: 10 })).map(n)).toEqual([3, 4]);
    const got: number[] = [];
    const consumer = await driver.streams.consume(stream, 'g', { start: { kind: 'earliest' }, maxBatch: 10 }, {
      async processEvents(events) {
        got.push(...events.map(n));
      },
    });
    expect(await eventually(() => got.length >= 2, 10_000)).toBe(true);
    await consumer.close();
    expect(got).toEqual([3, 4]);
    expect((await driver.streams.lag(stream, 'g'))[0]).toMatchObject({ lag: 2, checkpoint: null });
  });

  it('reports lag per partition as last sequence number minus checkpoint', async () => {
    const stream = hubName();
    broker.createHub(stream, 2);
    await driver.streams.append(stream, [1, 2, 3].map((i) => ({ id: `l${i}`, headers: {}, data: encode({ n: i }), partition: 0 })));
    expect(await driver.streams.lag(stream, 'fresh')).toEqual([
      { partition: 0, lag: 3, checkpoint: null },
      { partition: 1, lag: 0, checkpoint: null },
    ]);
    await sleep(1);
  });
});
