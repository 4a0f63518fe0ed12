/**
 * Azure Storage Queues through @azure/storage-queue: commands only (no topics, streams or
 * ordering), leased consumption with visibility timeouts (inbox.ts), poison queues kept by the
 * driver (poison.ts), one JSON envelope per message (envelope.ts).
 *
 * Delivery guarantees (docs/delivery-guarantees.md has the full table)
 * - A send resolves only after the service stored the message (one request per message, in
 *   order; a batch is not atomic: an error names how far it got by failing the call).
 * - At-least-once: an unsettled message becomes visible again when its lease runs out.
 * - notBefore is the visibility timeout on send (whole seconds, at most 7 days: more is refused);
 *   expiresAt the time-to-live, enforced to the millisecond on receive. Without one, messages
 *   never expire (the service's default would drop them after 7 days).
 * - No ordering keys, no duplicate detection: the service has neither.
 *
 * Queues are created when missing (createQueues, default true), their poison queues on first use.
 */
import { OutriggerError } from '../../kernel/errors.js';
import type { Capabilities, Driver, DriverEventCounts, DriverOptions, InboxSettings, OutboundMessage, QueueOperations, SendReceipt } from '../contract.js';
import { storageQueueCapabilities } from './capabilities.js';
import { buildServiceClient, StorageQueueClients } from './clients.js';
import { encodedSize, encodeText, toEnvelope } from './envelope.js';
import { StorageQueueInboxes } from './inbox.js';
import { queueNameProblem } from './names.js';
import { PoisonQueues } from './poison.js';
import { parseStorageQueueSettings, type StorageQueueSettings } from './settings.js';
import { delaySeconds } from './visibility.js';

type State = 'new' | 'open' | 'closing' | 'closed';

export class StorageQueueDriver implements Driver {
  readonly kind = 'azure-storage-queue';
  readonly name: string;
  readonly capabilities: Capabilities = storageQueueCapabilities;
  readonly settings: StorageQueueSettings;
  readonly queues: QueueOperations;
  readonly inboxes: StorageQueueInboxes;
  #state: State = 'new';
  #clients: StorageQueueClients | undefined;
  #poison: PoisonQueues | undefined;
  readonly #inboxSettings = new Map<string, InboxSettings>();
  readonly #sending = new Set<Promise<unknown>>();
  #closing: Promise<void> | undefined;

  constructor(options: DriverOptions) {
    this.name = options.name;
    this.settings = parseStorageQueueSettings(options);
    const { messageEncoding: encoding, pollMaxMs } = this.settings;
    this.inboxes = new StorageQueueInboxes({
      broker: this.name,
      encoding,
      pollMaxMs,
      clients: () => this.#require(),
      poison: () => {
        this.#require();
        return this.#poison as PoisonQueues;
      },
      inboxSettings: (queue) => this.#inboxSettings.get(queue),
    });
    this.queues = {
      ensureQueue: (queue, settings) => this.#ensureQueue(queue, settings),
      send: (queue, messages, signal) => this.#track(this.#send(queue, messages, signal)),
    };
  }

