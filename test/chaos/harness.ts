/**
 * Chaos under load (issue 17 item 7): the built daemon pushes commands, topic events and stream
 * events (through a consumer group) to a real app while a load loop keeps sending; the harness
 * then kills the daemon, restarts a broker or takes the app away. Every message whose send got a
 * 202 must reach the app eventually; duplicates are allowed (at-least-once) and counted.
 * Each broker gets the kinds its driver has: RabbitMQ and Service Bus commands and topic events,
 * Kafka topic and stream events, Event Hubs stream events only, Storage Queues commands only,
 * Event Grid (a namespace) topic events only, the rest all three.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quickGroups } from '../drivers/kafka/support.js';
import { startApp, type Received, type TestApp } from '../infra/helpers/app-server.js';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';

export type Broker =
  | { kind: 'embedded' }
  | { kind: 'redis'; url: string }
  | { kind: 'nats'; url: string }
  | { kind: 'rabbitmq'; url: string }
  /** The Service Bus test broker; `env` is what the daemon needs to trust its certificate. */
  | { kind: 'servicebus'; connectionString: string; env: Record<string, string> }
  /** The Event Hubs test broker with Azurite blob for checkpoints. */
  | { kind: 'eventhubs'; connectionString: string; checkpointStorage: string }
  /** Azurite's queue service. */
  | { kind: 'storagequeue'; connectionString: string }
  /** A namespace on the Event Grid test server. */
  | { kind: 'eventgrid'; namespaceEndpoint: string; key: string }
  /** Apache Kafka (test/infra/kafka). */
  | { kind: 'kafka'; bootstrap: string };

type Kind = 'jobs' | 'news' | 'feed';

const brokerKinds: Record<Broker['kind'], readonly Kind[]> = {
  embedded: ['jobs', 'news', 'feed'],
  redis: ['jobs', 'news', 'feed'],
  nats: ['jobs', 'news', 'feed'],
  rabbitmq: ['jobs', 'news'],
  servicebus: ['jobs', 'news'],
  eventhubs: ['feed'],
  storagequeue: ['jobs'],
  eventgrid: ['news'],
  kafka: ['news', 'feed'],
};

export interface Figures {
  acknowledged: number;
  delivered: number;
  lost: number;
  duplicates: number;
  /**
   * Per fault, ms to recover: from a kill, or a broker's return, to the first delivery of a
   * message accepted after it (deliveries of messages fetched before a broker outage go on during
   * it, so they prove nothing); from the app's return to the first delivery it gets.
   */
  recoveryMs: number[];
  /** A few lost ids (path and id), to reproduce with. */
  lostSample: string[];
}

const kinds = [
  ['jobs', '/v1/command/jobs'],
  ['news', '/v1/publish/news'],
  ['feed', '/v1/stream/feed'],
] as const;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function brokerConfig(broker: Broker, run: string): Record<string, unknown> {
  switch (broker.kind) {
    case 'embedded':
      return { driver: 'embedded' };
    case 'redis':
      return { driver: 'redis', url: broker.url, keyPrefix: `chaos-${run}:` };
    case 'nats':
      return { driver: 'nats', servers: broker.url };
    case 'rabbitmq':
      return { driver: 'rabbitmq', url: broker.url };
    case 'servicebus':
      return { driver: 'azure-servicebus', connectionString: broker.connectionString };
    case 'eventhubs':
      // Short ownership, so that the restarted daemon claims the partitions the killed one held within seconds.
      return { driver: 'azure-eventhubs', connectionString: broker.connectionString, checkpointStorage: broker.checkpointStorage, checkpointContainer: `chaos-${run}`, loadBalancingIntervalMs: 300, ownershipExpiryMs: 3000 };
    case 'storagequeue':
      return { driver: 'azure-storage-queue', connectionString: broker.connectionString, pollMaxMs: 200 };
    case 'eventgrid':
      return { driver: 'azure-eventgrid', namespaceEndpoint: broker.namespaceEndpoint, key: broker.key };
    case 'kafka':
      // Quick group timings, so that the restarted daemon's group member takes the killed one's partitions within seconds.
      return { driver: 'kafka', bootstrapServers: broker.bootstrap, ...quickGroups, connectTimeoutMs: 1000, requestTimeoutMs: 3000 };
  }
}

