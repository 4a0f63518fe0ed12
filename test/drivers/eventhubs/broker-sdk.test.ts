/**
 * The real @azure/event-hubs SDK against the Event Hubs test broker, without the driver: proves the
 * broker speaks enough of the service (and Azurite enough Blob storage for the checkpoint store)
 * that driver tests built on them mean something.
 */
import { randomUUID } from 'node:crypto';
import {
  type CloseReason,
  earliestEventPosition,
  EventHubBufferedProducerClient,
  EventHubConsumerClient,
  EventHubProducerClient,
  type EventPosition,
  latestEventPosition,
  type PartitionContext,
  type ReceivedEventData,
  type Subscription,
} from '@azure/event-hubs';
import { BlobCheckpointStore } from '@azure/eventhubs-checkpointstore-blob';
import { ContainerClient } from '@azure/storage-blob';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bodyBytes, EventHubsTestBroker, type StoredEvent } from '../../infra/eventhubs-broker/broker.js';
import { parseSelector } from '../../infra/eventhubs-broker/hubs.js';
import { type RunningAzurite, startAzuriteBlob } from '../../infra/helpers/azurite.js';

const retryOptions = { maxRetries: 3, retryDelayInMs: 100, timeoutInMs: 10_000 };

/** Waits until the check passes (returns truthy), or fails with the last state. */
async function until<T>(check: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Reading {
  events: ReceivedEventData[];
  errors: Error[];
  closed: CloseReason[];
  contexts: PartitionContext[];
  subscription: Subscription;
}

describe('eventhubs test broker - selector filters', () => {
  it('filters - parses what the SDK sends and nothing else', () => {
    expect(parseSelector("amqp.annotation.x-opt-offset > '-1'")).toEqual({ kind: 'earliest' });
    expect(parseSelector("amqp.annotation.x-opt-offset > '@latest'")).toEqual({ kind: 'latest' });
    expect(parseSelector("amqp.annotation.x-opt-offset >= '120'")).toEqual({ kind: 'offset', value: 120, inclusive: true });
    expect(parseSelector("amqp.annotation.x-opt-sequence-number > '7'")).toEqual({ kind: 'sequence', value: 7, inclusive: false });
    expect(parseSelector("amqp.annotation.x-opt-enqueued-time > '1700000000000'")).toEqual({ kind: 'time', value: 1_700_000_000_000, inclusive: false });
    expect(parseSelector(undefined)).toEqual({ kind: 'earliest' });
    expect(parseSelector("amqp.annotation.x-opt-offset < '5'")).toBeUndefined();
    expect(parseSelector("amqp.annotation.x-opt-sequence-number > 'abc'")).toBeUndefined();
    expect(parseSelector("sys.partition-key = 'a'")).toBeUndefined();
  });
});

describe('eventhubs test broker - the real SDK', () => {
  let broker: EventHubsTestBroker;
  const closers: (() => Promise<unknown>)[] = [];
  const hubName = (): string => `hub-${randomUUID().slice(0, 8)}`;
  const producer = (hub: string, timeoutInMs = retryOptions.timeoutInMs): EventHubProducerClient => {
    const client = new EventHubProducerClient(broker.connectionString, hub, { retryOptions: { ...retryOptions, timeoutInMs } });
    closers.push(() => client.close());
    return client;
  };
  const consumer = (hub: string, group = '$Default'): EventHubConsumerClient => {
    const client = new EventHubConsumerClient(group, broker.connectionString, hub, { retryOptions });
    closers.push(() => client.close());
    return client;
  };
  /** Subscribes to one partition and records what arrives. */
  const read = (client: EventHubConsumerClient, partitionId: string, options: { startPosition?: EventPosition; ownerLevel?: number; trackLastEnqueuedEventProperties?: boolean } = {}): Reading => {
    const reading: Reading = { events: [], errors: [], closed: [], contexts: [], subscription: undefined as unknown as Subscription };
    reading.subscription = client.subscribe(
      partitionId,
      {
        processEvents: async (events, context) => {
          reading.events.push(...events);
          reading.contexts.push(context);
        },
        processError: async (error) => {
          reading.errors.push(error as Error);
        },
        processClose: async (reason) => {
          reading.closed.push(reason);
        },
      },
      { maxWaitTimeInSeconds: 1, ...options },
    );
    closers.push(() => reading.subscription.close());
    return reading;
  };

  beforeAll(async () => {
    broker = await EventHubsTestBroker.start();
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it('management - hub and partition properties, before and after sends', async () => {
    const name = hubName();
    broker.createHub(name, 3);
    const client = producer(name);
    const hub = await client.getEventHubProperties();
    expect(hub.name).toBe(name);
    expect(hub.partitionIds).toEqual(['0', '1', '2']);
    expect(hub.createdOn).toBeInstanceOf(Date);
    const empty = await client.getPartitionProperties('1');
    expect(empty).toMatchObject({ partitionId: '1', eventHubName: name, isEmpty: true, lastEnqueuedSequenceNumber: -1, beginningSequenceNumber: 0 });
    await client.sendBatch([{ body: 'a' }, { body: 'b' }], { partitionId: '1' });
    await client.sendBatch([{ body: 'c' }], { partitionId: '1' });
    const after = await client.getPartitionProperties('1');
    const last = broker.hub(name)?.partition('1')?.last;
    expect(after).toMatchObject({ isEmpty: false, lastEnqueuedSequenceNumber: 2, lastEnqueuedOffset: last?.offset });
    expect(after.lastEnqueuedOnUtc.getTime()).toBe(last?.enqueuedTime);
    await expect(client.getPartitionProperties('7')).rejects.toThrow(/partition is invalid/);
    await expect(producer('no-such-hub').getEventHubProperties()).rejects.toThrow(/could not be found/);
  });

  it('consumer groups - a hub created with a list accepts only $default and those groups', async () => {
    const name = hubName();
    broker.createHub(name, 1, { consumerGroups: ['ops'] });
    await producer(name).sendBatch([{ body: 'x' }], { partitionId: '0' });
    const ops = read(consumer(name, 'ops'), '0', { startPosition: earliestEventPosition });
    const unknown = read(consumer(name, 'nope'), '0', { startPosition: earliestEventPosition });
    await until(() => ops.events.length === 1 && unknown.errors.length > 0, 'the ops reader to read and the unknown group to fail');
    expect(unknown.errors[0]?.message).toMatch(/could not be found/);
    expect(unknown.events).toEqual([]);
  });

  it('send - a partition key always lands in the same partition (the service hash), an id in that partition, no key round-robin', async () => {
    const name = hubName();
    const hub = broker.createHub(name, 4);
    const client = producer(name);
    for (const round of [1, 2, 3]) {
      const batch = await client.createBatch({ partitionKey: 'order-42' });
      expect(batch.tryAdd({ body: { round } })).toBe(true);
      expect(batch.tryAdd({ body: { round, second: true } })).toBe(true);
      await client.sendBatch(batch);
    }
    const keyed = hub.partition(broker.partitionForKey(name, 'order-42'));
    expect(keyed?.events.map((e) => e.partitionKey)).toEqual(Array(6).fill('order-42'));
    expect(hub.partitions.filter((p) => p.events.length > 0)).toHaveLength(1);
    // Many keys spread over the partitions; each key's events stay together.
    for (let i = 0; i < 40; i++) await client.sendBatch([{ body: i }], { partitionKey: `k${i}` });
    const used = new Set(hub.partitions.filter((p) => p.events.some((e) => e.partitionKey?.startsWith('k'))).map((p) => p.id));
    expect(used.size).toBeGreaterThan(1);
    for (const partition of hub.partitions) {
      for (const event of partition.events) expect(broker.partitionForKey(name, event.partitionKey as string)).toBe(partition.id);
    }
    // The buffered producer hashes keys itself and sends to partition ids: the same mapping.
    const buffered = new EventHubBufferedProducerClient(broker.connectionString, name, { retryOptions, maxWaitTimeInMs: 50, onSendEventsErrorHandler: () => undefined });
    closers.push(() => buffered.close({ flush: false }));
    for (let i = 0; i < 20; i++) await buffered.enqueueEvent({ body: `buffered-${i}` }, { partitionKey: `b${i}` });
    await buffered.flush();
    // It sends by partition id, so the key is not on the wire: find each event by its body.
    const landed = hub.partitions.flatMap((p) => p.events.map((e) => [JSON.parse(bodyBytes(e).toString()) as unknown, p.id]));
    for (let i = 0; i < 20; i++) expect(landed).toContainEqual([`buffered-${i}`, broker.partitionForKey(name, `b${i}`)]);
    await client.sendBatch([{ body: 'direct' }], { partitionId: '3' });
    expect(hub.partition('3')?.last?.partitionKey).toBeUndefined();
    const before = hub.partitions.map((p) => p.events.length);
    for (let i = 0; i < 4; i++) await client.sendBatch([{ body: `rr${i}` }]);
    expect(hub.partitions.map((p, i) => p.events.length - (before[i] ?? 0))).toEqual([1, 1, 1, 1]);
  });

  it('send - max-message-size is advertised (1 MiB) and a larger send is rejected as MessageTooLargeError', async () => {
    const name = hubName();
    broker.createHub(name, 1);
    const client = producer(name);
    const batch = await client.createBatch();
    expect(batch.maxSizeInBytes).toBe(1024 * 1024);
    expect(batch.tryAdd({ body: Buffer.alloc(1024 * 1024 + 1) })).toBe(false);
    expect(batch.tryAdd({ body: Buffer.alloc(900 * 1024) })).toBe(true);
    await client.sendBatch(batch);
    await expect(client.sendBatch([{ body: Buffer.alloc(1024 * 1024 + 10) }])).rejects.toMatchObject({ code: 'MessageTooLargeError' });
    expect(broker.hub(name)?.partition('0')?.events).toHaveLength(1);
  });

  it('receive - from earliest, latest, a sequence number, an offset and a time; annotations on every event', async () => {
    const name = hubName();
    broker.createHub(name, 2);
    const client = producer(name);
    await client.sendBatch([{ body: 'e0' }, { body: 'e1' }, { body: 'e2' }], { partitionId: '0' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const cut = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await client.sendBatch([{ body: 'e3' }, { body: 'e4' }], { partitionId: '0' });
    // One subscriber per partition per client (the SDK's rule), so each reader gets its own client.
    const consumers = (): EventHubConsumerClient => consumer(name);
    const bodies = (r: Reading): unknown[] => r.events.map((e) => e.body);

    const earliest = read(consumers(), '0', { startPosition: earliestEventPosition });
    await until(() => earliest.events.length === 5, 'earliest');
    expect(bodies(earliest)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    expect(earliest.events.map((e) => e.sequenceNumber)).toEqual([0, 1, 2, 3, 4]);
    const stored = broker.hub(name)?.partition('0')?.events ?? [];
    expect(earliest.events.map((e) => e.offset)).toEqual(stored.map((e) => e.offset));
    expect(earliest.events[1]?.offset).not.toBe('1');
    expect(earliest.events[0]?.enqueuedTimeUtc.getTime()).toBe(stored[0]?.enqueuedTime);

    const fromSeq = read(consumers(), '0', { startPosition: { sequenceNumber: 2 } });
    const fromSeqInclusive = read(consumers(), '0', { startPosition: { sequenceNumber: 2, isInclusive: true } });
    const fromOffset = read(consumers(), '0', { startPosition: { offset: stored[3]?.offset as string } });
    const fromTime = read(consumers(), '0', { startPosition: { enqueuedOn: cut } });
    await until(() => fromSeq.events.length === 2 && fromSeqInclusive.events.length === 3 && fromOffset.events.length === 1 && fromTime.events.length === 2, 'positioned readers');
    expect(bodies(fromSeq)).toEqual(['e3', 'e4']);
    expect(bodies(fromSeqInclusive)).toEqual(['e2', 'e3', 'e4']);
    expect(bodies(fromOffset)).toEqual(['e4']);
    expect(bodies(fromTime)).toEqual(['e3', 'e4']);
    for (const r of [fromSeq, fromSeqInclusive, fromOffset, fromTime]) await r.subscription.close();

    const latest = read(consumers(), '0', { startPosition: latestEventPosition });
    await until(() => broker.receivers({ hub: name }).length === 2, 'the latest reader to attach');
    await client.sendBatch([{ body: 'e5' }], { partitionId: '0' });
    await until(() => latest.events.length === 1 && earliest.events.length === 6, 'the new event');
    expect(bodies(latest)).toEqual(['e5']);
    expect(latest.events[0]?.sequenceNumber).toBe(5);
    expect([...earliest.errors, ...latest.errors]).toEqual([]);
  });

  it('receive - order is kept per partition across batches, partitions independent', async () => {
    const name = hubName();
    broker.createHub(name, 2);
    const client = producer(name);
    for (let b = 0; b < 10; b++) {
      await Promise.all([
        client.sendBatch(Array.from({ length: 5 }, (_, i) => ({ body: b * 5 + i })), { partitionId: '0' }),
        client.sendBatch([{ body: `one-${b}` }], { partitionId: '1' }),
      ]);
    }
    const c = consumer(name);
    const zero = read(c, '0', { startPosition: earliestEventPosition });
    const one = read(c, '1', { startPosition: earliestEventPosition });
    await until(() => zero.events.length === 50 && one.events.length === 10, 'all events');
    expect(zero.events.map((e) => e.body)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(zero.events.map((e) => e.sequenceNumber)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(one.events.map((e) => e.body)).toEqual(Array.from({ length: 10 }, (_, b) => `one-${b}`));
  });

  it('receive - runtime metrics (trackLastEnqueuedEventProperties) report the partition end', async () => {
    const name = hubName();
    broker.createHub(name, 1);
    await producer(name).sendBatch([{ body: 1 }, { body: 2 }, { body: 3 }], { partitionId: '0' });
    const reading = read(consumer(name), '0', { startPosition: earliestEventPosition, trackLastEnqueuedEventProperties: true });
    await until(() => reading.events.length === 3, 'events');
    const last = broker.hub(name)?.partition('0')?.last;
    expect(reading.contexts.at(-1)?.lastEnqueuedEventProperties).toMatchObject({ sequenceNumber: 2, offset: last?.offset });
    expect(broker.receivers({ hub: name })[0]?.runtimeMetrics).toBe(true);
  });

  it('epochs - a higher owner level takes the partition (ReceiverDisconnectedError), a lower one and a non-epoch reader are refused', async () => {
    const name = hubName();
    broker.createHub(name, 1);
    const client = producer(name);
    await client.sendBatch([{ body: 'before' }], { partitionId: '0' });
    const first = read(consumer(name), '0', { startPosition: earliestEventPosition, ownerLevel: 1 });
    await until(() => first.events.length === 1, 'the first owner to read');
    const second = read(consumer(name), '0', { startPosition: earliestEventPosition, ownerLevel: 2 });
    await until(() => first.errors.length > 0, 'the first owner to be disconnected');
    expect(first.errors[0]).toMatchObject({ code: 'ReceiverDisconnectedError' });
    await until(() => first.closed.includes('OwnershipLost' as CloseReason), 'the first pump to close with OwnershipLost');
    await until(() => second.events.length === 1, 'the new owner to read');
    expect(broker.receivers({ hub: name }).map((r) => r.epoch)).toEqual([2]);

    const lower = read(consumer(name), '0', { startPosition: earliestEventPosition, ownerLevel: 1 });
    const plain = read(consumer(name), '0', { startPosition: earliestEventPosition });
    await until(() => lower.errors.length > 0 && plain.errors.length > 0, 'the lower and non-epoch readers to be refused');
    expect(lower.errors[0]).toMatchObject({ code: 'ReceiverDisconnectedError' });
    expect(plain.errors[0]?.message).toMatch(/non-epoch receiver is not allowed/);
    expect(lower.events).toEqual([]);
    await client.sendBatch([{ body: 'after' }], { partitionId: '0' });
    await until(() => second.events.length === 2, 'the owner to keep reading');
    expect(broker.receivers({ hub: name }).map((r) => r.epoch)).toEqual([2]);
  });

  it('faults - dropped connections, a refused attach and forced detaches are survived by the SDK', async () => {
    const name = hubName();
    broker.createHub(name, 1);
    // A send written to a socket that has just died waits out the attempt timeout before the
    // SDK retries on a new connection: a short timeout keeps the test quick.
    const client = producer(name, 2_000);
    const reading = read(consumer(name), '0', { startPosition: earliestEventPosition });
    await client.sendBatch([{ body: 0 }], { partitionId: '0' });
    await until(() => reading.events.length === 1, 'the first event');
    expect(broker.dropConnections()).toBeGreaterThanOrEqual(2);
    expect(broker.receivers({ hub: name })).toEqual([]);
    await client.sendBatch([{ body: 1 }], { partitionId: '0' });
    broker.refuseNextAttach({ address: `${name}/Partitions/0`, condition: 'com.microsoft:timeout' });
    await client.close();
    const again = producer(name, 2_000);
    await again.sendBatch([{ body: 2 }], { partitionId: '0' });
    await until(() => broker.receivers({ hub: name }).length === 1, 'the consumer to re-attach');
    expect(broker.detachReceivers({ hub: name })).toBe(1);
    broker.serverBusy(1);
    await again.sendBatch([{ body: 3 }], { partitionId: '0' });
    await until(() => reading.events.length === 4, 'every event after the faults', 20_000);
    // The SDK resumes after the last sequence number it saw: nothing lost, nothing twice.
    expect(reading.events.map((e) => e.body)).toEqual([0, 1, 2, 3]);
    await expect(producer('absent').sendBatch([{ body: 1 }])).rejects.toThrow(/could not be found/);
  });

  it('faults - slow sends (an acknowledgement lost with the connection means a duplicate), rejected sends, retention moving the start of a partition', async () => {
    const name = hubName();
    const hub = broker.createHub(name, 1);
    const client = producer(name);
    await client.sendBatch([{ body: 'warm-up' }], { partitionId: '0' });
    broker.delaySends(300);
    const started = Date.now();
    await client.sendBatch([{ body: Buffer.from('slow') }], { partitionId: '0' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(bodyBytes(hub.partition('0')?.last as StoredEvent).toString()).toBe('slow');
    // The connection drops while a send waits: the event is stored, the acknowledgement lost,
    // and the SDK's retry stores it again (at-least-once, as with the service).
    const lost = producer(name, 2_000);
    const pending = lost.sendBatch([{ body: 'twice' }], { partitionId: '0' });
    await until(() => broker.delayedSends === 1, 'the send to reach the broker');
    broker.dropConnections();
    await pending;
    broker.delaySends(0);
    expect(hub.partition('0')?.events.map((e) => bodyBytes(e).toString()).filter((b) => b.includes('twice'))).toHaveLength(2);
    broker.rejectSends(1, { condition: 'com.microsoft:argument-error', description: 'bad event' });
    await expect(client.sendBatch([{ body: 'refused' }], { partitionId: '0' })).rejects.toMatchObject({ code: 'ArgumentError' });
    expect(hub.partition('0')?.events).toHaveLength(4);
    await client.sendBatch([{ body: 'e4' }, { body: 'e5' }], { partitionId: '0' });
    expect(hub.partition('0')?.truncate(4)).toBe(4);
    expect(await client.getPartitionProperties('0')).toMatchObject({ beginningSequenceNumber: 4, lastEnqueuedSequenceNumber: 5 });
    const reading = read(consumer(name), '0', { startPosition: earliestEventPosition });
    await until(() => reading.events.length === 2, 'the retained events');
    expect(reading.events.map((e) => [e.sequenceNumber, e.body])).toEqual([[4, 'e4'], [5, 'e5']]);
  });

  describe('with a blob checkpoint store on Azurite', () => {
    let azurite: RunningAzurite;
    beforeAll(async () => {
      azurite = await startAzuriteBlob();
    });
    afterAll(async () => {
      await azurite?.stop();
    });

    it('two clients in one group split the partitions, the survivor takes over when one leaves, checkpoints are read back and a new client resumes from them', async () => {
      const name = hubName();
      const hub = broker.createHub(name, 4);
      const container = new ContainerClient(azurite.connectionString, `cp-${randomUUID().slice(0, 8)}`);
      await container.create();
      const store = new BlobCheckpointStore(container);
      const client = producer(name);
      const received = new Map<string, ReceivedEventData[]>();
      const start = (): { client: EventHubConsumerClient; owned: Set<string>; subscription: Subscription } => {
        const c = new EventHubConsumerClient('$Default', broker.connectionString, name, store, {
          retryOptions,
          loadBalancingOptions: { strategy: 'balanced', updateIntervalInMs: 200, partitionOwnershipExpirationIntervalInMs: 3_000 },
        });
        closers.push(() => c.close());
        const owned = new Set<string>();
        const subscription = c.subscribe(
          {
            processInitialize: async (context) => {
              owned.add(context.partitionId);
            },
            processClose: async (_reason, context) => {
              owned.delete(context.partitionId);
            },
            processEvents: async (events, context) => {
              if (events.length === 0) return;
              received.set(context.partitionId, [...(received.get(context.partitionId) ?? []), ...events]);
              await context.updateCheckpoint(events.at(-1) as ReceivedEventData);
            },
            processError: async () => undefined,
          },
          { maxWaitTimeInSeconds: 1, startPosition: earliestEventPosition },
        );
        closers.push(() => subscription.close());
        return { client: c, owned, subscription };
      };
      const a = start();
      const b = start();
      // Ownership moves while the balancer settles; wait for the steady state: 2 + 2, disjoint.
      await until(() => a.owned.size === 2 && b.owned.size === 2 && new Set([...a.owned, ...b.owned]).size === 4, 'the partitions to be split 2/2', 20_000);
      const ownership = await store.listOwnership(client.fullyQualifiedNamespace, name, '$Default');
      expect(ownership.map((o) => o.partitionId).sort()).toEqual(['0', '1', '2', '3']);
      await until(() => broker.receivers({ hub: name }).length === 4, 'one receiver per partition');
      expect(broker.receivers({ hub: name }).every((r) => r.epoch === 0)).toBe(true);

      for (const id of hub.partitionIds) await client.sendBatch([{ body: `${id}-a` }, { body: `${id}-b` }], { partitionId: id });
      await until(() => hub.partitionIds.every((id) => received.get(id)?.length === 2), 'every partition read');
      const checkpoints = await until(async () => {
        const list = await store.listCheckpoints(client.fullyQualifiedNamespace, name, '$Default');
        return list.length === 4 && list.every((cp) => cp.sequenceNumber === 1) ? list : undefined;
      }, 'checkpoints');
      for (const cp of checkpoints) expect(cp.offset).toBe(hub.partition(cp.partitionId)?.last?.offset);

      // One client leaves: the other takes its partitions over (from their checkpoints).
      await a.subscription.close();
      await a.client.close();
      await until(() => b.owned.size === 4 && broker.receivers({ hub: name }).length === 4, 'the remaining client to own every partition', 20_000);
      for (const id of hub.partitionIds) await client.sendBatch([{ body: `${id}-b2` }], { partitionId: id });
      await until(() => hub.partitionIds.every((id) => received.get(id)?.length === 3), 'the remaining client to read every partition');
      for (const id of hub.partitionIds) expect(received.get(id)?.map((e) => e.body)).toEqual([`${id}-a`, `${id}-b`, `${id}-b2`]);

      for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
      received.clear();
      const again = producer(name);
      for (const id of hub.partitionIds) await again.sendBatch([{ body: `${id}-c` }], { partitionId: id });
      const c = start();
      await until(() => hub.partitionIds.every((id) => received.get(id)?.length === 1), 'the resumed client to read the new events', 20_000);
      expect(c.owned.size).toBe(4);
      for (const id of hub.partitionIds) expect(received.get(id)?.map((e) => e.body)).toEqual([`${id}-c`]);
    });
  });
});
