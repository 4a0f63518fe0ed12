/**
 * Azure Event Hubs through @azure/event-hubs: the stream interaction. One event hub per stream;
 * consumer groups load-balanced by the SDK over a blob checkpoint store
 * (@azure/eventhubs-checkpointstore-blob).
 *
 * Delivery guarantees (docs/delivery-guarantees.md, "Azure Event Hubs", has the full story)
 * - An append resolves only after Event Hubs accepted every batch holding its events; its
 *   receipt gives each event's partition and offset (sequence number).
 * - Order is kept per partition; a partition key always maps to one partition (the service's
 *   own hash), and keyed events are sent to that partition explicitly.
 * - Consumers: at-least-once from the checkpoint; a checkpoint is only what the processor
 *   passes to checkpoint(), and a failed processEvents call is repeated, never skipped.
 *
 * Hubs, partitions and consumer groups are not created by this driver: Event Hubs manages them
 * through Azure Resource Manager only. ensureStream checks that the hub exists.
 */
import type { TokenCredential } from '@azure/identity';
import type { ContainerClient } from '@azure/storage-blob';
import { OutriggerError } from '../../kernel/errors.js';
import { checkAzureCredential, defaultAzureCredential } from '../azure/identity.js';
import type { Capabilities, Driver, DriverOptions, StreamOperations } from '../contract.js';
import { eventHubsCapabilities } from './capabilities.js';
import { checkpointContainerClient, EVENT_HUBS_SCOPE, STORAGE_SCOPE, type EventHubsConnection } from './clients.js';
import { toEventHubsError } from './errors.js';
import type { EventHubsGroupConsumer } from './group-consumer.js';
import { Hub } from './hub.js';
import { parseEventHubsSettings, type EventHubsSettings } from './settings.js';
import { eventHubsStreams } from './streams.js';

type State = 'new' | 'open' | 'closing' | 'closed';

export class EventHubsDriver implements Driver {
  readonly kind = 'azure-eventhubs';
  readonly name: string;
  readonly capabilities: Capabilities;
  readonly settings: EventHubsSettings;
  readonly streams: StreamOperations;
  #state: State = 'new';
  readonly #hubs = new Map<string, Hub>();
  readonly #consumers = new Set<EventHubsGroupConsumer>();
  #closing: Promise<void> | undefined;
  /** DefaultAzureCredential, built at connect when namespace or checkpointAccountUrl is set. */
  #credential: TokenCredential | undefined;
  /** When a stream operation last failed because the service was unreachable or refused, and when one last succeeded. */
  #lastOutage = 0;
  #lastSuccess = 0;

