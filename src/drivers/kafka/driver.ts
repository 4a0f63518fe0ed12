/**
 * Apache Kafka (and Event Hubs' Kafka endpoint) through @platformatic/kafka: streams and
 * publish/subscribe. One topic per stream or topic; consumer groups are Kafka consumer groups,
 * and so is each topic subscription.
 *
 * Delivery guarantees (docs/delivery-guarantees.md, "Kafka", has the full story)
 * - An append resolves only after the partition leader and its in-sync replicas have the record
 *   (acks=all, idempotent producer); its receipt gives the record's partition and offset.
 * - Order is kept per partition; a partition key is the record key and lands where the Java
 *   producer puts it.
 * - Consumers: at-least-once from the committed offset; a checkpoint is only what the processor
 *   passes to checkpoint(), and a failed processEvents call is repeated, never skipped.
 *
 * "Connected" is what the brokers last answered: a lost connection or a failed request marks the
 * driver disconnected, and a metadata probe every second marks it connected again.
 */
import { Admin, Consumer, Producer } from '@platformatic/kafka';
import { OutriggerError } from '../../kernel/errors.js';
import type { Capabilities, Driver, DriverEventCounts, InboxOperations, StreamOperations, TopicOperations } from '../contract.js';
import { Appender } from './appender.js';
import { kafkaCapabilities } from './capabilities.js';
import { connectionOptions } from './clients.js';
import { toKafkaError } from './errors.js';
import { Fetcher } from './fetcher.js';
import type { KafkaGroupMember } from './group-member.js';
import { ReaderPool } from './reader-pool.js';
import type { KafkaSettings } from './settings.js';
import { KafkaStreams } from './streams.js';
import { KafkaTopics } from './topics.js';

type State = 'new' | 'open' | 'closing' | 'closed';

const PROBE_MS = 1000;

interface Clients {
  admin: Admin;
  producer: Producer;
  lookup: Fetcher;
  appender: Appender;
  readers: ReaderPool;
}

/**
 * `deps` with the clients the streams and topics read, each looked up when read: they exist only
 * between connect and close, and reopen after an outage.
 */
function withLiveClients<T extends object>(clients: () => Clients, deps: T): T & Pick<Clients, 'admin' | 'appender' | 'lookup' | 'readers'> {
  return Object.defineProperties(deps, {
    admin: { get: () => clients().admin, enumerable: true },
    appender: { get: () => clients().appender, enumerable: true },
    lookup: { get: () => clients().lookup, enumerable: true },
    readers: { get: () => clients().readers, enumerable: true },
  }) as T & Pick<Clients, 'admin' | 'appender' | 'lookup' | 'readers'>;
}

export class KafkaDriver implements Driver {
  readonly kind = 'kafka';
  readonly capabilities: Capabilities;
  readonly streams: StreamOperations;
  readonly topics: TopicOperations;
  readonly inboxes: InboxOperations;
  readonly #topics: KafkaTopics;
  readonly #name: string;
  readonly #settings: KafkaSettings;
  readonly #members = new Set<KafkaGroupMember>();
  #state: State = 'new';
  #clients: Clients | undefined;
  #closing: Promise<void> | undefined;
  #healthy = false;
  #probe: NodeJS.Timeout | undefined;
  #disconnects = 0;

