/**
 * The NATS JetStream driver: one connection (the client reconnects by itself), JetStream on it,
 * and the operation groups for what capabilities.ts declares. Close gives back every lease still
 * held without counting an attempt, then drains the connection.
 */
import { readFile } from 'node:fs/promises';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, credsAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { OutriggerError } from '../../kernel/errors.js';
import type { Capabilities, Driver, DriverOptions } from '../contract.js';
import { natsCapabilities } from './capabilities.js';
import { PublishCoalescer } from './coalesce.js';
import type { NatsContext } from './context.js';
import { toNatsError } from './errors.js';
import { NatsInboxes } from './inbox.js';
import { NatsQueues } from './queues.js';
import { NatsStreams } from './streams.js';
import { parseNatsSettings, type NatsSettings } from './settings.js';
import { NatsTopics } from './topics.js';

export class NatsDriver implements Driver {
  readonly kind = 'nats';
  readonly capabilities: Capabilities;
  readonly queues: NatsQueues;
  readonly topics: NatsTopics;
  readonly inboxes: NatsInboxes;
  readonly streams: NatsStreams;
  readonly #name: string;
  readonly #settings: NatsSettings;
  #ctx: NatsContext | undefined;
  #connected = false;
  #closing: Promise<void> | undefined;

  constructor(options: DriverOptions) {
    this.#name = options.name;
    this.#settings = parseNatsSettings(options);
    this.capabilities = Object.freeze({ ...natsCapabilities, maxMessageBytes: this.#settings.maxMessageBytes });
    const source = (): NatsContext => this.#context();
    this.inboxes = new NatsInboxes(source);
    this.queues = new NatsQueues(source, this.inboxes);
    this.topics = new NatsTopics(source, this.inboxes);
    this.streams = new NatsStreams(source);
  }

  async connect(signal?: AbortSignal): Promise<void> {
    if (this.#ctx !== undefined) return;
    const s = this.#settings;
    let nc: NatsConnection;
    try {
      signal?.throwIfAborted();
      nc = await connect({
        servers: s.servers,
        name: `outrigger ${this.#name}`,
        timeout: s.connectTimeoutMs,
        // Reconnect for ever: readiness reports the outage, and operations fail retriably meanwhile.
        maxReconnectAttempts: -1,
        // Otherwise every publish builds two errors up front (with their stacks) in case its
        // PubAck times out: a sixth of the daemon's CPU on a send. Our errors name the operation.
        noAsyncTraces: true,
        ...(s.token === undefined ? {} : { token: s.token }),
        ...(s.user === undefined ? {} : { user: s.user, pass: s.password ?? '' }),
        ...(s.credentialsFile === undefined ? {} : { authenticator: credsAuthenticator(await readFile(s.credentialsFile)) }),
      });
    } catch (err) {
      throw toNatsError(err, { broker: this.#name, action: `connecting to ${s.servers.join(', ')}` });
    }
    try {
      // jetstreamManager asks for the account's JetStream info: it fails here if JetStream is off.
      const jsm = await jetstreamManager(nc);
      const js = jetstream(nc);
      this.#ctx = { nc, js, jsm, publisher: new PublishCoalescer(js), broker: this.#name, settings: s, inflight: new Set() };
    } catch (err) {
      await nc.close().catch(() => undefined);
      throw toNatsError(err, { broker: this.#name, action: 'opening JetStream' });
    }
    this.#connected = true;
    void this.#watch(nc);
  }

  isConnected(): boolean {
    return this.#connected && this.#closing === undefined;
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    const ctx = this.#ctx;
    if (ctx === undefined) return;
    // With the server unreachable, every write would wait out its timeout: stop without them
    // (leases run out by the ack wait, group partitions by the group lease).
    const reachable = this.#connected;
    await this.streams.closeMembers(reachable).catch(() => undefined);
    await this.queues.closeMovers().catch(() => undefined);
    // A send in flight is answered with its PubAck (or fails), not cut off by the drain.
    await Promise.allSettled([...ctx.inflight]);
    if (!reachable) {
      await ctx.nc.close().catch(() => undefined);
      this.#connected = false;
      return;
    }
    await this.inboxes.releaseAll(ctx).catch(() => undefined);
    // drain: messages already written are flushed before the connection closes.
    await ctx.nc.drain().catch(() => ctx.nc.close());
    this.#connected = false;
  }

  async #watch(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') this.#connected = false;
      else if (status.type === 'reconnect') this.#connected = true;
    }
  }

  #context(): NatsContext {
    if (this.#ctx === undefined || this.#closing !== undefined) {
      throw new OutriggerError('broker_unavailable', `NATS broker '${this.#name}' is ${this.#closing === undefined ? 'not connected yet' : 'closed'}`, { retriable: this.#closing === undefined });
    }
    return this.#ctx;
  }
}
