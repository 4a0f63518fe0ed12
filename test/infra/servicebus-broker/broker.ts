/**
 * An in-memory AMQP 1.0 broker on rhea that speaks enough Azure Service Bus for the real
 * `@azure/service-bus` SDK: SASL ANONYMOUS, $cbs put-token, senders with max-message-size and
 * batches (format 0x80013700), peek-lock receivers (lock tokens as delivery tags in .NET byte
 * order, drain answered), dispositions, $management (renew-lock, schedule-message, peek-message,
 * update-disposition, add-rule, remove-rule, enumerate-rules), dead-letter sub-queues and topics
 * with subscriptions (fan-out through each subscription's rules: rules.ts), and message sessions
 * (sessions.ts: session-filter receivers, session locks, renew-session-lock, session state).
 * The same port serves the HTTPS administration API's message counts (admin-http.ts): the first
 * byte of each connection tells TLS (0x16, a ClientHello) from AMQP ('A').
 * Test infrastructure only: never shipped.
 *
 *   const broker = await ServiceBusTestBroker.start({ autoCreate: (name) => 'queue' });
 *   broker.connectionString // Endpoint=sb://127.0.0.1:<port>;...;UseDevelopmentEmulator=true
 *
 * Faults on demand: dropConnections(), freezeConnections(), refuseNextAttach(), expireLock(), serverBusy(),
 * stallReceivers() (links stay attached but deliver nothing and never answer a drain),
 * delayDispositions() (settlements are applied and answered late), expireSessionLock().
 */
import { createServer, type Server, type Socket } from 'node:net';
import rhea, { type Connection, type Delivery, type EventContext, type Message, type Receiver, type Sender } from 'rhea';
import { type Consumer, type EntityOptions, MessageStore, type StoredMessage, structuredCopy, Topic } from './entities.js';
import { LOCKED_UNTIL, SESSION_CANNOT_BE_LOCKED, SESSION_FILTER, SESSION_LOCK_LOST, type SessionOwner, TIMEOUT_PROPERTY, ticksOf } from './sessions.js';
import { manageRules } from './rules.js';
import { AdminEndpoint, type SasPolicy, trustTestCertificate } from './admin-http.js';

export type { EntityOptions, StoredMessage } from './entities.js';
export { type SasPolicy, TEST_CERT_PATH } from './admin-http.js';

const BATCH_FORMAT = 0x80013700;
const DEAD_LETTER = 'com.microsoft:dead-letter';
const LOCK_LOST = 'com.microsoft:message-lock-lost';

export interface BrokerOptions {
  /** Creates an unknown entity on first use (like the embedded broker's dev mode); undefined refuses it. */
  autoCreate?: (name: string) => 'queue' | 'topic' | undefined;
  /** Options for auto-created entities. */
  defaults?: EntityOptions;
  /** Per-name options for auto-created entities (e.g. session-enabled ones), over `defaults`. */
  autoCreateOptions?: (name: string) => EntityOptions | undefined;
  /** Advertised on sender attach; larger messages are rejected (Service Bus standard tier: 256 KiB). */
  maxMessageBytes?: number;
  /**
   * Shared access policies by key name, checked by the administration endpoint (AMQP's $cbs
   * accepts any token). Default: `k` with key `v` and every right, as in connectionString.
   */
  sasPolicies?: Record<string, SasPolicy>;
}

export interface AttachFault {
  /** Refuse only attaches to this address (entity path); any entity link when absent. */
  address?: string;
  condition?: string;
  description?: string;
}

export class ServiceBusTestBroker {
  readonly queues = new Map<string, MessageStore>();
  readonly topics = new Map<string, Topic>();
  readonly #options: BrokerOptions;
  // Nagle off, as the real service's small frames (dispositions, drain answers) are not held back
  // for a delayed ACK; rhea leaves it on for the connections it accepts.
  readonly #container = rhea.create_container({ id: 'servicebus-test-broker', autoaccept: false, treat_modified_as_released: false, tcp_no_delay: true } as Parameters<typeof rhea.create_container>[0]);
  readonly #connections = new Set<Connection>();
  readonly #consumers = new Map<Sender, LinkConsumer>();
  readonly #deliveries = new WeakMap<Delivery, { sender: Sender; store: MessageStore; token: string }>();
  readonly #attachFaults: AttachFault[] = [];
  /** Session receivers whose attach is held back until a session is available. */
  readonly #waiting = new Map<Sender, MessageStore>();
  #busy = 0;
  #dispositionDelay = { ms: 0, count: 0 };
  #server: Server | undefined;
  #admin: AdminEndpoint | undefined;
  #timer: NodeJS.Timeout | undefined;
  port = 0;

