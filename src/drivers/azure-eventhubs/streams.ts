/**
 * Stream operations on Event Hubs: one event hub per stream, its partitions as ours, sequence
 * numbers as offsets (codec.ts says why they match), consumer groups over a blob checkpoint store.
 */
import { BlobCheckpointStore } from '@azure/eventhubs-checkpointstore-blob';
import type { ContainerClient } from '@azure/storage-blob';
import { OutriggerError } from '../../kernel/errors.js';
import type {
  AppendEvent,
  AppendReceipt,
  ConsumeOptions,
  GroupLag,
  PartitionInfo,
  PartitionProcessor,
  ReadOptions,
  StreamConsumer,
  StreamEvent,
  StreamOperations,
  StreamPosition,
  StreamSettings,
} from '../contract.js';
import { consumerClient, type EventHubsConnection } from './clients.js';
import { toEventData, toStreamEvent } from './codec.js';
import { EventHubsGroupConsumer } from './group-consumer.js';
import { type Hub, retryOptions } from './hub.js';
import { partitionForKey } from './partition-key.js';
import { resolvePosition, spanOf } from './reader.js';
import type { EventHubsSettings } from './settings.js';

export interface StreamDeps {
  broker: string;
  settings: EventHubsSettings;
  connection(): EventHubsConnection;
  /** The checkpoint container client (checkpointStorage or checkpointAccountUrl is set). */
  checkpointContainer(): ContainerClient;
  hub(stream: string): Hub;
  adopt(consumer: EventHubsGroupConsumer): void;
  fail(err: unknown, action: string): OutriggerError;
}