export class ChaosRun {
  readonly run = randomUUID().slice(0, 8);
  readonly dataDir = mkdtempSync(join(tmpdir(), 'outrigger-chaos-'));
  daemon: RunningDaemon | undefined;
  app!: TestApp;
  /** Deliveries seen by earlier app instances (the app-down fault replaces it). */
  readonly #earlier: Received[] = [];
  /** Message id → [path, when its 202 came, the daemon that gave it]. */
  readonly #acked = new Map<string, [string, number, RunningDaemon]>();
  readonly #recoveries: number[] = [];
  #loading = false;
  #workers: Promise<void>[] = [];

  private constructor(readonly broker: Broker) {}

  #has(kind: Kind): boolean {
    return brokerKinds[this.broker.kind].includes(kind);
  }

  static async start(broker: Broker): Promise<ChaosRun> {
    const chaos = new ChaosRun(broker);
    chaos.app = await startApp();
    chaos.daemon = await chaos.#startDaemon();
    return chaos;
  }

  #startDaemon(): Promise<RunningDaemon> {
    // On a machine shared with other suites a start (Azure SDKs and all) has taken over 15 s.
    return startDaemon({ dataDir: this.dataDir, config: this.config(), readyTimeoutMs: 60_000, ...(this.broker.kind === 'servicebus' ? { env: this.broker.env } : {}) });
  }

  /** The broker entity of `name` in this run (chaos-<name>-<run>), where the broker has entities of its own. */
  entity(name: Kind): string {
    return `chaos-${name}-${this.run}`;
  }

  config(): Record<string, unknown> {
    const entity = (name: Kind): Record<string, string> => (this.broker.kind === 'embedded' || this.broker.kind === 'redis' ? {} : { entity: this.entity(name) });
    const fast = { initialBackoff: '20ms', maxBackoff: '500ms' };
    return {
      app: { id: 'chaos', url: this.app.url },
      shutdown: { gracePeriod: '1s' },
      // Event Hubs and Kafka have no queues, so their stream's dead letters go to the embedded broker.
      ...(this.broker.kind === 'eventhubs' || this.broker.kind === 'kafka' ? { defaultBroker: 'local', brokers: { b: brokerConfig(this.broker, this.run), local: { driver: 'embedded' } } } : { brokers: { b: brokerConfig(this.broker, this.run) } }),
      // Large enough that no retry during a fault dead-letters a message: a dead letter would read as a loss.
      queues: this.#has('jobs') ? { jobs: { broker: 'b', maxDeliveries: 1000, lease: '5s', ...entity('jobs') } } : {},
      topics: this.#has('news') ? { news: { broker: 'b', ...entity('news') } } : {},
      streams: this.#has('feed') ? { feed: { broker: 'b', partitions: 2, ...entity('feed') } } : {},
      subscriptions: [
        ...(this.#has('jobs') ? [{ name: 'jobs', from: { queue: 'jobs' }, deliver: '/jobs', retry: fast, concurrency: 4 }] : []),
        ...(this.#has('news') ? [{ name: 'news', from: { topic: 'news' }, deliver: '/news', retry: fast, maxDeliveries: 1000, concurrency: 4 }] : []),
        ...(this.#has('feed') ? [{ name: 'feed', from: { stream: 'feed', group: 'chaos', start: 'earliest' }, deliver: '/feed', retry: fast, maxDeliveries: 1000 }] : []),
      ],
    };
  }

  /** Starts `perKind` senders for each kind; sends that fail (daemon down) are not acknowledged and not counted. */
  startLoad(perKind = 2, pauseMs = 5): void {
    this.#loading = true;
    let n = 0;
    for (const [name, path] of kinds) {
      if (!this.#has(name)) continue;
      for (let w = 0; w < perKind; w++)
        this.#workers.push(
          (async () => {
            while (this.#loading) {
              const daemon = this.daemon;
              if (daemon === undefined) {
                await sleep(20);
                continue;
              }
              try {
                const response = await fetch(daemon.url + path, { method: 'POST', body: JSON.stringify({ n: ++n }), headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000) });
                if (response.status === 202) this.#acked.set(((await response.json()) as { id: string }).id, [`/${name}`, Date.now(), daemon]);
                else await response.body?.cancel();
              } catch {
                await sleep(20);
              }
              await sleep(pauseMs);
            }
          })(),
        );
    }
  }

  async stopLoad(): Promise<void> {
    this.#loading = false;
    await Promise.all(this.#workers);
    this.#workers = [];
  }

  /** kill -9 of the daemon, restarted at once on the same data and config. */
  async killDaemon(): Promise<void> {
    const daemon = this.daemon!;
    this.daemon = undefined;
    const at = Date.now();
    await daemon.kill();
    this.daemon = await this.#startDaemon();
    // Accepted by the new daemon: only it can have delivered that, whereas the killed one may have
    // accepted and pushed a message in its last milliseconds, its 202 read after the kill.
    await this.#recovered(at, { by: this.daemon });
  }

  /** Runs `fault` (e.g. a broker stop and start); recovery counts from its end. */
  async during(fault: () => Promise<void>): Promise<void> {
    await fault();
    const at = Date.now();
    await this.#recovered(at, { after: at });
  }

  /** The app goes away for `ms` and comes back on the same port. */
  async appDown(ms: number): Promise<void> {
    const port = this.app.port;
    await this.app.close();
    this.#earlier.push(...this.app.received);
    await sleep(ms);
    this.app = await startApp(port);
    await this.#recovered(Date.now());
  }

  /** Waits for the first delivery after `since` (of a message accepted by a given daemon, or after a given time); its delay is the recovery. */
  async #recovered(since: number, accepted: { by?: RunningDaemon; after?: number } = {}, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const counts = (r: Received): boolean => {
      const [, at, by] = this.#acked.get(String(r.headers['ce-id'])) ?? [];
      return r.at > since && (accepted.by === undefined || by === accepted.by) && (accepted.after === undefined || (at ?? 0) >= accepted.after);
    };
    for (;;) {
      const first = this.app.received.find(counts);
      if (first !== undefined) return void this.#recoveries.push(first.at - since);
      if (Date.now() > deadline) throw new Error(`no delivery within ${timeoutMs} ms of the fault\n${this.daemon?.output().slice(-3000)}`);
      await sleep(10);
    }
  }

  /** Waits until every acknowledged message arrived (or `timeoutMs`), then counts. */
  async settle(timeoutMs = 60_000): Promise<Figures> {
    const deadline = Date.now() + timeoutMs;
    let figures = this.#count();
    while (figures.lost > 0 && Date.now() < deadline) {
      await sleep(200);
      figures = this.#count();
    }
    return figures;
  }

  #count(): Figures {
    const seen = new Map<string, number>();
    for (const r of [...this.#earlier, ...this.app.received]) {
      const key = `${r.path} ${String(r.headers['ce-id'])}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    const lostSample: string[] = [];
    let lost = 0;
    for (const [id, [path]] of this.#acked)
      if (!seen.has(`${path} ${id}`)) {
        lost++;
        if (lostSample.length < 5) lostSample.push(`${path} ${id}`);
      }
    let delivered = 0;
    for (const count of seen.values()) delivered += count;
    return { acknowledged: this.#acked.size, delivered, lost, duplicates: delivered - seen.size, recoveryMs: [...this.#recoveries], lostSample };
  }

  async close(): Promise<void> {
    await this.stopLoad().catch(() => undefined);
    await this.daemon?.kill().catch(() => undefined);
    await this.app.close().catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
