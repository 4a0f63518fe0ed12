/**
 * The Dapr pub/sub scenarios every app transport must pass, as one table (the shape of the driver
 * conformance suite): the built daemon with an embedded pubsub, the real Dapr JavaScript SDK as
 * the client (DaprClient) and as the app (DaprServer, programmatic subscriptions). The client and
 * the app speak the transport under test, HTTP or gRPC. pubsub-http.test.ts and
 * pubsub-grpc.test.ts each run the table and add what only their transport has.
 *
 *   const app = usePubsubApp('grpc', { appId: 'dapr-grpc-e2e', listedTopics: ... });
 *   describe('...', () => { pubsubCases(app); it(...) });
 */
import { randomUUID } from 'node:crypto';
import { CommunicationProtocolEnum, DaprClient, DaprPubSubStatusEnum, DaprServer, LogLevel } from '@dapr/dapr';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { freePort } from '../infra/helpers/ports.js';
import { until } from './support.js';

export type AppTransport = 'http' | 'grpc';

export interface Received {
  data: unknown;
  headers: Record<string, unknown>;
}

export interface PubsubAppOptions {
  appId: string;
  /** The topics of the subscriptions the daemon lists, read through this transport's Dapr API. */
  listedTopics(app: PubsubApp): Promise<string[]>;
  /** Subscriptions only this transport's tests use; answers their topics. */
  subscribeMore?(app: PubsubApp): Promise<string[]>;
}

/** Filled in by beforeAll; read inside tests only. */
export interface PubsubApp {
  readonly transport: AppTransport;
  readonly pubsub: string;
  readonly apiToken: string;
  readonly appToken: string;
  /** In every payload of this run: the embedded broker file may hold leftovers of no one's. */
  readonly run: string;
  /** What the app's subscriptions took, by list: orders, retried, payments, dead, routedCreated, routedOther (and any a test adds). */
  readonly received: Record<string, Received[]>;
  daemon: RunningDaemon;
  /** The daemon's Dapr HTTP API (served whatever the app's transport). */
  daprUrl: string;
  /** host:port of the daemon's Dapr gRPC API. */
  daprGrpcAddr: string;
  client: DaprClient;
  server: DaprServer;
  /** Whether a payload is this run's. */
  mine(data: unknown): boolean;
  /** A subscription callback that keeps this run's events in `into` and answers `status`. */
  collect(into: Received[], status?: DaprPubSubStatusEnum): (data: unknown, headers: object) => Promise<DaprPubSubStatusEnum>;
}

const protocols: Record<AppTransport, CommunicationProtocolEnum> = { http: CommunicationProtocolEnum.HTTP, grpc: CommunicationProtocolEnum.GRPC };

/** Starts the daemon and the app before the file's tests and stops them after. */
export function usePubsubApp(transport: AppTransport, options: PubsubAppOptions): PubsubApp {
  const run = randomUUID();
  const mine = (data: unknown): boolean => typeof data === 'object' && data !== null && (data as { run?: string }).run === run;
  const app = {
    transport,
    pubsub: 'orders-bus',
    apiToken: `dapr-${randomUUID()}`,
    appToken: `app-${randomUUID()}`,
    run,
    received: { orders: [], retried: [], payments: [], dead: [], routedCreated: [], routedOther: [] },
    mine,
    collect: (into: Received[], status = DaprPubSubStatusEnum.SUCCESS) => async (data: unknown, headers: object) => {
      if (mine(data)) into.push({ data, headers: headers as Record<string, unknown> });
      return status;
    },
  } as Partial<PubsubApp> as PubsubApp;

  beforeAll(async () => {
    const { pubsub, apiToken, appToken, received, collect } = app;
    const [daprHttpPort, daprGrpcPort, appPort] = await Promise.all([freePort(), freePort(), freePort()]);
    app.daprUrl = `http://127.0.0.1:${daprHttpPort}`;
    app.daprGrpcAddr = `127.0.0.1:${daprGrpcPort}`;
    app.daemon = await startDaemon({
      env: { OUTRIGGER_DAPR_HTTP_ADDR: `127.0.0.1:${daprHttpPort}`, OUTRIGGER_DAPR_GRPC_ADDR: app.daprGrpcAddr },
      config: {
        app: { id: options.appId, url: `http://127.0.0.1:${appPort}` },
        brokers: { local: { driver: 'embedded' } },
        dapr: { pubsubs: { [pubsub]: { broker: 'local' } }, apiToken, appToken, ...(transport === 'grpc' ? { appProtocol: 'grpc' } : {}) },
      },
    });
    const communicationProtocol = protocols[transport];
    const daprPort = String(transport === 'grpc' ? daprGrpcPort : daprHttpPort);
    const clientOptions = { daprHost: '127.0.0.1', daprPort, communicationProtocol, daprApiToken: apiToken, logger: { level: LogLevel.Error } };
    app.client = new DaprClient(clientOptions);
    app.server = new DaprServer({ serverHost: '127.0.0.1', serverPort: String(appPort), communicationProtocol, clientOptions, logger: { level: LogLevel.Error } });
    const { server } = app;
    await server.pubsub.subscribe(pubsub, 'orders', collect(received.orders!));
    let retryCalls = 0;
    await server.pubsub.subscribe(pubsub, 'retried', async (data: unknown, headers: object) => {
      if (!mine(data)) return DaprPubSubStatusEnum.SUCCESS;
      received.retried!.push({ data, headers: headers as Record<string, unknown> });
      return ++retryCalls === 1 ? DaprPubSubStatusEnum.RETRY : DaprPubSubStatusEnum.SUCCESS;
    });
    await server.pubsub.subscribeWithOptions(pubsub, 'payments', { deadLetterTopic: 'payments-dead', callback: collect(received.payments!, DaprPubSubStatusEnum.DROP) });
    await server.pubsub.subscribe(pubsub, 'payments-dead', collect(received.dead!));
    await server.pubsub.subscribeWithOptions(pubsub, 'routed', {
      route: { rules: [{ match: 'event.type == "order.created" || event.type == "order.placed"', path: 'created' }], default: 'other' },
    });
    await server.pubsub.subscribeToRoute(pubsub, 'routed', 'created', collect(received.routedCreated!));
    await server.pubsub.subscribeToRoute(pubsub, 'routed', 'other', collect(received.routedOther!));
    const topics = ['orders', 'payments', 'payments-dead', 'retried', 'routed', ...((await options.subscribeMore?.(app)) ?? [])].sort();
    await server.start();
    // The daemon reads the app's subscriptions once it answers; the cases start after that.
    const listed = await until(() => options.listedTopics(app), (list) => list.length === topics.length);
    expect(listed.sort()).toEqual(topics);
  }, 60_000);

  afterAll(async () => {
    await app.server?.stop();
    await app.client?.stop();
    await app.daemon?.stop();
  });

  return app;
}

