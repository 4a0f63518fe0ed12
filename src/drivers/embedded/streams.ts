/** Stream operations: ensure, append (group-committed), partitions, long-poll read, consume, lag. */
import { OutriggerError } from '../../kernel/errors.js';
import type {
  AppendEvent,
  AppendReceipt,
  ConsumeOptions,
  GroupLag,
  PartitionInfo,
  PartitionProcessor,
  StreamConsumer,
  StreamOperations,
  StreamSettings,
} from '../contract.js';
import { GroupConsumer } from './consumer-groups.js';
import type { StoreAccess } from './context.js';
import { checkBody } from './enqueue.js';
import { checkName } from './inbox-registry.js';
import { appendTx, checkStreamSettings, ensureStreamTx, firstOffset, nextOffset, partitionInfo, requireStream } from './stream-log.js';
import { checkPosition, readStream } from './stream-read.js';

const CHECKPOINT = 'SELECT event_offset FROM checkpoints_v1 WHERE stream = ? AND grp = ? AND part = ?';

export interface StreamHooks {
  /** Tracks consumers so that closing the driver closes them first. */
  adopt(consumer: GroupConsumer): void;
}

export function streamOperations(store: StoreAccess, hooks: StreamHooks): StreamOperations {
  return {
    async ensureStream(stream: string, settings: StreamSettings): Promise<void> {
      checkName('stream', stream);
      checkStreamSettings(stream, settings);
      await store().committer.run((tx) => ensureStreamTx(tx, stream, settings));
    },

    async append(stream: string, events: AppendEvent[], signal?: AbortSignal): Promise<AppendReceipt[]> {
      checkName('stream', stream);
      const { committer, settings } = store();
      if (!Array.isArray(events)) throw new OutriggerError('bad_request', 'events must be a list');
      for (const event of events) {
        checkBody(event.id, event.headers, event.data, settings.maxMessageBytes);
        if (event.partitionKey !== undefined && typeof event.partitionKey !== 'string') throw new OutriggerError('bad_request', 'partitionKey must be a string');
      }
      return committer.run((tx) => appendTx(tx, stream, events), signal);
    },

    async partitions(stream: string): Promise<PartitionInfo[]> {
      checkName('stream', stream);
      const { sql } = store();
      return partitionInfo(sql, stream, requireStream(sql, stream).partitions);
    },

    read: (stream, partition, options) => readStream(store(), stream, partition, options),

    async consume(stream: string, group: string, options: ConsumeOptions, processor: PartitionProcessor): Promise<StreamConsumer> {
      checkName('stream', stream);
      checkName('consumer group', group);
      checkPosition(options.start);
      if (!Number.isSafeInteger(options.maxBatch) || options.maxBatch < 1) throw new OutriggerError('bad_request', 'maxBatch must be a positive integer');
      if (typeof processor?.processEvents !== 'function') throw new OutriggerError('bad_request', 'processor.processEvents must be a function');
      const current = store();
      requireStream(current.sql, stream);
      const consumer = new GroupConsumer(current, stream, group, options, processor);
      hooks.adopt(consumer);
      try {
        await consumer.start();
      } catch (err) {
        await consumer.close();
        throw err;
      }
      return consumer;
    },

    async lag(stream: string, group: string): Promise<GroupLag[]> {
      checkName('stream', stream);
      checkName('consumer group', group);
      const { sql } = store();
      const { partitions } = requireStream(sql, stream);
      const lags: GroupLag[] = [];
      for (let part = 0; part < partitions; part++) {
        const checkpoint = sql.get<{ event_offset: number }>(CHECKPOINT, stream, group, part)?.event_offset ?? null;
        const next = nextOffset(sql, stream, part);
        const from = checkpoint === null ? firstOffset(sql, stream, part) : checkpoint + 1;
        lags.push({ partition: part, lag: Math.max(0, next - from), checkpoint });
      }
      return lags;
    },
  };
}
