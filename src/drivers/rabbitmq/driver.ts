/**
 * The RabbitMQ driver: one connection (rabbitmq-client reconnects by itself), a confirm-mode
 * publisher on it, a consumer per inbox on a channel of its own (consumer.ts), streams on stream
 * queues (streams.ts), and the operation groups for what capabilities.ts declares. Close gives back every lease still held and every
 * prefetched delivery without counting an attempt, waits for unconfirmed writes, then closes the
 * connection. All of that until its deadline: the broker may never confirm a write (a quorum
 * queue without a leader answers nothing), so what is still unconfirmed then fails retriable,
 * and a connection that does not close in time is destroyed.
 */
import { Connection } from 'rabbitmq-client';
import { OutriggerError } from '../../kernel/errors.js';
import type { Capabilities, Driver, DriverOptions } from '../contract.js';
import { rabbitmqCapabilities } from './capabilities.js';
import { Generations } from './channels.js';
import type { RabbitmqContext } from './context.js';
import { toRabbitError } from './errors.js';
import { counted, RabbitmqInboxes } from './inbox.js';
import { Leases } from './leases.js';
import { watchReturns } from './publisher.js';
import { sharedReplyQueue } from './names.js';
import { RabbitmqQueues } from './queues.js';
import { parseRabbitmqSettings, type RabbitmqSettings } from './settings.js';
import { RabbitmqStreams } from './streams.js';
import { RabbitmqTopics } from './topics.js';

export class RabbitmqDriver implements Driver {
  readonly kind = 'rabbitmq';
  readonly capabilities: Capabilities;
  readonly queues: RabbitmqQueues;
  readonly topics: RabbitmqTopics;
  readonly streams: RabbitmqStreams;
  readonly inboxes: RabbitmqInboxes;
  /** One reply queue per sidecar, addressed as sessions of this one (replies.ts). */
  readonly replies = Object.freeze({ queue: sharedReplyQueue });
  readonly #name: string;
  readonly #settings: RabbitmqSettings;
  #ctx: RabbitmqContext | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: DriverOptions) {
    this.#name = options.name;
    this.#settings = parseRabbitmqSettings(options);
    this.capabilities = Object.freeze({ ...rabbitmqCapabilities, maxMessageBytes: this.#settings.maxMessageBytes });
    const source = (): RabbitmqContext => this.#context();
    this.inboxes = new RabbitmqInboxes(source);
    this.queues = new RabbitmqQueues(source);
    this.topics = new RabbitmqTopics(source);
    this.streams = new RabbitmqStreams(source);
  }

  async connect(signal?: AbortSignal): Promise<void> {
    if (this.#ctx !== undefined) return;
    const s = this.#settings;
    const connection = new Connection({
      url: s.url,
      connectionName: `outrigger ${this.#name}`,
      connectionTimeout: s.connectTimeoutMs,
      // An operation waits this long for a reconnect before it fails (core retries it), not the client's 20 s.
      acquireTimeout: s.connectTimeoutMs,
      // Reconnect attempts back off up to 5 s, so a restarted server is found within seconds, not the client's 30 s.
      retryLow: 250,
      retryHigh: 5000,
      // A half-open connection (a silent peer) is noticed after about two heartbeats, not the client's 2 min.
      heartbeat: s.heartbeatSeconds,
    });
    // Errors are also reported per operation; without a listener an 'error' event would crash the process.
    connection.on('error', () => undefined);
    try {
      signal?.throwIfAborted();
      await connection.onConnect(s.connectTimeoutMs);
    } catch (err) {
      connection.unsafeDestroy();
      throw toRabbitError(err, { broker: this.#name, action: `connecting to ${redact(s.url)}` });
    }
    const ctx: RabbitmqContext = {
      connection,
      publisher: connection.createPublisher({ confirm: true, maxAttempts: 1 }),
      generations: new Generations(connection, (generation) => ctx.leases.dropGeneration(generation)),
      consumers: new Map(),
      // A lapsed lease: the message comes back at once, this delivery counted.
      leases: new Leases((held) => void counted(ctx, held).catch(() => undefined)),
      inboxes: new Map(),
      subscriptions: new Map(),
      knownQueues: new Set(),
      returned: new Map(),
      keyQueues: new Map(),
      pending: new Set(),
      givingUp: new AbortController(),
      broker: this.#name,
      settings: s,
    };
    watchReturns(ctx.publisher, ctx.returned);
    this.#ctx = ctx;
  }

  isConnected(): boolean {
    return this.#ctx !== undefined && this.#closing === undefined && this.#ctx.connection.ready;
  }

  /** Without a deadline, close waits as long as the daemon's default grace period would. */
  close(deadline = Date.now() + defaultCloseMs): Promise<void> {
    this.#closing ??= this.#close(deadline);
    return this.#closing;
  }

  async #close(deadline: number): Promise<void> {
    const ctx = this.#ctx;
    if (ctx === undefined) return;
    const broker = this.#name;
    const giveUp = setTimeout(() => {
      ctx.givingUp.abort(
        new OutriggerError('broker_unavailable', `RabbitMQ broker '${broker}' was closing and had not confirmed this write by the deadline; it may or may not have been stored`, { retriable: true, retryAfterSeconds: 1 }),
      );
    }, Math.max(0, deadline - Date.now()));
    try {
      // A release copy that is not confirmed in time is left to the channel's close, which requeues it (counted).
      await this.inboxes.releaseAll().catch(() => undefined);
      await this.streams.closeMembers().catch(() => undefined);
      // Sends and appends still waiting for their confirm are answered before the connection goes.
      await Promise.allSettled([...ctx.pending]);
    } finally {
      clearTimeout(giveUp);
    }
    const orderly = (async () => {
      await this.streams.closeTails().catch(() => undefined);
      await Promise.all([...ctx.consumers.values()].map((consumer) => consumer.close()));
      await ctx.publisher.close().catch(() => undefined);
      await ctx.connection.close().catch(() => undefined);
    })();
    void orderly.catch(() => undefined);
    // Closing a channel waits for the server's answer, which a silent connection never gives.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), Math.max(0, deadline - Date.now()) + closeAnswerMs)));
    if ((await Promise.race([orderly, late])) === 'late') ctx.connection.unsafeDestroy();
    clearTimeout(timer);
  }

  #context(): RabbitmqContext {
    if (this.#ctx === undefined || this.#closing !== undefined) {
      throw new OutriggerError('broker_unavailable', `RabbitMQ broker '${this.#name}' is ${this.#closing === undefined ? 'not connected yet' : 'closed'}`, { retriable: this.#closing === undefined });
    }
    return this.#ctx;
  }
}

/** The daemon's default shutdown grace period (config/defaults.ts), for a close given no deadline. */
const defaultCloseMs = 30_000;
/** How long past its deadline close waits for the server to answer the closing of channels and connection. */
const closeAnswerMs = 1_000;

/** The URL without its password, for messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