  private constructor(options: BrokerOptions) {
    this.#options = options;
  }

  /**
   * Starts the broker. This process trusts the test certificate from here on (the SDK's
   * administration client verifies the endpoint's TLS certificate); a child process that talks
   * to the broker needs NODE_EXTRA_CA_CERTS=TEST_CERT_PATH.
   */
  static async start(options: BrokerOptions = {}): Promise<ServiceBusTestBroker> {
    trustTestCertificate();
    const broker = new ServiceBusTestBroker(options);
    await broker.#listen();
    return broker;
  }

  get connectionString(): string {
    return this.connectionStringFor('k', 'v');
  }

  /** A connection string signing with another policy or key (see BrokerOptions.sasPolicies). */
  connectionStringFor(keyName: string, key: string): string {
    return `Endpoint=sb://127.0.0.1:${this.port};SharedAccessKeyName=${keyName};SharedAccessKey=${key};UseDevelopmentEmulator=true`;
  }

  get maxMessageBytes(): number {
    return this.#options.maxMessageBytes ?? 256 * 1024;
  }

  createQueue(name: string, options: EntityOptions = {}): MessageStore {
    const existing = this.queues.get(name);
    if (existing !== undefined) return existing;
    const store = new MessageStore(name, { ...this.#options.defaults, ...options });
    this.queues.set(name, store);
    return store;
  }

  createTopic(name: string): Topic {
    let topic = this.topics.get(name);
    if (topic === undefined) {
      topic = new Topic(name);
      this.topics.set(name, topic);
    }
    return topic;
  }

  createSubscription(topicName: string, name: string, options: EntityOptions = {}): MessageStore {
    const topic = this.createTopic(topicName);
    let store = topic.subscriptions.get(name);
    if (store === undefined) {
      store = new MessageStore(`${topicName}/Subscriptions/${name}`, { ...this.#options.defaults, ...options });
      topic.subscriptions.set(name, store);
    }
    return store;
  }

  /** The queue, subscription or dead-letter queue at an entity path. */
  store(path: string): MessageStore | undefined {
    const dead = path.endsWith('/$DeadLetterQueue');
    const base = dead ? path.slice(0, -'/$DeadLetterQueue'.length) : path;
    const match = /^(.+)\/Subscriptions\/([^/]+)$/i.exec(base);
    let store: MessageStore | undefined;
    if (match !== null) {
      const [, topic = '', sub = ''] = match;
      store = this.topics.get(topic)?.subscriptions.get(sub);
      if (store === undefined && this.#options.autoCreate?.(topic) === 'topic') store = this.createSubscription(topic, sub, this.#options.autoCreateOptions?.(sub));
    } else {
      store = this.queues.get(base);
      if (store === undefined && !this.topics.has(base) && this.#options.autoCreate?.(base) === 'queue') store = this.createQueue(base, this.#options.autoCreateOptions?.(base));
    }
    return dead ? store?.deadLetter : store;
  }

  // ---- fault injection -------------------------------------------------------------------

  /** Destroys every client socket at once, as a network outage would; locks stay until they expire. */
  dropConnections(): number {
    const count = this.#connections.size;
    for (const connection of [...this.#connections]) {
      (connection as unknown as { socket?: { destroy(): void } }).socket?.destroy();
      // rhea does not notice a socket destroyed on its own side: forget its links here.
      this.#forget(connection);
    }
    return count;
  }

  /**
   * A silent network failure (a half-open connection): every client connection open now stops
   * reading and writing, without closing. Its links deliver nothing; the client notices only by
   * its own timeouts. New connections work.
   */
  freezeConnections(): number {
    const count = this.#connections.size;
    for (const connection of this.#connections) {
      const socket = (connection as unknown as { socket?: { pause(): void; write(...args: unknown[]): boolean } }).socket;
      if (socket === undefined) continue;
      socket.pause();
      socket.write = () => true;
      for (const [sender, consumer] of this.#consumers) {
        if (sender.connection === connection) consumer.stalled = true;
      }
    }
    return count;
  }

  /** The next attach of an entity link (not $cbs, not $management) is answered with a detach carrying this error. */
  refuseNextAttach(fault: AttachFault = {}): void {
    this.#attachFaults.push(fault);
  }

  /** The next `count` sends are refused with com.microsoft:server-busy (0 stops refusing). */
  serverBusy(count = 1): void {
    this.#busy = count;
  }

  /** Receiver links open now on this entity path go silent: attached, but no deliveries and no drain answers (a half-dead link). New links work. */
  stallReceivers(path: string): number {
    let count = 0;
    for (const consumer of this.#consumers.values()) {
      if (consumer.store.path === path) {
        consumer.stalled = true;
        count++;
      }
    }
    return count;
  }

  /** The next `count` settlements sent on receiver links are applied and answered `ms` late (0 stops). */
  delayDispositions(ms: number, count = 1): void {
    this.#dispositionDelay = { ms, count };
  }

  /** Ends session locks now (all of the entity, or one session); the receivers holding them are detached with session-lock-lost. */
  expireSessionLock(path: string, sessionId?: string): number {
    return this.store(path)?.expireSessionLock(sessionId) ?? 0;
  }

  /** Ends held locks now (all held messages of the entity, or those the predicate picks); they are redelivered with deliveryCount + 1. */
  expireLock(path: string, predicate?: (stored: StoredMessage) => boolean): number {
    return this.store(path)?.expireLock(predicate) ?? 0;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.dropConnections();
    this.#admin?.close();
    const server = this.#server;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---- AMQP --------------------------------------------------------------------------------

  async #listen(): Promise<void> {
    const container = this.#container;
    container.sasl_server_mechanisms.enable_anonymous();
    container.on('connection_open', (context: EventContext) => {
      this.#connections.add(context.connection);
    });
    const forget = (context: EventContext): void => this.#forget(context.connection);
    container.on('connection_close', forget);
    container.on('disconnected', forget);
    container.on('connection_error', () => undefined);
    container.on('error', () => undefined);
    container.on('receiver_open', (context: EventContext) => this.#onReceiverOpen(context.receiver as Receiver));
    container.on('sender_open', (context: EventContext) => this.#onSenderOpen(context.sender as Sender));
    container.on('sender_close', (context: EventContext) => this.#onSenderClose(context.sender as Sender));
    container.on('message', (context: EventContext) => this.#onMessage(context));
    container.on('sendable', (context: EventContext) => this.#consumers.get(context.sender as Sender)?.store.pump());
    container.on('sender_draining', (context: EventContext) => {
      const sender = context.sender as Sender;
      const consumer = this.#consumers.get(sender);
      if (consumer?.stalled === true) return;
      consumer?.store.pump();
      // Drained only once the deliveries already sent are transferred: rhea would otherwise use
      // their credit up and leave them (locked) on the link until the next credit.
      const finish = (): void => {
        if (consumer !== undefined && consumer.pending() > 0 && sender.is_open()) setTimeout(finish, 1);
        else answerDrain(sender);
      };
      finish();
    });
    for (const outcome of ['accepted', 'released', 'modified', 'rejected'] as const) {
      container.on(outcome, (context: EventContext) => this.#onDisposition(outcome, context.delivery as Delivery));
    }
    const admin = new AdminEndpoint(
      {
        queue: (name) => this.queues.get(name),
        subscription: (topic, name) => {
          const found = this.topics.get(topic);
          return found === undefined ? 'no-topic' : found.subscriptions.get(name);
        },
      },
      new Map(Object.entries(this.#options.sasPolicies ?? { k: { key: 'v', rights: ['Manage', 'Send', 'Listen'] } })),
    );
    this.#admin = admin;
    const server = createServer((socket) => {
      socket.once('error', () => undefined);
      socket.once('data', (first: Buffer) => {
        socket.pause();
        if (first[0] === 0x16) return admin.accept(socket, first);
        socket.unshift(first);
        (container.create_connection({ host: '127.0.0.1', port: this.port }) as unknown as { accept(socket: Socket): void }).accept(socket);
        socket.resume();
      });
    });
    server.listen({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    this.#server = server;
    const address = server.address();
    this.port = typeof address === 'object' && address !== null ? address.port : 0;
    this.#timer = setInterval(() => this.#tick(), 20);
    this.#timer.unref();
  }

  #tick(): void {
    const now = Date.now();
    for (const store of this.#allStores()) store.pump(now);
  }

  #forget(connection: Connection): void {
    this.#connections.delete(connection);
    for (const [sender, consumer] of this.#consumers) {
      if (sender.connection === connection) this.#detachConsumer(sender, consumer);
    }
  }

  *#allStores(): Generator<MessageStore> {
    for (const queue of this.queues.values()) {
      yield queue;
      if (queue.deadLetter) yield queue.deadLetter;
    }
    for (const topic of this.topics.values()) {
      for (const sub of topic.subscriptions.values()) {
        yield sub;
        if (sub.deadLetter) yield sub.deadLetter;
      }
    }
  }

  #refuse(link: Sender | Receiver, address: string): boolean {
    const index = this.#attachFaults.findIndex((fault) => fault.address === undefined || fault.address === address);
    if (index < 0) return false;
    const [fault] = this.#attachFaults.splice(index, 1);
    mirrorTermini(link);
    link.close({ condition: fault?.condition ?? 'amqp:not-found', description: fault?.description ?? `attach to '${address}' refused (injected fault)` });
    return true;
  }

  /** The client attached a sender: $cbs, $management requests, or messages for an entity. */
  #onReceiverOpen(receiver: Receiver): void {
    const address = targetAddress(receiver);
    mirrorTermini(receiver);
    if (address === '$cbs' || address.endsWith('/$management')) {
      if (address !== '$cbs' && this.#managed(address) === undefined) return notFound(receiver, address);
      receiver.add_credit(1000);
      return;
    }
    if (this.#refuse(receiver, address)) return;
    if (this.#entityForSend(address) === undefined) return notFound(receiver, address);
    raw(receiver).local.attach.max_message_size = this.maxMessageBytes;
    receiver.add_credit(1000);
  }

  /** The client attached a receiver: replies on $cbs / $management, or a peek-lock consumer. */
  #onSenderOpen(sender: Sender): void {
    const address = sourceAddress(sender);
    mirrorTermini(sender);
    const attach = raw(sender).local.attach;
    const remote = raw(sender).remote.attach;
    attach.rcv_settle_mode = remote?.rcv_settle_mode;
    attach.snd_settle_mode = remote?.snd_settle_mode;
    if (address === '$cbs' || address.endsWith('/$management')) {
      if (address !== '$cbs' && this.#managed(address) === undefined) notFound(sender, address);
      return;
    }
    if (this.#refuse(sender, address)) return;
    const store = this.store(address);
    if (store === undefined) return notFound(sender, address);
    const filter = (remote?.source as { filter?: Record<string, unknown> | null } | undefined)?.filter;
    const sessionful = filter !== undefined && filter !== null && SESSION_FILTER in filter;
    if (sessionful !== (store.sessions !== undefined)) {
      return refuse(
        sender,
        'amqp:not-allowed',
        sessionful
          ? 'A sessionful message receiver cannot be created on an entity that does not require sessions.'
          : 'It is not possible for an entity that requires sessions to create a non-sessionful message receiver.',
      );
    }
    if (sessionful) return this.#openSession(sender, store, filter?.[SESSION_FILTER]);
    this.#addConsumer(new LinkConsumer(sender, store, (delivery, context) => this.#deliveries.set(delivery, context)));
  }

  #addConsumer(consumer: LinkConsumer): void {
    this.#consumers.set(consumer.sender, consumer);
    consumer.store.consumers.add(consumer);
  }

  /** A session receiver: a named session now, or the next available one (waiting up to the link's timeout). */
  #openSession(sender: Sender, store: MessageStore, requested: unknown): void {
    const sessions = store.sessions;
    if (sessions === undefined) return;
    const consumer = new LinkConsumer(sender, store, (delivery, context) => this.#deliveries.set(delivery, context));
    const grant = (sessionId: string): void => {
      consumer.sessionId = sessionId;
      const remote = raw(sender).remote.attach?.source as Record<string, unknown> | undefined;
      raw(sender).set_source({ ...remote, filter: { [SESSION_FILTER]: sessionId } });
      raw(sender).local.attach.properties = { [LOCKED_UNTIL]: rhea.types.wrap_long(ticksOf(sessions.held(sessionId)?.lockedUntil ?? Date.now())) };
      this.#addConsumer(consumer);
      store.pump();
    };
    if (typeof requested === 'string' && requested !== '') {
      if (sessions.lock(requested, consumer) === undefined) return refuse(sender, SESSION_CANNOT_BE_LOCKED, `The requested session '${requested}' cannot be accepted. It may be locked by another receiver.`);
      return grant(requested);
    }
    const available = sessions.nextAvailable(store.messages);
    if (available !== undefined) {
      sessions.lock(available, consumer);
      return grant(available);
    }
    // Nothing to give yet: hold the attach answer back, as Service Bus does, until a session or the timeout.
    deferOpen(sender);
    const properties = (raw(sender).remote.attach as { properties?: Record<string, unknown> } | undefined)?.properties;
    const timeoutMs = Math.min(toNumber(properties?.[TIMEOUT_PROPERTY] ?? 60_000) || 60_000, 65_000);
    this.#waiting.set(sender, store);
    sessions.waiting.push({
      owner: consumer,
      deadline: Date.now() + timeoutMs,
      grant: (sessionId) => {
        this.#waiting.delete(sender);
        sender.open();
        grant(sessionId);
      },
      timeout: () => {
        this.#waiting.delete(sender);
        sender.open();
        refuse(sender, 'com.microsoft:timeout', 'The operation did not complete within the allocated time (no session available).');
      },
    });
  }

  #onSenderClose(sender: Sender): void {
    const consumer = this.#consumers.get(sender);
    if (consumer !== undefined) this.#detachConsumer(sender, consumer);
    const waitingOn = this.#waiting.get(sender);
    if (waitingOn !== undefined) {
      this.#waiting.delete(sender);
      const index = waitingOn.sessions?.waiting.findIndex((waiter) => (waiter.owner as LinkConsumer).sender === sender) ?? -1;
      if (index >= 0) waitingOn.sessions?.waiting.splice(index, 1);
    }
  }

  #detachConsumer(sender: Sender, consumer: LinkConsumer): void {
    this.#consumers.delete(sender);
    consumer.store.consumers.delete(consumer);
    // A session receiver that goes away unlocks its session at once.
    if (consumer.sessionId !== undefined) consumer.store.releaseSessions(consumer);
  }

  #managed(address: string): MessageStore | undefined {
    return this.store(address.slice(0, -'/$management'.length));
  }

  #entityForSend(address: string): MessageStore | Topic | undefined {
    const topic = this.topics.get(address);
    if (topic !== undefined) return topic;
    if (!this.queues.has(address) && this.#options.autoCreate?.(address) === 'topic') return this.createTopic(address);
    return this.store(address);
  }

  #onMessage(context: EventContext): void {
    const receiver = context.receiver as Receiver;
    const delivery = context.delivery as Delivery;
    const message = context.message as Message;
    const address = targetAddress(receiver);
    if (address === '$cbs') {
      delivery.accept();
      return this.#reply(receiver.connection, address, message, { 'status-code': 202, 'status-description': 'Accepted' });
    }
    if (address.endsWith('/$management')) {
      delivery.accept();
      return this.#management(receiver.connection, address, message);
    }
    if (this.#busy > 0) {
      this.#busy--;
      return delivery.reject({ condition: 'com.microsoft:server-busy', description: 'The server is busy (injected fault).' });
    }
    // rhea hands over a message of a non-zero format undecoded.
    const format = (context as unknown as { format?: number }).format ?? 0;
    const inner = format === BATCH_FORMAT ? unbatch(decode(message as unknown as Buffer)) : [message];
    const entity = this.#entityForSend(address);
    if (entity === undefined) return delivery.reject({ condition: 'amqp:not-found', description: `entity '${address}' not found` });
    if (inner.some((one) => !hasSessionId(one)) && needsSessionId(entity)) {
      return delivery.reject({ condition: 'amqp:not-allowed', description: SESSION_ID_MISSING });
    }
    const now = Date.now();
    for (const one of inner) {
      if (entity instanceof Topic) entity.publish(one, now);
      else {
        entity.enqueue(one, now);
      }
    }
    if (entity instanceof MessageStore) entity.pump(now);
    delivery.accept();
  }

  #onDisposition(outcome: 'accepted' | 'released' | 'modified' | 'rejected', delivery: Delivery, delayed = false): void {
    const held = this.#deliveries.get(delivery);
    if (held === undefined) return;
    if (!delayed && this.#dispositionDelay.count > 0) {
      this.#dispositionDelay.count--;
      setTimeout(() => this.#onDisposition(outcome, delivery, true), this.#dispositionDelay.ms);
      return;
    }
    const state = (delivery.remote_state ?? {}) as { undeliverable_here?: boolean; message_annotations?: Record<string, unknown>; error?: { condition?: string; info?: Record<string, unknown> } };
    const { store, token } = held;
    let result: 'ok' | 'lock_lost';
    if (outcome === 'accepted') result = store.complete(token);
    else if (outcome === 'released') result = store.release(token);
    else if (outcome === 'modified') {
      result = state.undeliverable_here === true ? store.defer(token, state.message_annotations ?? {}) : store.abandon(token, state.message_annotations ?? {});
    } else if (state.error?.condition === DEAD_LETTER) {
      const { DeadLetterReason, DeadLetterErrorDescription, ...rest } = state.error.info ?? {};
      result = store.deadLetterLocked(token, asString(DeadLetterReason), asString(DeadLetterErrorDescription), rest);
    } else result = store.abandon(token);
    if (result === 'ok') delivery.update(true, outcomes.accepted().described());
    else delivery.update(true, outcomes.rejected({ error: { condition: LOCK_LOST, description: 'The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue.' } }).described());
    // The client (receiver-settle-mode second) never settles after we did, and rhea frees a session
    // slot only for deliveries settled on both sides: without this a link stalls after 2048.
    (delivery as unknown as { remote_settled: boolean }).remote_settled = true;
    store.pump();
  }

  /** $management answers carry statusCode (camelCase, as Service Bus sends them; the SDK's peek reads only that spelling). */
  #management(connection: Connection, address: string, request: Message): void {
    const store = this.#managed(address);
    const operation = String(request.application_properties?.operation ?? '');
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (store === undefined) return this.#reply(connection, address, request, { statusCode: 404, errorCondition: 'amqp:not-found' });
    const tokens = (): string[] => ((body['lock-tokens'] as unknown[] | undefined) ?? []).map((t) => rhea.uuid_to_string(t as Buffer).toLowerCase());
    const lost = (): void => this.#reply(connection, address, request, { statusCode: 410, errorCondition: LOCK_LOST, statusDescription: 'The lock supplied is invalid.' });
    switch (operation) {
      case 'com.microsoft:renew-lock': {
        const expirations: Date[] = [];
        for (const token of tokens()) {
          const until = store.renew(token);
          if (until === undefined) return lost();
          expirations.push(new Date(until));
        }
        return this.#reply(connection, address, request, { statusCode: 200 }, { expirations });
      }
      case 'com.microsoft:update-disposition': {
        const status = String(body['disposition-status']);
        const properties = (body['properties-to-modify'] ?? {}) as Record<string, unknown>;
        for (const token of tokens()) {
          const result =
            status === 'completed'
              ? store.complete(token)
              : status === 'abandoned'
                ? store.abandon(token, properties)
                : status === 'defered'
                  ? store.defer(token, properties)
                  : store.deadLetterLocked(token, asString(body['deadletter-reason']), asString(body['deadletter-description']), properties);
          if (result !== 'ok') return lost();
        }
        store.pump();
        return this.#reply(connection, address, request, { statusCode: 200 });
      }
      case 'com.microsoft:renew-session-lock': {
        const until = store.renewSession(String(body['session-id'] ?? ''));
        if (until === undefined) return this.#reply(connection, address, request, { statusCode: 410, errorCondition: SESSION_LOCK_LOST, statusDescription: 'The session lock has expired.' });
        return this.#reply(connection, address, request, { statusCode: 200 }, { expiration: new Date(until) });
      }
      case 'com.microsoft:set-session-state':
      case 'com.microsoft:get-session-state': {
        const sessionId = String(body['session-id'] ?? '');
        if (store.sessions?.held(sessionId) === undefined) return this.#reply(connection, address, request, { statusCode: 410, errorCondition: SESSION_LOCK_LOST, statusDescription: 'The session lock has expired.' });
        if (operation === 'com.microsoft:get-session-state') return this.#reply(connection, address, request, { statusCode: 200 }, { 'session-state': store.sessions.states.get(sessionId) ?? null });
        const state = body['session-state'];
        if (Buffer.isBuffer(state)) store.sessions.states.set(sessionId, state);
        else store.sessions.states.delete(sessionId);
        return this.#reply(connection, address, request, { statusCode: 200 });
      }
      case 'com.microsoft:schedule-message': {
        const entries = (body.messages ?? []) as { message: Buffer }[];
        const target = this.#entityForSend(address.slice(0, -'/$management'.length)) ?? store;
        if (needsSessionId(target) && entries.some((entry) => !hasSessionId(decode(entry.message)))) {
          return this.#reply(connection, address, request, { statusCode: 400, errorCondition: 'amqp:not-allowed', statusDescription: SESSION_ID_MISSING });
        }
        const sequenceNumbers: unknown[] = [];
        for (const entry of entries) {
          const decoded = decode(entry.message);
          if (target instanceof Topic) {
            target.publish(decoded);
            sequenceNumbers.push(rhea.types.wrap_long(0));
          } else sequenceNumbers.push(rhea.types.wrap_long(target.enqueue(decoded).seq));
        }
        return this.#reply(connection, address, request, { statusCode: 200 }, { 'sequence-numbers': rhea.types.wrap_array(sequenceNumbers, 0x81, undefined) });
      }
      case 'com.microsoft:peek-message': {
        const from = toNumber(body['from-sequence-number']);
        const count = toNumber(body['message-count']) || 1;
        const found = store.peek(from, count);
        if (found.length === 0) return this.#reply(connection, address, request, { statusCode: 204 }, {});
        const messages = found.map((stored) => ({ message: rhea.message.encode(outgoing(stored, false) as unknown as Parameters<typeof rhea.message.encode>[0]) }));
        return this.#reply(connection, address, request, { statusCode: 200 }, { messages });
      }
      case 'com.microsoft:add-rule':
      case 'com.microsoft:remove-rule':
      case 'com.microsoft:enumerate-rules': {
        if (!/\/Subscriptions\/[^/]+\/\$management$/i.test(address)) {
          return this.#reply(connection, address, request, { statusCode: 400, errorCondition: 'amqp:not-allowed', statusDescription: 'rules exist only on subscriptions' });
        }
        const answer = manageRules(store.rules, operation, body);
        return this.#reply(connection, address, request, answer.properties, answer.body);
      }
      default:
        return this.#reply(connection, address, request, { statusCode: 501, errorCondition: 'amqp:not-implemented', statusDescription: `operation '${operation}' is not implemented by the test broker` });
    }
  }

  /** Replies on the client's receiver whose target is the request's reply-to, else on one reading from the node. */
  #reply(connection: Connection, node: string, request: Message, properties: Record<string, unknown>, body?: unknown): void {
    const find = (connection as unknown as { find_sender(filter: (link: Sender) => boolean): Sender | undefined }).find_sender.bind(connection);
    const remote = (link: Sender): RawLink['remote']['attach'] => raw(link).remote.attach;
    const link = find((l) => request.reply_to !== undefined && remote(l)?.target?.address === request.reply_to) ?? find((l) => remote(l)?.source?.address === node);
    link?.send({ correlation_id: request.message_id, application_properties: properties, body: body ?? null } as Message);
  }
}

type Track = (delivery: Delivery, context: { sender: Sender; store: MessageStore; token: string }) => void;

/** A peek-lock receiver link of the client, as a consumer of one message store (of one session, on a session link). */
class LinkConsumer implements Consumer, SessionOwner {
  readonly sender: Sender;
  readonly store: MessageStore;
  sessionId: string | undefined;
  readonly #track: Track;
  /** Fault: attached but silent (stallReceivers). */
  stalled = false;
  /** Deliveries handed to rhea but not yet transferred: rhea takes credit only on transfer. */
  readonly #queued: { id: number }[] = [];

  constructor(sender: Sender, store: MessageStore, track: Track) {
    this.sender = sender;
    this.store = store;
    this.#track = track;
  }

  credit(): number {
    if (this.stalled || !this.sender.is_open() || !this.sender.sendable()) return 0;
    // Without this, one pump would lock every ready message against a credit of 1.
    return Math.max(0, raw(this.sender).credit - this.pending());
  }

  /** Deliveries sent on the link but not yet transferred (rhea takes their credit on transfer). */
  pending(): number {
    const transferred = (this.sender.session as unknown as { outgoing: { next_pending_delivery: number } }).outgoing.next_pending_delivery;
    while ((this.#queued[0]?.id ?? Number.POSITIVE_INFINITY) < transferred) this.#queued.shift();
    return this.#queued.length;
  }

  deliver(store: MessageStore, stored: StoredMessage): void {
    const token = stored.lockToken as string;
    const tag = reorderGuid(Buffer.from(rhea.string_to_uuid(token)));
    const delivery = this.sender.send(outgoing(stored, true), tag);
    this.#queued.push(delivery as unknown as { id: number });
    this.#track(delivery, { sender: this.sender, store, token });
  }

  idle(): void {
    // Drains are answered in the sender_draining handler, after a pump.
  }

  lockLost(sessionId: string): void {
    if (this.sender.is_open()) this.sender.close({ condition: SESSION_LOCK_LOST, description: `The session lock has expired on the session with id ${sessionId}.` });
  }
}

/**
 * Answers a drain with a flow carrying drain=true. rhea sets that flag only while credit is left,
 * so when the deliveries already sent used the credit up (the client asked to drain while they were
 * in flight) its answer would lack it, the client would never see the link drained, and the SDK
 * would close the link after 200 ms, stranding the locks of everything received on it.
 */
function answerDrain(sender: Sender): void {
  const link = sender as unknown as { credit: number; _get_drain(): boolean };
  if (link.credit === 0) {
    const own = link._get_drain;
    link._get_drain = () => {
      link._get_drain = own;
      return true;
    };
  }
  sender.set_drained(true);
}

/** The message as a receiver sees it: broker annotations and the delivery count added. */
function outgoing(stored: StoredMessage, locked: boolean): Message {
  const message = structuredCopy(stored.message);
  message.delivery_count = stored.deliveryCount;
  message.message_annotations = {
    ...(message.message_annotations ?? {}),
    'x-opt-sequence-number': rhea.types.wrap_long(stored.seq),
    'x-opt-enqueue-sequence-number': rhea.types.wrap_long(stored.seq),
    'x-opt-enqueued-time': new Date(stored.enqueuedAt),
    ...(locked && stored.lockedUntil !== undefined ? { 'x-opt-locked-until': new Date(stored.lockedUntil) } : {}),
  };
  if (message.message_id === undefined) message.message_id = String(stored.seq);
  return message;
}

/** .NET GUID byte order <-> RFC 4122 order (the first three groups are little-endian); its own inverse. */
function reorderGuid(bytes: Buffer): Buffer {
  return Buffer.from([bytes[3], bytes[2], bytes[1], bytes[0], bytes[5], bytes[4], bytes[7], bytes[6], ...bytes.subarray(8)] as number[]);
}

function unbatch(message: Message): Message[] {
  // One data section per message: rhea gives a section whose content is a Buffer (one) or an array (several).
  const body = message.body as { content?: unknown } | Buffer | undefined;
  const content = body === undefined || Buffer.isBuffer(body) ? body : body.content;
  const sections = Array.isArray(content) ? (content as Buffer[]) : Buffer.isBuffer(content) ? [content] : [];
  return sections.map((section) => decode(section));
}

function targetAddress(link: Receiver): string {
  return raw(link).remote.attach?.target?.address ?? '';
}

function sourceAddress(link: Sender): string {
  return raw(link).remote.attach?.source?.address ?? '';
}

/** Echoes the client's source and target so the attach is not read as a refusal. */
function mirrorTermini(link: Sender | Receiver): void {
  const remote = raw(link).remote.attach;
  if (remote?.source) raw(link).set_source(remote.source);
  if (remote?.target) raw(link).set_target(remote.target);
}

/** Answers an attach with no source and a detach carrying the error, as Service Bus refuses a link. */
function refuse(link: Sender | Receiver, condition: string, description: string): void {
  raw(link).local.attach.source = null;
  link.close({ condition, description });
}

/** Undoes rhea's automatic attach answer, so it can be sent later with link.open(). */
function deferOpen(link: Sender): void {
  const state = (link as unknown as { state: { local_open: boolean; open_requests: number } }).state;
  state.local_open = false;
  state.open_requests = Math.max(0, state.open_requests - 1);
}

const SESSION_ID_MISSING =
  'The SessionId was not set on a message, and it cannot be sent to the entity. Entities that have session support enabled can only receive messages that have the SessionId set to a valid value.';

function hasSessionId(message: Message): boolean {
  return typeof message.group_id === 'string' && message.group_id !== '';
}

/** A session-enabled queue, or a topic with a session-enabled subscription, takes only messages with a session id. */
function needsSessionId(entity: MessageStore | Topic): boolean {
  if (entity instanceof MessageStore) return entity.sessions !== undefined;
  return [...entity.subscriptions.values()].some((sub) => sub.sessions !== undefined);
}

function notFound(link: Sender | Receiver, address: string): void {
  link.close({ condition: 'amqp:not-found', description: `The messaging entity '${address}' could not be found.` });
}

/** The parts of rhea's links and codec its typings leave out. */
interface RawLink {
  local: { attach: Record<string, unknown> };
  remote: { attach?: { source?: { address?: string }; target?: { address?: string }; rcv_settle_mode?: unknown; snd_settle_mode?: unknown } };
  credit: number;
  set_source(fields: unknown): void;
  set_target(fields: unknown): void;
}

function raw(link: Sender | Receiver): RawLink {
  return link as unknown as RawLink;
}

interface Outcome {
  described(): unknown;
}

const outcomes = rhea.message as unknown as { accepted(): Outcome; rejected(fields: { error: { condition: string; description: string } }): Outcome };

function decode(buffer: Buffer): Message {
  return rhea.message.decode(buffer) as unknown as Message;
}

function asString(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (Buffer.isBuffer(value)) return Number(value.readBigInt64BE(0));
  if (value !== null && typeof value === 'object' && 'value' in value) return toNumber((value as { value: unknown }).value);
  return Number(value ?? 0);
}