  async connect(signal?: AbortSignal): Promise<void> {
    if (this.#state === 'open') return;
    if (this.#state !== 'new') throw this.#closedError();
    const service = await buildServiceClient(this.settings.auth, this.name, signal);
    const clients = new StorageQueueClients(this.name, service);
    try {
      // One request, so an unreachable account fails start-up; a credential allowed only on some
      // queues (403 here) is left to ensureQueue, which names the queue.
      await clients.call('connecting', () => service.listQueues().byPage({ maxPageSize: 1 }).next());
    } catch (err) {
      if (err instanceof OutriggerError && err.retriable) throw err;
    }
    this.#clients = clients;
    this.#poison = new PoisonQueues(clients, { encoding: this.settings.messageEncoding, createQueues: this.settings.createQueues });
    this.#state = 'open';
  }

  isConnected(): boolean {
    return this.#state === 'open' && this.#clients?.connected === true;
  }

  /**
   * What the driver handled by itself, for `outrigger_broker_events_total`: messages moved to a
   * poison queue, expired messages dropped on receive, settlements refused for a stale pop
   * receipt, and 503/500 answers (throttling).
   */
  eventCounts(): DriverEventCounts {
    return {
      messages_poisoned: this.#poison?.moved ?? 0,
      expired_dropped: this.inboxes.expiredDropped,
      leases_lost: this.inboxes.leasesLost,
      server_busy: this.#clients?.busyAnswers ?? 0,
    };
  }

  /** Idempotent: waits for sends in flight, then gives back held messages without counting the attempt. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    if (this.#state === 'new') {
      this.#state = 'closed';
      return;
    }
    this.#state = 'closing';
    await Promise.allSettled([...this.#sending]);
    await this.inboxes.releaseAll();
    // The SDK holds no connections of its own beyond Node's HTTP agent: nothing more to close.
    this.#state = 'closed';
  }

  async #ensureQueue(queue: string, settings: InboxSettings): Promise<void> {
    checkQueueName(queue);
    if (!Number.isSafeInteger(settings.maxDeliveries) || settings.maxDeliveries < 1) throw new OutriggerError('bad_request', `queue '${queue}': maxDeliveries must be an integer of at least 1`);
    if (!Number.isSafeInteger(settings.leaseMs) || settings.leaseMs < 1) throw new OutriggerError('bad_request', `queue '${queue}': leaseMs must be a positive integer`);
    const clients = this.#require();
    const client = clients.queue(queue);
    if (this.settings.createQueues) await clients.call(`creating queue '${queue}'`, () => client.createIfNotExists());
    else await clients.call(`checking queue '${queue}'`, () => client.getProperties());
    this.#inboxSettings.set(queue, { maxDeliveries: settings.maxDeliveries, leaseMs: settings.leaseMs, dedupWindowMs: settings.dedupWindowMs });
  }

  async #send(queue: string, messages: OutboundMessage[], signal?: AbortSignal): Promise<SendReceipt[]> {
    checkQueueName(queue);
    signal?.throwIfAborted();
    if (this.#state === 'closing') throw this.#closedError();
    const clients = this.#require();
    const now = Date.now();
    // Everything is encoded and checked first, so a refused message sends none of the batch.
    const prepared = messages.map((message) => this.#prepare(message, now));
    const client = clients.queue(queue);
    for (const item of prepared) {
      if (item === undefined) continue;
      await clients.call(`sending to queue '${queue}'`, () => client.sendMessage(item.text, item.options));
    }
    // The service never looks at content, so nothing is ever suppressed as a duplicate.
    return messages.map((message) => ({ id: message.id, duplicate: false }));
  }

  /** The text and options of one message; undefined for one that has expired already (dropped, as TTL says). */
  #prepare(message: OutboundMessage, now: number): { text: string; options: { visibilityTimeout?: number; messageTimeToLive: number } } | undefined {
    if (message.expiresAt !== undefined && message.expiresAt <= now) return undefined;
    const text = encodeText(toEnvelope(message), this.settings.messageEncoding);
    const size = encodedSize(text);
    const limit = this.capabilities.maxMessageBytes;
    if (size > limit) {
      throw new OutriggerError(
        'payload_too_large',
        `message '${message.id}' is ${size} bytes once encoded (a ${message.data.byteLength}-byte body in a ${this.settings.messageEncoding} CloudEvents envelope), over the ${limit}-byte limit of Storage Queues broker '${this.name}'`,
        { extensions: { limit, size } },
      );
    }
    const delay = message.notBefore === undefined ? 0 : delaySeconds(message.notBefore - now, `a delay for message '${message.id}'`);
    // The service wants the time-to-live beyond the delay; the envelope's expiry is what counts.
    const ttl = message.expiresAt === undefined ? -1 : Math.max(Math.ceil((message.expiresAt - now) / 1000), delay + 1);
    return { text, options: { ...(delay > 0 ? { visibilityTimeout: delay } : {}), messageTimeToLive: ttl } };
  }

  /** Sends in flight are waited for by close(), so one accepted before close is never cut off. */
  #track<T>(promise: Promise<T>): Promise<T> {
    this.#sending.add(promise);
    void promise.finally(() => this.#sending.delete(promise)).catch(() => undefined);
    return promise;
  }

  #require(): StorageQueueClients {
    if (this.#state === 'open' && this.#clients !== undefined) return this.#clients;
    if (this.#state === 'closing' && this.#clients !== undefined) return this.#clients;
    if (this.#state === 'new') throw new OutriggerError('broker_unavailable', `Storage Queues broker '${this.name}' is not connected yet`, { retriable: true, retryAfterSeconds: 1 });
    throw this.#closedError();
  }

  #closedError(): OutriggerError {
    return new OutriggerError('broker_unavailable', `Storage Queues broker '${this.name}' is closed`, { retriable: false });
  }
}

function checkQueueName(queue: string): void {
  const problem = queueNameProblem(queue);
  if (problem !== undefined) throw new OutriggerError('invalid_name', `Storage queue name '${queue}' ${problem}`);
}
