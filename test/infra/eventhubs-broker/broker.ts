/**
 * An in-memory AMQP 1.0 broker on rhea that speaks enough Azure Event Hubs for the real
 * `@azure/event-hubs` SDK: SASL ANONYMOUS, $cbs put-token, $management READ (hub and partition
 * properties), senders to a hub or one partition (batches of format 0x80013700, max-message-size,
 * partition-key hashing), partition receivers with selector filters, epochs and runtime metrics.
 * Test infrastructure only: never shipped. Usage and fault hooks: ./README.md.
 */
import type { Server } from 'node:net';
import rhea, { type Connection, type Delivery, type EventContext, type Message, type Receiver, type Sender } from 'rhea';
import { closeLink, decode, encodedSize, mirrorTermini, partitionKeyOf, raw, reply, selectorOf, sourceAddress, targetAddress, toOptionalNumber, unbatch } from './amqp.js';
import { Hub, type HubOptions, parseSelector, type Partition, partitionIndexForKey } from './hubs.js';
import { answerManagement } from './management.js';
import { PartitionLink } from './partition-link.js';

export type { HubOptions, StoredEvent } from './hubs.js';
export { bodyBytes, Hub, Partition } from './hubs.js';

const BATCH_FORMAT = 0x80013700;
const EPOCH = 'com.microsoft:epoch';
const RUNTIME_METRIC = 'com.microsoft:enable-receiver-runtime-metric';
const STOLEN = 'amqp:link:stolen';
/** Event Hubs allows at most 5 concurrent non-epoch receivers per partition and consumer group. */
const MAX_NON_EPOCH_RECEIVERS = 5;

export interface BrokerOptions {
  /** Hubs created at start: name -> partition count. */
  hubs?: Record<string, number>;
  /** Unknown hubs are created on first use with this many partitions; absent = refused. */
  autoCreatePartitions?: number;
  /** Advertised on sender attach; larger messages are rejected (Event Hubs standard tier: 1 MiB). */
  maxMessageBytes?: number;
}

export interface AttachFault {
  /** Refuse only attaches to this address; any hub link when absent. */
  address?: string;
  condition?: string;
  description?: string;
}

export interface ReceiverFilter {
  hub?: string;
  consumerGroup?: string;
  partitionId?: string;
}

export interface ReceiverInfo {
  hub: string;
  consumerGroup: string;
  partitionId: string;
  epoch: number | undefined;
  runtimeMetrics: boolean;
}

export class EventHubsTestBroker {
  readonly #hubs = new Map<string, Hub>();
  readonly #options: BrokerOptions;
  // Nagle off, as the real service's small frames are not held back for a delayed ACK; rhea
  // leaves it on for the connections it accepts.
  readonly #container = rhea.create_container({ id: 'eventhubs-test-broker', autoaccept: false, tcp_no_delay: true } as Parameters<typeof rhea.create_container>[0]);
  readonly #connections = new Set<Connection>();
  readonly #links = new Map<Sender, PartitionLink>();
  readonly #attachFaults: AttachFault[] = [];
  #rejections: { condition: string; description: string }[] = [];
  #sendDelayMs = 0;
  #managementDelayMs = 0;
  #managementFailures = 0;
  #delayed = 0;
  #server: Server | undefined;
  port = 0;

  private constructor(options: BrokerOptions) {
    this.#options = options;
    for (const [name, partitions] of Object.entries(options.hubs ?? {})) this.createHub(name, partitions);
  }

  static async start(options: BrokerOptions = {}): Promise<EventHubsTestBroker> {
    const broker = new EventHubsTestBroker(options);
    await broker.#listen();
    return broker;
  }

  get connectionString(): string {
    return `Endpoint=sb://127.0.0.1:${this.port};SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true`;
  }

  connectionStringFor(hub: string): string {
    return `${this.connectionString};EntityPath=${hub}`;
  }

  get maxMessageBytes(): number {
    return this.#options.maxMessageBytes ?? 1024 * 1024;
  }

  /** Creates a hub (idempotent: an existing hub is returned unchanged). Names are case-insensitive, as in the service. */
  createHub(name: string, partitions = 4, options: HubOptions = {}): Hub {
    const key = name.toLowerCase();
    let hub = this.#hubs.get(key);
    if (hub === undefined) {
      hub = new Hub(name, partitions, options);
      this.#hubs.set(key, hub);
    }
    return hub;
  }

