/** What every part of the driver shares once connected: the connection, the publisher, and who we are. */
import type { Connection, Publisher } from 'rabbitmq-client';
import type { InboxSettings, SubscriptionSettings, TopicFilter } from '../contract.js';
import type { Generations } from './channels.js';
import type { InboxConsumer } from './consumer.js';
import type { Leases } from './leases.js';
import type { RabbitmqSettings } from './settings.js';

/** An inbox's settings as its last ensure gave them (RabbitMQ cannot hold them: see topology.ts). */
export interface InboxConfig extends InboxSettings {
  filter?: TopicFilter;
}

export interface RabbitmqContext {
  connection: Connection;
  /** Confirm mode: a send resolves only once the broker has confirmed it. */
  publisher: Publisher;
  /** The channels deliveries are consumed on. */
  generations: Generations;
  /** By inbox queue name: this instance's consumer of it. */
  consumers: Map<string, InboxConsumer>;
  leases: Leases;
  /** By inbox queue name. */
  inboxes: Map<string, InboxConfig>;
  /** By queue: how many key-hash queues it has (0: not ordered) and when that was last looked up. */
  keyQueues: Map<string, { count: number; checkedAt: number }>;
  /**
   * By topic, then subscription: the subscriptions this instance ensured, as ensured. An event one
   * of them should get is published mandatory, and one that comes back has its subscription
   * declared again (topics.ts).
   */
  subscriptions: Map<string, Map<string, SubscriptionSettings>>;
  /** Queues seen to exist, so a send to a missing queue is refused instead of dropped unroutable. */
  knownQueues: Set<string>;
  /** Unroutable returns not yet matched to their write, by routing key and message id (publisher.ts). */
  returned: Map<string, number>;
  /** Publishes not yet confirmed; close waits for them. */
  pending: Set<Promise<unknown>>;
  /** Aborted when close stops waiting for confirms (its deadline): every confirm wait fails then, retriable. */
  givingUp: AbortController;
  /** The broker's name in config, for messages. */
  broker: string;
  settings: RabbitmqSettings;
}

/** The connected context, or `broker_unavailable` before connect() and after close(). */
export type ContextSource = () => RabbitmqContext;

/** Defaults for an inbox nobody ensured in this process (e.g. a second sidecar's receive). */
export const defaultInbox: InboxConfig = { maxDeliveries: 10, leaseMs: 30_000, dedupWindowMs: 0 };
