/**
 * The Redis Streams driver: queues and topic subscriptions as streams read through one consumer
 * group, with leases, retries and dead letters kept atomic by Lua scripts (lua-inbox.ts).
 */
import { OutriggerError } from '../../kernel/errors.js';
import type { Capabilities, Driver, DriverEventCounts, InboxOperations, QueueOperations, StreamOperations, TopicOperations } from '../contract.js';
import { redisCapabilities } from './capabilities.js';
import { RedisConnection } from './connection.js';
import { toRedisError } from './errors.js';
import { RedisInboxes } from './inbox.js';
import { KeySpace } from './keys.js';
import { RedisQueues } from './queues.js';
import { clusterRefusal, type RedisSettings } from './settings.js';
import { RedisStreams } from './streams.js';
import { RedisTopics } from './topics.js';
import { MessageWriter } from './writer.js';

export class RedisDriver implements Driver {
  readonly kind = 'redis';
  readonly capabilities: Capabilities;
  readonly queues: QueueOperations;
  readonly topics: TopicOperations;
  readonly inboxes: InboxOperations;
  readonly streams: StreamOperations;
  readonly #streams: RedisStreams;
  readonly #name: string;
  readonly #connection: RedisConnection;
  readonly #writer: MessageWriter;
  #connectionErrors = 0;
  #closed = false;

  constructor(name: string, settings: RedisSettings) {
    this.#name = name;
    this.capabilities = Object.freeze({ ...redisCapabilities, maxMessageBytes: settings.maxMessageBytes });
    // The client reconnects by itself; its errors are counted here, and each call reports its own.
    this.#connection = new RedisConnection(settings, `outrigger:${name}`, () => this.#connectionErrors++);
    this.#writer = new MessageWriter(this.#connection);
    const context = { broker: name, group: settings.consumerGroup, keys: new KeySpace(settings.keyPrefix), connection: this.#connection, writer: this.#writer };
    this.queues = new RedisQueues({ ...context, maxMessageBytes: settings.maxMessageBytes });
    this.topics = new RedisTopics({ ...context, maxMessageBytes: settings.maxMessageBytes });
    this.inboxes = new RedisInboxes(context);
    this.streams = this.#streams = new RedisStreams({
      ...context,
      maxMessageBytes: settings.maxMessageBytes,
      groupHeartbeatMs: settings.groupHeartbeatMs,
      groupLeaseMs: settings.groupLeaseMs,
    });
  }

  async connect(): Promise<void> {
    if (this.#closed) throw new OutriggerError('shutting_down', `Redis broker '${this.#name}' is closed`);
    let cluster: boolean;
    try {
      await this.#connection.connect();
      cluster = await this.#connection.isClusterNode();
    } catch (err) {
      throw toRedisError(err, this.#name, 'connecting');
    }
    if (cluster) {
      await this.#connection.close();
      throw new OutriggerError('unsupported_operation', `Redis broker '${this.#name}' is a node of a Redis Cluster (cluster_enabled:1). ${clusterRefusal}`);
    }
  }

  isConnected(): boolean {
    return !this.#closed && this.#connection.ready;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#streams.closeMembers();
    // Writes still gathering go out now: closing answers what was sent before it.
    this.#writer.flush();
    await this.#connection.close();
  }

  eventCounts(): DriverEventCounts {
    return { connection_errors: this.#connectionErrors, connections_replaced: this.#connection.replacedConnections };
  }
}