export function eventHubsStreams(deps: StreamDeps): StreamOperations {
  let container: Promise<ContainerClient> | undefined;
  const checkpointStore = async (): Promise<BlobCheckpointStore> => {
    if (deps.settings.checkpointStorage === undefined && deps.settings.checkpointAccountUrl === undefined) {
      throw new OutriggerError(
        'unsupported_operation',
        `Event Hubs broker '${deps.broker}' has no checkpointStorage or checkpointAccountUrl setting: consumer groups need a blob checkpoint store`,
      );
    }
    container ??= (async () => {
      const client = deps.checkpointContainer();
      await client.createIfNotExists();
      return client;
    })().catch((err: unknown) => {
      container = undefined;
      throw deps.fail(err, `opening checkpoint container '${deps.settings.checkpointContainer}'`);
    });
    return new BlobCheckpointStore(await container);
  };

  const partitionOf = async (hub: Hub, partition: number): Promise<void> => {
    const count = await hub.partitionCount();
    if (!Number.isSafeInteger(partition) || partition < 0 || partition >= count) {
      throw new OutriggerError('bad_request', `stream '${hub.name}' has partitions 0 to ${count - 1}; there is no partition ${partition}`);
    }
  };

  return {
    async ensureStream(stream: string, settings: StreamSettings): Promise<void> {
      checkName(stream);
      if (!Number.isSafeInteger(settings.partitions) || settings.partitions < 1) throw new OutriggerError('bad_request', `stream '${stream}': partitions must be a positive integer`);
      // Event Hubs fixes the partition count and retention when the hub is created (outside
      // Outrigger); the hub must exist, and its own partition count is the one that counts.
      await deps.hub(stream).partitionCount();
    },

    async append(stream: string, events: AppendEvent[], signal?: AbortSignal): Promise<AppendReceipt[]> {
      checkName(stream);
      if (!Array.isArray(events)) throw new OutriggerError('bad_request', 'events must be a list');
      signal?.throwIfAborted();
      const limit = deps.settings.maxMessageBytes;
      for (const event of events) {
        if (typeof event?.id !== 'string' || !(event.data instanceof Uint8Array)) throw new OutriggerError('bad_request', 'every event needs a string id and bytes');
        if (event.partitionKey !== undefined && typeof event.partitionKey !== 'string') throw new OutriggerError('bad_request', 'partitionKey must be a string');
        if (event.data.byteLength > limit) {
          throw new OutriggerError('payload_too_large', `an event of ${event.data.byteLength} bytes exceeds the limit of ${limit} bytes of Event Hubs broker '${deps.broker}'`, { extensions: { limit } });
        }
      }
      if (events.length === 0) return [];
      const hub = deps.hub(stream);
      const count = await hub.partitionCount();
      const keylessEvents = events.filter((event) => event.partition === undefined && event.partitionKey === undefined).length;
      const keyless = keylessEvents > 0 ? hub.keylessPartition(count, keylessEvents) : 0;
      const byPartition = new Map<number, number[]>();
      for (const [index, event] of events.entries()) {
        let partition: number;
        if (event.partition !== undefined) {
          await partitionOf(hub, event.partition);
          partition = event.partition;
        } else partition = event.partitionKey !== undefined ? partitionForKey(event.partitionKey, count) : keyless;
        byPartition.set(partition, [...(byPartition.get(partition) ?? []), index]);
      }
      const receipts: AppendReceipt[] = new Array<AppendReceipt>(events.length);
      await Promise.all(
        [...byPartition].map(async ([partition, indexes]) => {
          const offsets = await hub.appender(partition).append(indexes.map((i) => toEventData(events[i] as AppendEvent)));
          indexes.forEach((i, n) => {
            receipts[i] = { id: (events[i] as AppendEvent).id, partition, offset: offsets[n] as number };
          });
        }),
      );
      return receipts;
    },

    async partitions(stream: string): Promise<PartitionInfo[]> {
      checkName(stream);
      const hub = deps.hub(stream);
      const count = await hub.partitionCount();
      return Promise.all(
        Array.from({ length: count }, async (_, partition) => {
          const { first, next } = spanOf(await hub.properties(partition));
          return { partition, firstOffset: first, nextOffset: next };
        }),
      );
    },

    async read(stream: string, partition: number, options: ReadOptions): Promise<StreamEvent[]> {
      checkName(stream);
      checkPosition(options.from);
      if (!Number.isSafeInteger(options.max) || options.max < 1) throw new OutriggerError('bad_request', 'max must be a positive integer');
      const hub = deps.hub(stream);
      await partitionOf(hub, partition);
      const { position, available } = resolvePosition(options.from, await hub.properties(partition));
      const waitMs = Math.max(0, options.waitMs ?? 0);
      if (!available && waitMs === 0) return [];
      if (options.signal?.aborted) return [];
      const received = await hub.read(partition, position, { max: options.max, waitMs, available, signal: options.signal });
      return received.map((event) => toStreamEvent(event, partition));
    },

    async consume(stream: string, group: string, options: ConsumeOptions, processor: PartitionProcessor): Promise<StreamConsumer> {
      checkName(stream);
      checkGroup(group);
      checkPosition(options.start);
      if (!Number.isSafeInteger(options.maxBatch) || options.maxBatch < 1) throw new OutriggerError('bad_request', 'maxBatch must be a positive integer');
      if (typeof processor?.processEvents !== 'function') throw new OutriggerError('bad_request', 'processor.processEvents must be a function');
      const hub = deps.hub(stream);
      const partitionCount = await hub.partitionCount();
      const store = await checkpointStore();
      const client = consumerClient(deps.connection(), group, stream, store, {
        retryOptions,
        loadBalancingOptions: {
          strategy: 'balanced',
          updateIntervalInMs: deps.settings.loadBalancingIntervalMs,
          partitionOwnershipExpirationIntervalInMs: deps.settings.ownershipExpiryMs,
        },
      });
      const consumer = new EventHubsGroupConsumer({
        stream,
        group,
        client,
        options,
        processor,
        partitionCount,
        properties: (partition) => hub.properties(partition),
        retryMs: deps.settings.processRetryMs,
        checkpointIntervalMs: deps.settings.checkpointIntervalMs,
        ownership: () => store.listOwnership(client.fullyQualifiedNamespace, stream, group),
        watchIntervalMs: deps.settings.loadBalancingIntervalMs,
        ownershipExpiryMs: deps.settings.ownershipExpiryMs,
        fail: deps.fail,
      });
      const close = consumer.close.bind(consumer);
      consumer.close = async () => {
        await close();
        await client.close().catch(() => undefined);
      };
      deps.adopt(consumer);
      try {
        await consumer.start();
      } catch (err) {
        await consumer.close();
        throw deps.fail(err, `joining group '${group}' of stream '${stream}'`);
      }
      return consumer;
    },

    async lag(stream: string, group: string): Promise<GroupLag[]> {
      checkName(stream);
      checkGroup(group);
      const hub = deps.hub(stream);
      const count = await hub.partitionCount();
      const store = await checkpointStore();
      let checkpoints;
      try {
        checkpoints = await store.listCheckpoints(hub.producer.fullyQualifiedNamespace, stream, group);
      } catch (err) {
        throw deps.fail(err, `reading checkpoints of group '${group}' on stream '${stream}'`);
      }
      const at = new Map(checkpoints.map((checkpoint) => [Number(checkpoint.partitionId), checkpoint.sequenceNumber]));
      return Promise.all(
        Array.from({ length: count }, async (_, partition) => {
          const { first, next } = spanOf(await hub.properties(partition));
          const checkpoint = at.get(partition) ?? null;
          const from = checkpoint === null ? first : Math.max(first, checkpoint + 1);
          return { partition, lag: Math.max(0, next - from), checkpoint };
        }),
      );
    },
  };
}

function checkName(stream: unknown): void {
  if (typeof stream !== 'string' || !/^[A-Za-z0-9]([A-Za-z0-9._-]{0,254}[A-Za-z0-9])?$/.test(stream)) {
    throw new OutriggerError('invalid_name', "an event hub name is 1 to 256 letters, digits, '.', '_' or '-', starting and ending with a letter or digit");
  }
}

function checkGroup(group: unknown): void {
  if (typeof group !== 'string' || group.length === 0 || group.length > 50) {
    throw new OutriggerError('invalid_name', 'a consumer group name is 1 to 50 characters');
  }
}

function checkPosition(position: StreamPosition | undefined): void {
  switch (position?.kind) {
    case 'earliest':
    case 'latest':
      return;
    case 'offset':
      if (Number.isSafeInteger(position.offset) && position.offset >= 0) return;
      break;
    case 'time':
      if (Number.isFinite(position.time) && position.time >= 0) return;
      break;
  }
  throw new OutriggerError('bad_request', 'position must be earliest, latest, a non-negative offset or a time');
}