  constructor(name: string, settings: KafkaSettings) {
    this.#name = name;
    this.#settings = settings;
    this.capabilities = Object.freeze({ ...kafkaCapabilities, maxMessageBytes: settings.maxMessageBytes });
    const fail = (err: unknown, action: string): OutriggerError => {
      const error = toKafkaError(err, name, action);
      if (error.code === 'broker_unavailable') this.#outage();
      return error;
    };
    const clients = (): Clients => this.#require();
    const streams = new KafkaStreams(
      withLiveClients(clients, {
        broker: name,
        settings,
        adopt: (member: KafkaGroupMember) => {
          this.#members.add(member);
          const close = member.close.bind(member);
          member.close = () => close().finally(() => this.#members.delete(member));
        },
        fail,
      }),
    );
    this.streams = streams;
    this.topics = this.inboxes = this.#topics = new KafkaTopics(withLiveClients(clients, { broker: name, settings, streams, fail }));
  }

  /** Opens the clients and asks the cluster for its brokers, so that a wrong address or credential fails here. */
  async connect(signal?: AbortSignal): Promise<void> {
    if (this.#state === 'open') return;
    if (this.#state !== 'new') throw this.#closedError();
    signal?.throwIfAborted();
    const settings = this.#settings;
    // A group's coordinator may be loading or moving (COORDINATOR_NOT_AVAILABLE / LOAD_IN_PROGRESS
    // right after a start or a failover): the protocol's answer is to ask again shortly.
    const admin = new Admin({ ...connectionOptions(settings, 'admin'), retries: 5, retryDelay: 200 });
    try {
      await admin.metadata({ topics: [] });
    } catch (err) {
      await admin.close().catch(() => undefined);
      throw toKafkaError(err, this.#name, 'connecting');
    }
    // The client would retry an idempotent send forever (retries under 2 mean "unbounded"). Two
    // resends of the same batch, which the broker deduplicates by producer id and sequence, then
    // broker_unavailable: core never repeats an append itself, so this is the only repeat.
    const producer = new Producer({ ...connectionOptions(settings, 'producer'), idempotent: true, acks: -1, retries: 2, retryDelay: 250 });
    try {
      // The producer id the broker hands out (InitProducerId) is asked for here, not by the first append.
      await producer.initIdempotentProducer({});
    } catch (err) {
      await Promise.allSettled([producer.close(), admin.close()]);
      throw toKafkaError(err, this.#name, 'starting the idempotent producer');
    }
    const lookup = new Fetcher(new Consumer({ ...connectionOptions(settings, 'lookup'), groupId: `${settings.clientId}-lookup` }));
    for (const client of [admin, producer, lookup.consumer]) client.on('client:broker:disconnect', () => this.#outage());
    this.#clients = { admin, producer, lookup, appender: new Appender(producer), readers: new ReaderPool(settings) };
    this.#state = 'open';
    this.#healthy = true;
  }

  isConnected(): boolean {
    return this.#state === 'open' && this.#healthy;
  }

  /** Idempotent: closes group members (leaving their groups), waits for pending appends, closes the clients. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  eventCounts(): DriverEventCounts {
    return { broker_disconnects: this.#disconnects };
  }

  async #close(): Promise<void> {
    const clients = this.#clients;
    this.#state = 'closing';
    clearInterval(this.#probe);
    await this.#topics.close();
    await Promise.allSettled([...this.#members].map((member) => member.close()));
    if (clients !== undefined) {
      await clients.appender.drain();
      await Promise.allSettled([clients.readers.close(), clients.lookup.consumer.close(true), clients.producer.close(true), clients.admin.close()]);
    }
    this.#clients = undefined;
    this.#state = 'closed';
  }

  /** Not connected until a metadata request succeeds again; the probe runs until then. */
  #outage(): void {
    if (this.#state !== 'open') return;
    if (this.#healthy) this.#disconnects++;
    this.#healthy = false;
    if (this.#probe !== undefined) return;
    this.#probe = setInterval(() => {
      const admin = this.#clients?.admin;
      if (admin === undefined || this.#state !== 'open') return;
      admin.metadata({ topics: [], forceUpdate: true }).then(
        () => {
          this.#healthy = true;
          clearInterval(this.#probe);
          this.#probe = undefined;
        },
        () => undefined,
      );
    }, PROBE_MS);
    this.#probe.unref();
  }

  #require(): Clients {
    if (this.#state === 'open' && this.#clients !== undefined) return this.#clients;
    if (this.#state === 'new') throw new OutriggerError('broker_unavailable', `Kafka broker '${this.#name}' is not connected yet`, { retriable: true, retryAfterSeconds: 1 });
    throw this.#closedError();
  }

  #closedError(): OutriggerError {
    return new OutriggerError('broker_unavailable', `Kafka broker '${this.#name}' is closed`, { retriable: false });
  }
}
