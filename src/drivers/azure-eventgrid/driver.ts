/**
 * Azure Event Grid: publish to a custom topic or domain, or to a namespace topic whose event
 * subscriptions are pulled with lock tokens (namespace-inbox.ts).
 *
 * Delivery guarantees (docs/delivery-guarantees.md has the full table)
 * - A publish resolves only after the service answered 200 for the request holding its events;
 *   concurrent publishes to a topic share requests (coalescer.ts). A request is all or nothing.
 * - 1 MB per event and per request, checked before sending: `payload_too_large` names the limit.
 * - Pulled events are at-least-once: an unsettled lock runs out and the event comes back with its
 *   delivery count raised. No ordering, no scheduling, no TTL per event, no duplicate detection.
 *
 * Nothing is created: Event Grid topics and subscriptions are made in Azure (or by the test
 * server); ensureTopic accepts any name and ensureSubscription checks the subscription exists.
 */
import { OutriggerError } from '../../kernel/errors.js';
import type { Capabilities, Driver, DriverEventCounts, DriverOptions, InboxSettings, OutboundMessage, SendReceipt, SubscriptionSettings, TopicOperations } from '../contract.js';
import { eventGridCapabilities } from './capabilities.js';
import { buildCredential, EventGridClients } from './clients.js';
import { toCloudEvent, toEventGridEvent, wireSize, type WireEvent } from './codec.js';
import { Coalescer } from './coalescer.js';
import { MAX_BYTES } from './limits.js';
import { NamespaceInboxes } from './namespace-inbox.js';
import { parseEventGridSettings, subscriptionProblem, type EventGridSettings } from './settings.js';

type State = 'new' | 'open' | 'closing' | 'closed';

export class EventGridDriver implements Driver {
  readonly kind = 'azure-eventgrid';
  readonly name: string;
  readonly capabilities: Capabilities = eventGridCapabilities;
  readonly settings: EventGridSettings;
  readonly topics: TopicOperations;
  readonly inboxes: NamespaceInboxes;
  readonly #raw: Record<string, unknown>;
  #state: State = 'new';
  #clients: EventGridClients | undefined;
  readonly #coalescers = new Map<string, Coalescer>();
  readonly #subscriptions = new Map<string, InboxSettings>();
  readonly #publishing = new Set<Promise<unknown>>();
  #closing: Promise<void> | undefined;

  constructor(options: DriverOptions) {
    this.name = options.name;
    this.#raw = options.settings;
    this.settings = parseEventGridSettings(options);
    this.inboxes = new NamespaceInboxes(
      () => this.#require(),
      (ref) => (ref.kind === 'subscription' ? (this.#subscriptions.get(`${ref.topic}\u0000${ref.subscription}`)?.maxDeliveries ?? 10) : 10),
    );
    this.topics = {
      ensureTopic: async () => undefined,
      ensureSubscription: (topic, subscription, settings) => this.#ensureSubscription(topic, subscription, settings),
      publish: (topic, messages, signal) => this.#track(this.#publish(topic, messages, signal)),
    };
  }

  async connect(signal?: AbortSignal): Promise<void> {
    if (this.#state === 'open') return;
    if (this.#state !== 'new') throw this.#closedError();
    const credential = await buildCredential(this.settings.auth, this.name, this.settings.target.endpoint, signal);
    this.#clients = new EventGridClients(this.name, this.settings, credential);
    this.#state = 'open';
  }

  isConnected(): boolean {
    return this.#state === 'open' && this.#clients?.connected === true;
  }

  eventCounts(): DriverEventCounts {
    return { server_busy: this.#clients?.busyAnswers ?? 0, over_delivered_rejected: this.inboxes.overDelivered };
  }

  /** Idempotent: waits for publishes in flight. Held locks run out by themselves (the service has no bulk release of unknown tokens). */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#state = this.#state === 'new' ? 'closed' : 'closing';
      await Promise.allSettled([...this.#publishing]);
      this.#state = 'closed';
    })();
    return this.#closing;
  }

  async #ensureSubscription(topic: string, subscription: string, settings: SubscriptionSettings): Promise<void> {
    const problem = subscriptionProblem(this.#raw);
    if (problem !== undefined) throw new OutriggerError('unsupported_operation', `subscription '${subscription}' of topic '${topic}': Event Grid broker '${this.name}' ${problem}`);
    if (settings.filter !== undefined) {
      throw new OutriggerError('unsupported_operation', `subscription '${subscription}': Event Grid broker '${this.name}' cannot filter what a client pulls; set the filter on the event subscription in Azure`);
    }
    this.#require();
    await this.inboxes.exists(topic, subscription);
    this.#subscriptions.set(`${topic}\u0000${subscription}`, settings);
  }

  async #publish(topic: string, messages: OutboundMessage[], signal?: AbortSignal): Promise<SendReceipt[]> {
    signal?.throwIfAborted();
    if (this.#state === 'closing') throw this.#closedError();
    const clients = this.#require();
    // Every event is encoded and checked first, so a refused one publishes none of the call.
    const events = messages.map((message) => this.#encode(topic, message));
    const sizes = events.map((event, index) => this.#checkSize(event, messages[index]!));
    if (events.length > 0) await this.#coalescer(topic, clients).publish(events, sizes, signal);
    return messages.map((message) => ({ id: message.id, duplicate: false }));
  }

  #encode(topic: string, message: OutboundMessage): WireEvent {
    const { target } = this.settings;
    if (target.kind === 'namespace') return toCloudEvent(message);
    const domainTopic = target.domain ? topic : undefined;
    return target.schema === 'eventgrid' ? toEventGridEvent(message, domainTopic) : toCloudEvent(message, domainTopic);
  }

  #checkSize(event: WireEvent, message: OutboundMessage): number {
    const size = wireSize(event);
    // The request wraps it in [ ]: an event that fits the event limit must fit a request too.
    if (size + 2 > MAX_BYTES) {
      throw new OutriggerError(
        'payload_too_large',
        `event '${message.id}' is ${size} bytes as Event Grid JSON (a ${message.data.byteLength}-byte body with its attributes), over the ${MAX_BYTES}-byte (1 MB) event limit of Event Grid broker '${this.name}'`,
        { extensions: { limit: MAX_BYTES, size } },
      );
    }
    return size;
  }

  #coalescer(topic: string, clients: EventGridClients): Coalescer {
    const key = this.settings.target.kind === 'namespace' ? topic : '';
    let coalescer = this.#coalescers.get(key);
    if (coalescer === undefined) {
      const action = this.settings.target.kind === 'namespace' ? `publishing to namespace topic '${topic}'` : `publishing to '${this.settings.target.endpoint}'`;
      coalescer = new Coalescer((events, signal) =>
        clients.call(action, () => (this.settings.target.kind === 'namespace' ? clients.publishToNamespace(topic, events, signal) : clients.publishToTopic(events, signal))),
      );
      this.#coalescers.set(key, coalescer);
    }
    return coalescer;
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#publishing.add(promise);
    void promise.finally(() => this.#publishing.delete(promise)).catch(() => undefined);
    return promise;
  }

  #require(): EventGridClients {
    if ((this.#state === 'open' || this.#state === 'closing') && this.#clients !== undefined) return this.#clients;
    if (this.#state === 'new') throw new OutriggerError('broker_unavailable', `Event Grid broker '${this.name}' is not connected yet`, { retriable: true, retryAfterSeconds: 1 });
    throw this.#closedError();
  }

  #closedError(): OutriggerError {
    return new OutriggerError('broker_unavailable', `Event Grid broker '${this.name}' is closed`, { retriable: false });
  }
}