interface PubsubCase {
  name: string;
  run(app: PubsubApp): Promise<void>;
}

/** In order: the bulk case counts the event the first one published. */
const cases: PubsubCase[] = [
  {
    name: 'a published object reaches the app’s subscription as a Dapr CloudEvent, with the app token',
    async run({ client, pubsub, run, received, appToken }) {
      const result = await client.pubsub.publish(pubsub, 'orders', { run, n: 1 });
      expect(result.error).toBeUndefined();
      const got = await until(() => received.orders!, (list) => list.length >= 1);
      expect(got.map((r) => r.data)).toEqual([{ run, n: 1 }]);
      expect(got[0]!.headers['dapr-api-token']).toBe(appToken);
    },
  },
  {
    name: 'a bulk publish delivers every entry',
    async run({ client, pubsub, run, received }) {
      const result = await client.pubsub.publishBulk(pubsub, 'orders', [{ run, n: 2 }, { run, n: 3 }]);
      expect(result.failedMessages).toEqual([]);
      const got = await until(() => received.orders!, (list) => list.length >= 3);
      expect(got.map((r) => (r.data as { n: number }).n).sort()).toEqual([1, 2, 3]);
    },
  },
  {
    name: 'RETRY from the app redelivers the event, and SUCCESS settles it',
    async run({ client, pubsub, run, received }) {
      await client.pubsub.publish(pubsub, 'retried', { run, n: 4 });
      const got = await until(() => received.retried!, (list) => list.length >= 2);
      expect(got.map((r) => r.data)).toEqual([{ run, n: 4 }, { run, n: 4 }]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(received.retried).toHaveLength(2);
    },
  },
  {
    name: 'DROP from the app sends the event to the deadLetterTopic',
    async run({ client, pubsub, run, received }) {
      await client.pubsub.publish(pubsub, 'payments', { run, n: 5 });
      const got = await until(() => received.dead!, (list) => list.length >= 1);
      expect(got.map((r) => r.data)).toEqual([{ run, n: 5 }]);
      expect(received.payments!.map((r) => r.data)).toEqual([{ run, n: 5 }]);
    },
  },
  {
    name: 'routing rules choose the path by the event type, else the default route',
    async run({ client, pubsub, run, received }) {
      const event = (type: string, n: number) => ({ specversion: '1.0', id: randomUUID(), source: 'test', type, datacontenttype: 'application/json', data: { run, n } });
      await client.pubsub.publish(pubsub, 'routed', event('order.placed', 6), { contentType: 'application/cloudevents+json' });
      await client.pubsub.publish(pubsub, 'routed', event('order.cancelled', 7), { contentType: 'application/cloudevents+json' });
      await until(() => received.routedCreated!.length + received.routedOther!.length, (count) => count >= 2);
      expect(received.routedCreated!.map((r) => r.data)).toEqual([{ run, n: 6 }]);
      expect(received.routedOther!.map((r) => r.data)).toEqual([{ run, n: 7 }]);
    },
  },
];

/** Registers the table's cases, named for the transport. */
export function pubsubCases(app: PubsubApp): void {
  for (const scenario of cases) it(`dapr ${app.transport} - ${scenario.name}`, () => scenario.run(app));
}
