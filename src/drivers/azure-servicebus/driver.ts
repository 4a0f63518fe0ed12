/**
 * Azure Service Bus through @azure/service-bus: commands to queues, publish to topics, leased
 * consumption from queues and subscriptions with peek-lock, native dead-letter sub-queues.
 *
 * Delivery guarantees (docs/delivery-guarantees.md has the full table)
 * - A send resolves only after Service Bus accepted the batch holding the message.
 * - At-least-once: a delivery is a peek-lock; unsettled, it comes back when the lock (or the
 *   shorter lease the caller asked for) runs out. Consumers must tolerate redelivery.
 * - Attempts are counted by the driver (delivery count, plus attempts made on earlier copies, minus
 *   releases); after maxDeliveries the driver dead-letters with `max_deliveries_exceeded`. The
 *   entity's own MaxDeliveryCount is the backstop when no sidecar holds the message; give it room
 *   (releases count there).
 * - Ordering keys are sessions (session-ids.ts, session-inbox.ts): FIFO per key on entities that
 *   require sessions, found out per inbox; every message carries a SessionId.
 *
 * Entities are not created by this driver: ensureQueue / ensureSubscription check that the entity
 * exists (a peek on its management link) and remember the inbox settings; ensureTopic opens the
 * topic's sender link. A subscription's filter is its rules (rules.ts): replaced to match with
 * `manageEntities: true`, otherwise checked, a mismatch failing ensureSubscription.
 */
import type { TokenCredential } from '@azure/identity';
import type { ServiceBusClient } from '@azure/service-bus';
import { OutriggerError } from '../../kernel/errors.js';
import type {
  DriverEventCounts,
  Capabilities,
  Driver,
  DriverOptions,
  InboxRef,
  InboxSettings,
  OutboundMessage,
  QueueOperations,
  SendReceipt,
  SubscriptionSettings,
  TopicFilter,
  TopicOperations,
} from '../contract.js';
import { serviceBusCapabilities } from './capabilities.js';
import { buildClient, checkCredential } from './credentials.js';
import { toServiceBusMessage } from './codec.js';
import { ServiceBusDepth } from './depth.js';
import { toServiceBusError } from './errors.js';
import { describeInbox } from '../inbox-names.js';
import { inboxKey, ServiceBusInboxes } from './inbox.js';
import { CoalescingSender } from './sender.js';
import { reconcileRules } from './rules.js';
import { NamespaceThrottle } from './throttle.js';
import { parseServiceBusSettings, type ServiceBusSettings } from './settings.js';

type State = 'new' | 'open' | 'closing' | 'closed';

/** The SDK keeps its AMQP connection private; reading whether it is open is all we do with it. */
interface ConnectionProbe {
  _connectionContext?: { connection?: { isOpen(): boolean; open(): Promise<unknown> } };
}

export class ServiceBusDriver implements Driver {
  readonly kind = 'azure-servicebus';
  readonly name: string;
  readonly capabilities: Capabilities;
  readonly settings: ServiceBusSettings;
  readonly queues: QueueOperations;
  readonly topics: TopicOperations;
  readonly inboxes: ServiceBusInboxes;
  /** Request/reply: replies to callers on this namespace go to this queue, one session per caller. */
  readonly replies: { readonly queue: string };
  readonly throttle: NamespaceThrottle;
  #state: State = 'new';
  #client: ServiceBusClient | undefined;
  #credential: TokenCredential | undefined;
  readonly #senders = new Map<string, CoalescingSender>();
  readonly #inboxSettings = new Map<string, InboxSettings>();
  #closing: Promise<void> | undefined;