  hub(name: string): Hub | undefined {
    const existing = this.#hubs.get(name.toLowerCase());
    if (existing !== undefined || this.#options.autoCreatePartitions === undefined || name.startsWith('$')) return existing;
    return this.createHub(name, this.#options.autoCreatePartitions);
  }

  /** The partition id a partition key lands in (the service's hash). */
  partitionForKey(hub: string, key: string): string {
    const found = this.hub(hub);
    if (found === undefined) throw new Error(`no hub '${hub}'`);
    return String(partitionIndexForKey(key, found.partitions.length));
  }

  /** Appends events to a partition directly, as if a producer had sent them. */
  append(hub: string, partitionId: string, bodies: (Buffer | string | Message)[]): void {
    const partition = this.hub(hub)?.partition(partitionId);
    if (partition === undefined) throw new Error(`no partition '${hub}/${partitionId}'`);
    for (const body of bodies) {
      const message: Message = typeof body === 'string' || Buffer.isBuffer(body) ? ({ body: rhea.message.data_section(Buffer.from(body)) } as Message) : body;
      partition.append(message, encodedSize(message));
    }
    partition.wake();
  }

  /** The receiver links open now. */
  receivers(filter: ReceiverFilter = {}): ReceiverInfo[] {
    return [...this.#links.values()].filter((link) => link.matches(filter)).map((link) => link.info());
  }

  // ---- fault injection -------------------------------------------------------------------

  /** Destroys every client socket at once, as a network outage would; their links are gone. */
  dropConnections(): number {
    const connections = [...this.#connections];
    for (const connection of connections) {
      const internal = connection as unknown as { socket?: { destroy(): void }; _disconnected?: () => void };
      internal.socket?.destroy();
      // rhea hears only 'end' and 'error' on its socket, never the 'close' a local destroy()
      // emits, so the connection is told here; that fires 'disconnected' and forgets its links.
      internal._disconnected?.();
    }
    return connections.length;
  }

  /** The next attach of a hub link (not $cbs, not $management) is answered with a detach carrying this error. */
  refuseNextAttach(fault: AttachFault = {}): void {
    this.#attachFaults.push(fault);
  }

  /** The next `count` sends are rejected with com.microsoft:server-busy (retryable in the SDK); 0 stops refusing. */
  serverBusy(count = 1): void {
    this.rejectSends(count, { condition: 'com.microsoft:server-busy', description: 'The server is busy (injected fault).' });
  }

  /** The next `count` sends are rejected with this error (nothing is stored); 0 clears pending rejections. */
  rejectSends(count: number, error: { condition: string; description?: string }): void {
    this.#rejections = Array.from({ length: count }, () => ({ condition: error.condition, description: error.description ?? `Send rejected (injected fault: ${error.condition}).` }));
  }

  /** Every send is stored and acknowledged only after this many ms (0: at once), as a slow service would. */
  delaySends(ms: number): void {
    this.#sendDelayMs = ms;
  }

  /**
   * Every $management READ is answered after this many ms (0: at once), from the state at that
   * moment: as with the service, a properties read then counts sends that arrived after it.
   */
  delayManagement(ms: number): void {
    this.#managementDelayMs = ms;
  }

  /** The next `count` partition-properties READs fail with 400 com.microsoft:argument-error (not retried by the SDK); 0 stops failing. */
  failPartitionReads(count: number): void {
    this.#managementFailures = count;
  }

  /** Sends received but held back by delaySends, not yet stored or acknowledged. */
  get delayedSends(): number {
    return this.#delayed;
  }

  /** Detaches matching receiver links with this error (default amqp:link:detach-forced). */
  detachReceivers(filter: ReceiverFilter = {}, error: { condition: string; description?: string } = { condition: 'amqp:link:detach-forced' }): number {
    let count = 0;
    for (const link of [...this.#links.values()]) {
      if (!link.matches(filter)) continue;
      this.#close(link, error.condition, error.description ?? `The link was detached by the test broker (${error.condition}).`);
      count++;
    }
    return count;
  }

  async stop(): Promise<void> {
    this.dropConnections();
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
    const forget = (context: EventContext): void => {
      this.#connections.delete(context.connection);
      for (const link of [...this.#links.values()]) if (link.sender.connection === context.connection) this.#forget(link);
    };
    container.on('connection_close', forget);
    container.on('disconnected', forget);
    container.on('connection_error', () => undefined);
    container.on('error', () => undefined);
    container.on('receiver_open', (context: EventContext) => this.#onReceiverOpen(context.receiver as Receiver));
    container.on('sender_open', (context: EventContext) => this.#onSenderOpen(context.sender as Sender));
    container.on('sender_close', (context: EventContext) => {
      const link = this.#links.get(context.sender as Sender);
      if (link !== undefined) this.#forget(link);
    });
    container.on('message', (context: EventContext) => this.#onMessage(context));
    container.on('sendable', (context: EventContext) => this.#links.get(context.sender as Sender)?.wake());
    container.on('sender_draining', (context: EventContext) => {
      this.#links.get(context.sender as Sender)?.wake();
      (context.sender as Sender).set_drained(true);
    });
    const server = container.listen({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    this.#server = server as Server;
    const address = server.address();
    this.port = typeof address === 'object' && address !== null ? address.port : 0;
  }

  #refuse(link: Sender | Receiver, address: string): boolean {
    const index = this.#attachFaults.findIndex((fault) => fault.address === undefined || fault.address === address);
    if (index < 0) return false;
    const [fault] = this.#attachFaults.splice(index, 1);
    closeLink(link, fault?.condition ?? 'amqp:not-found', fault?.description ?? `attach to '${address}' refused (injected fault)`);
    return true;
  }

  /** The client attached a sender: $cbs, $management, or events for a hub or one partition. */
  #onReceiverOpen(receiver: Receiver): void {
    const address = targetAddress(receiver);
    mirrorTermini(receiver);
    if (address === '$cbs' || address === '$management') {
      receiver.add_credit(1000);
      return;
    }
    if (this.#refuse(receiver, address)) return;
    if (this.#sendTarget(address) === undefined) return closeLink(receiver, 'amqp:not-found', `The messaging entity '${address}' could not be found.`);
    raw(receiver).local.attach.max_message_size = this.maxMessageBytes;
    receiver.add_credit(1000);
  }

  /** A send address: `<hub>` (routed by key) or `<hub>/Partitions/<n>`. */
  #sendTarget(address: string): { hub: Hub; partition: Partition | undefined } | undefined {
    const match = /^(.+)\/Partitions\/([^/]+)$/i.exec(address);
    const hub = this.hub(match?.[1] ?? address);
    if (hub === undefined) return undefined;
    if (match === null) return { hub, partition: undefined };
    const partition = hub.partition(match[2] ?? '');
    return partition === undefined ? undefined : { hub, partition };
  }

  /** The client attached a receiver: replies on $cbs / $management, or a partition reader. */
  #onSenderOpen(sender: Sender): void {
    const address = sourceAddress(sender);
    mirrorTermini(sender);
    const remote = raw(sender).remote.attach;
    const local = raw(sender).local.attach;
    local.rcv_settle_mode = remote?.rcv_settle_mode;
    local.snd_settle_mode = remote?.snd_settle_mode;
    if (address === '$cbs' || address === '$management') return;
    if (this.#refuse(sender, address)) return;
    const match = /^(.+)\/ConsumerGroups\/([^/]+)\/Partitions\/([^/]+)$/i.exec(address);
    const hub = match === null ? undefined : this.hub(match[1] ?? '');
    const group = match?.[2] ?? '';
    const partition = hub?.partition(match?.[3] ?? '');
    if (hub === undefined || partition === undefined || !hub.hasConsumerGroup(group)) {
      return closeLink(sender, 'amqp:not-found', `The messaging entity '${address}' could not be found.`);
    }
    const filter = selectorOf(remote?.source?.filter);
    const position = parseSelector(filter);
    if (position === undefined) return closeLink(sender, 'amqp:invalid-field', `The selector filter '${String(filter)}' is not supported by the test broker.`);
    const epoch = toOptionalNumber(remote?.properties?.[EPOCH]);
    const runtimeMetrics = ([] as unknown[]).concat(remote?.desired_capabilities ?? []).map(String).includes(RUNTIME_METRIC);
    const peers = [...this.#links.values()].filter((l) => l.hub === hub && l.partition === partition && l.consumerGroup.toLowerCase() === group.toLowerCase());
    const highest = Math.max(-1, ...peers.map((l) => l.epoch ?? -1));
    const hasEpochPeer = peers.some((l) => l.epoch !== undefined);
    if (epoch !== undefined && hasEpochPeer && highest > epoch) {
      return closeLink(sender, STOLEN, `Receiver with a higher epoch of '${highest}' already exists; a receiver with epoch '${epoch}' cannot be created.`);
    }
    if (epoch === undefined && hasEpochPeer) {
      return closeLink(sender, STOLEN, `At least one receiver for the endpoint is created with epoch of '${highest}', and so non-epoch receiver is not allowed.`);
    }
    if (epoch === undefined && peers.length >= MAX_NON_EPOCH_RECEIVERS) {
      return closeLink(sender, 'amqp:resource-limit-exceeded', `Exceeded the maximum number of allowed receivers per partition in a consumer group which is ${MAX_NON_EPOCH_RECEIVERS}.`);
    }
    if (epoch !== undefined) {
      for (const peer of peers) {
        this.#close(peer, STOLEN, `New receiver with higher epoch of '${epoch}' is created hence current receiver with epoch '${peer.epoch ?? 'none'}' is getting disconnected.`);
      }
    }
    if (runtimeMetrics) local.offered_capabilities = RUNTIME_METRIC;
    const link = new PartitionLink({ sender, hub, partition, consumerGroup: group, epoch, runtimeMetrics, next: partition.startFor(position) });
    this.#links.set(sender, link);
    partition.readers.add(link);
  }

  #close(link: PartitionLink, condition: string, description: string): void {
    this.#forget(link);
    link.sender.close({ condition, description });
  }

  #forget(link: PartitionLink): void {
    this.#links.delete(link.sender);
    link.partition.readers.delete(link);
  }

  #onMessage(context: EventContext): void {
    const receiver = context.receiver as Receiver;
    const delivery = context.delivery as Delivery;
    const message = context.message as Message;
    const address = targetAddress(receiver);
    if (address === '$cbs') {
      delivery.accept();
      return reply(receiver.connection, '$cbs', message, { 'status-code': 202, 'status-description': 'Accepted' });
    }
    if (address === '$management') {
      delivery.accept();
      const answer = (): void => {
        if (this.#managementFailures > 0 && message.application_properties?.type === 'com.microsoft:partition') {
          this.#managementFailures--;
          const properties = { 'status-code': 400, 'status-description': 'Partition read refused (injected fault).', 'error-condition': 'com.microsoft:argument-error' };
          return reply(receiver.connection, '$management', message, properties, undefined);
        }
        const { properties, body } = answerManagement(message, (name) => this.hub(name));
        reply(receiver.connection, '$management', message, properties, body);
      };
      if (this.#managementDelayMs === 0) return answer();
      setTimeout(() => {
        try {
          answer();
        } catch {
          // The connection closed during the delay: nothing to answer to.
        }
      }, this.#managementDelayMs);
      return;
    }
    if (this.#sendDelayMs > 0) {
      // Stored even if the client has gone meanwhile (its acknowledgement is lost, as with the service).
      this.#delayed++;
      setTimeout(() => {
        this.#delayed--;
        try {
          this.#onSend(context, address);
        } catch {
          // The link or connection closed during the delay: nothing to acknowledge to.
        }
      }, this.#sendDelayMs);
      return;
    }
    this.#onSend(context, address);
  }

  #onSend(context: EventContext, address: string): void {
    const delivery = context.delivery as Delivery;
    const message = context.message as Message;
    const rejection = this.#rejections.shift();
    if (rejection !== undefined) return delivery.reject(rejection);
    const target = this.#sendTarget(address);
    if (target === undefined) return delivery.reject({ condition: 'amqp:not-found', description: `The messaging entity '${address}' could not be found.` });
    // rhea hands over a message of a non-zero format undecoded.
    const format = (context as unknown as { format?: number }).format ?? 0;
    const isBatch = format === BATCH_FORMAT && Buffer.isBuffer(message);
    const size = isBatch ? (message as unknown as Buffer).length : encodedSize(message);
    if (size > this.maxMessageBytes) {
      return delivery.reject({ condition: 'amqp:link:message-size-exceeded', description: `The received message (size ${size} bytes) exceeds the limit (${this.maxMessageBytes} bytes) currently allowed on the link.` });
    }
    const envelope = isBatch ? decode(message as unknown as Buffer) : message;
    const events = isBatch ? unbatch(envelope) : [{ message, size }];
    const key = partitionKeyOf(envelope) ?? (events[0] === undefined ? undefined : partitionKeyOf(events[0].message));
    const partition = target.partition ?? target.hub.route(key);
    const now = Date.now();
    for (const event of events) {
      if (key !== undefined && target.partition === undefined && partitionKeyOf(event.message) === undefined) {
        event.message.message_annotations = { ...(event.message.message_annotations ?? {}), 'x-opt-partition-key': key };
      }
      partition.append(event.message, event.size, now);
    }
    delivery.accept();
    partition.wake();
  }
}