  constructor(options: DriverOptions) {
    this.name = options.name;
    this.settings = parseEventHubsSettings(options);
    this.capabilities = Object.freeze({ ...eventHubsCapabilities, maxMessageBytes: this.settings.maxMessageBytes });
    const fail = (err: unknown, action: string): OutriggerError => toEventHubsError(err, { broker: this.name, action });
    this.streams = this.#watched(eventHubsStreams({
      broker: this.name,
      settings: this.settings,
      connection: () => this.#connection(),
      checkpointContainer: () => this.#checkpointContainer(),
      hub: (stream) => this.#hub(stream),
      adopt: (consumer) => {
        this.#consumers.add(consumer);
        const close = consumer.close.bind(consumer);
        consumer.close = () => close().finally(() => this.#consumers.delete(consumer));
      },
      fail,
    }));
  }

  /**
   * Event Hubs connections are per hub and reopen lazily, so "connected" is what the last stream
   * operation found: false after one failed with a retriable broker_unavailable, until one succeeds.
   */
  #watched(ops: StreamOperations): StreamOperations {
    const track = <T>(work: Promise<T>): Promise<T> =>
      work.then(
        (value) => {
          this.#lastSuccess = performance.now();
          return value;
        },
        (err: unknown) => {
          if (err instanceof OutriggerError && err.code === 'broker_unavailable' && err.retriable) this.#lastOutage = performance.now();
          throw err;
        },
      );
    return {
      ensureStream: (...args) => track(ops.ensureStream(...args)),
      append: (...args) => track(ops.append(...args)),
      partitions: (...args) => track(ops.partitions(...args)),
      read: (...args) => track(ops.read(...args)),
      consume: (...args) => track(ops.consume(...args)),
      lag: (...args) => track(ops.lag(...args)),
    };
  }

  /**
   * Checks the settings that need no hub, and with Azure credentials gets one token so a pod
   * without an identity fails here, naming what to set. Connections are per event hub in the
   * SDK, so they open with the first operation on a stream (ensureStream at start-up).
   */
  async connect(signal?: AbortSignal): Promise<void> {
    if (this.#state === 'open') return;
    if (this.#state !== 'new') throw this.#closedError();
    signal?.throwIfAborted();
    const { auth, checkpointAccountUrl, clientId } = this.settings;
    if (auth.kind === 'namespace' || checkpointAccountUrl !== undefined) {
      const credential = await defaultAzureCredential(clientId);
      const storageRole = 'Storage Blob Data Contributor on the checkpoint storage account or container';
      await checkAzureCredential(
        credential,
        auth.kind === 'namespace'
          ? {
              driver: this.kind,
              broker: this.name,
              target: `namespace '${auth.namespace}'`,
              scope: EVENT_HUBS_SCOPE,
              roles: `the Azure Event Hubs Data Sender/Receiver roles${checkpointAccountUrl === undefined ? '' : ` and ${storageRole}`}`,
            }
          : { driver: this.kind, broker: this.name, target: `checkpoint storage '${checkpointAccountUrl}'`, scope: STORAGE_SCOPE, roles: storageRole },
        signal,
      );
      if (this.#state !== 'new') throw this.#closedError();
      this.#credential = credential;
    }
    this.#state = 'open';
  }

  isConnected(): boolean {
    return this.#state === 'open' && this.#lastOutage <= this.#lastSuccess;
  }

  /** Idempotent: closes consumers (giving their partitions up), waits for pending appends, closes the clients. */
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
    await Promise.allSettled([...this.#consumers].map((consumer) => consumer.close()));
    await Promise.allSettled([...this.#hubs.values()].map((hub) => hub.close()));
    this.#hubs.clear();
    this.#state = 'closed';
  }

  #connection(): EventHubsConnection {
    this.#require();
    const { auth } = this.settings;
    if (auth.kind === 'connectionString') return auth;
    if (this.#credential === undefined) throw this.#closedError();
    return { kind: 'credential', namespace: auth.namespace, credential: this.#credential };
  }

  #checkpointContainer(): ContainerClient {
    this.#require();
    const client = checkpointContainerClient(this.settings, this.#credential);
    if (client === undefined) throw new OutriggerError('unsupported_operation', `Event Hubs broker '${this.name}' has no checkpoint store configured`);
    return client;
  }

  #hub(stream: string): Hub {
    this.#require();
    let hub = this.#hubs.get(stream);
    if (hub === undefined) {
      hub = new Hub({
        name: stream,
        connection: this.#connection(),
        readConsumerGroup: this.settings.readConsumerGroup,
        maxMessageBytes: this.settings.maxMessageBytes,
        fail: (err, action) => toEventHubsError(err, { broker: this.name, action }),
      });
      this.#hubs.set(stream, hub);
    }
    return hub;
  }

  #require(): void {
    if (this.#state === 'open') return;
    if (this.#state === 'new') {
      throw new OutriggerError('broker_unavailable', `Event Hubs broker '${this.name}' is not connected yet`, { retriable: true, retryAfterSeconds: 1 });
    }
    throw this.#closedError();
  }

  #closedError(): OutriggerError {
    return new OutriggerError('broker_unavailable', `Event Hubs broker '${this.name}' is closed`, { retriable: false });
  }
}