  constructor(options: DriverOptions) {
    this.name = options.name;
    this.settings = parseServiceBusSettings(options);
    this.capabilities = Object.freeze({ ...serviceBusCapabilities, maxMessageBytes: this.settings.maxMessageBytes });
    this.replies = Object.freeze({ queue: this.settings.replyQueue });
    this.throttle = new NamespaceThrottle(this.name, this.settings.serverBusyBackoffMs);
    this.inboxes = new ServiceBusInboxes({
      throttle: this.throttle,
      broker: this.name,
      settings: this.settings,
      client: () => this.#require(),
      sender: (entity) => this.#sender(entity),
      inboxSettings: (ref) => this.#inboxSettings.get(inboxKey(ref)),
      depth: new ServiceBusDepth({ broker: this.name, auth: this.settings.auth, credential: () => this.#credential }),
    });
    this.queues = {
      ensureQueue: (queue, settings) => this.#ensureInbox({ kind: 'queue', queue }, settings),
      send: (queue, messages, signal) => this.#send(queue, 'queue', messages, signal),
    };
    this.topics = {
      ensureTopic: (topic) => this.#ensureTopic(topic),
      ensureSubscription: (topic, subscription, settings) => this.#ensureInbox({ kind: 'subscription', topic, subscription }, settings),
      publish: (topic, messages, signal) => this.#send(topic, 'topic', messages, signal),
    };
  }

  async connect(signal?: AbortSignal): Promise<void> {
    if (this.#state === 'open') return;
    if (this.#state !== 'new') throw this.#closedError();
    signal?.throwIfAborted();
    const { auth } = this.settings;
    const { client, credential } = await buildClient(auth, {
      // One quick transport retry inside the SDK (reconnects, re-attaches links); anything beyond
      // is the caller's decision, so the two never multiply.
      retryOptions: { maxRetries: 1, retryDelayInMs: 200, maxRetryDelayInMs: 1000, timeoutInMs: 30_000 },
    });
    if (credential !== undefined && auth.kind === 'namespace') {
      try {
        await checkCredential(credential, this.name, auth.namespace, signal);
      } catch (err) {
        await client.close().catch(() => undefined);
        throw err;
      }
    }
    const connection = (client as unknown as ConnectionProbe)._connectionContext?.connection;
    try {
      await connection?.open();
    } catch (err) {
      await client.close().catch(() => undefined);
      throw toServiceBusError(err, { broker: this.name, action: 'connecting' });
    }
    this.#client = client;
    this.#credential = credential;
    this.#state = 'open';
  }

  /**
   * What the driver recovered from by itself, for `outrigger_broker_events_total`: message locks
   * the broker reported lost (a settle or renewal refused), leases that ran out while held (the
   * message abandoned), session locks lost, receives the watchdog ended, receivers recreated,
   * and ServerBusy answers that started a back-off.
   */
  eventCounts(): DriverEventCounts {
    return {
      message_locks_lost: this.inboxes.messageLocksLost,
      leases_expired: this.inboxes.leasesExpired + this.inboxes.sessions.leasesExpired,
      session_locks_lost: this.inboxes.sessions.sessionLocksLost,
      receivers_stalled: this.inboxes.stalls,
      receivers_replaced: this.inboxes.receiversReplaced,
      server_busy: this.throttle.busyCount,
    };
  }

  /** True while the SDK's AMQP connection is open (it reconnects on the next operation after a drop). */
  isConnected(): boolean {
    if (this.#state !== 'open' || this.#client === undefined) return false;
    const connection = (this.#client as unknown as ConnectionProbe)._connectionContext?.connection;
    return connection === undefined ? true : connection.isOpen();
  }

  /** Idempotent: waits for accepted sends, then closes receivers, senders and the connection. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    const client = this.#client;
    if (this.#state === 'new' || client === undefined) {
      this.#state = 'closed';
      return;
    }
    this.#state = 'closing';
    await Promise.allSettled([...this.#senders.values()].map((sender) => sender.drain()));
    await this.inboxes.close();
    await Promise.allSettled([...this.#senders.values()].map((sender) => sender.sender.close()));
    this.#senders.clear();
    await client.close().catch(() => undefined);
    this.#state = 'closed';
  }

  async #send(entity: string, kind: 'queue' | 'topic', messages: OutboundMessage[], signal?: AbortSignal): Promise<SendReceipt[]> {
    checkName(kind, entity);
    signal?.throwIfAborted();
    const limit = this.settings.maxMessageBytes;
    for (const message of messages) {
      if (message.data.byteLength > limit) {
        throw new OutriggerError('payload_too_large', `a message of ${message.data.byteLength} bytes exceeds the limit of ${limit} bytes of Service Bus broker '${this.name}'`, {
          extensions: { limit },
        });
      }
    }
    if (messages.length === 0) return [];
    const action = `sending to ${kind} '${entity}'`;
    this.throttle.check(action);
    const now = Date.now();
    try {
      await this.#sender(entity).send(messages.map((message) => toServiceBusMessage(message, now)));
    } catch (err) {
      throw toServiceBusError(err, { broker: this.name, action });
    }
    // Service Bus never says whether it dropped a duplicate, so no receipt claims one.
    return messages.map((message) => ({ id: message.id, duplicate: false }));
  }

  async #ensureInbox(ref: InboxRef, settings: InboxSettings | SubscriptionSettings): Promise<void> {
    if (ref.kind === 'queue') checkName('queue', ref.queue);
    else {
      checkName('topic', ref.topic);
      checkName('subscription', ref.subscription);
    }
    if (!Number.isSafeInteger(settings.maxDeliveries) || settings.maxDeliveries < 1) throw new OutriggerError('bad_request', `${describeInbox(ref)}: maxDeliveries must be an integer of at least 1`);
    if (!Number.isSafeInteger(settings.leaseMs) || settings.leaseMs < 1) throw new OutriggerError('bad_request', `${describeInbox(ref)}: leaseMs must be a positive integer`);
    const filter = 'filter' in settings ? settings.filter : undefined;
    if (filter !== undefined) checkFilter(ref, filter);
    const client = this.#require();
    // Checks that the entity exists without taking a message.
    const receiver = ref.kind === 'queue' ? client.createReceiver(ref.queue) : client.createReceiver(ref.topic, ref.subscription);
    try {
      await receiver.peekMessages(1);
    } catch (err) {
      throw toServiceBusError(err, { broker: this.name, action: `checking ${describeInbox(ref)}` });
    } finally {
      await receiver.close().catch(() => undefined);
    }
    if (ref.kind === 'subscription') {
      await reconcileRules(client, { broker: this.name, topic: ref.topic, subscription: ref.subscription, manage: this.settings.manageEntities }, filter);
    }
    // Session-enabled (ordering keys) or not: learnt once, here, rather than on the first receive.
    const sessionful = await this.inboxes.sessions.isSessionful(ref, inboxKey(ref));
    if (settings.ordered === true && !sessionful) {
      throw new OutriggerError(
        'bad_request',
        `${describeInbox(ref)} on Service Bus broker '${this.name}' does not require sessions, which ordered delivery (per-key FIFO) and request/reply replies need; recreate it with sessions enabled (RequiresSession cannot be changed on an existing entity)`,
      );
    }
    this.#inboxSettings.set(inboxKey(ref), { maxDeliveries: settings.maxDeliveries, leaseMs: settings.leaseMs, dedupWindowMs: settings.dedupWindowMs });
  }

  async #ensureTopic(topic: string): Promise<void> {
    checkName('topic', topic);
    try {
      // Opens the sender link: fails when the topic does not exist.
      await this.#sender(topic).sender.createMessageBatch();
    } catch (err) {
      throw toServiceBusError(err, { broker: this.name, action: `checking topic '${topic}'` });
    }
  }

  #sender(entity: string): CoalescingSender {
    let sender = this.#senders.get(entity);
    if (sender === undefined) {
      // ServerBusy is noted once per refused transfer, however many callers it fails.
      sender = new CoalescingSender(this.#require().createSender(entity), (err) => this.throttle.note(err));
      this.#senders.set(entity, sender);
    }
    return sender;
  }

  #require(): ServiceBusClient {
    if (this.#state === 'open' && this.#client !== undefined) return this.#client;
    if (this.#state === 'new') {
      throw new OutriggerError('broker_unavailable', `Service Bus broker '${this.name}' is not connected yet`, { retriable: true, retryAfterSeconds: 1 });
    }
    throw this.#closedError();
  }

  #closedError(): OutriggerError {
    return new OutriggerError('broker_unavailable', `Service Bus broker '${this.name}' is closed`, { retriable: false });
  }
}

function checkFilter(ref: InboxRef, filter: TopicFilter): void {
  const types: unknown = filter.types;
  if (types !== undefined && (!Array.isArray(types) || types.some((t) => typeof t !== 'string' || t === ''))) {
    throw new OutriggerError('bad_request', `${describeInbox(ref)}: filter.types must be a list of non-empty strings`);
  }
  if (filter.subjectPrefix !== undefined && typeof filter.subjectPrefix !== 'string') throw new OutriggerError('bad_request', `${describeInbox(ref)}: filter.subjectPrefix must be a string`);
}

function checkName(what: string, name: unknown): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > 260) {
    throw new OutriggerError('invalid_name', `${what} name must be a non-empty string of at most 260 characters`);
  }
}
