/**
 * Chaos under load (harness.ts): kill -9 of the daemon, broker restarts and the app going away,
 * with nothing acknowledged lost. `npm test` runs a short version (kills on embedded, the Service
 * Bus and Event Hubs test brokers, Azurite's queue service, the Event Grid test server and Kafka;
 * one restart each of Redis, Azurite and the Event Grid test server; the app down); `npm run
 * chaos` the full one (CHAOS_ROUNDS kills per broker on every broker, CHAOS_APP_DOWN_S seconds
 * without the app, CHAOS_RESTARTS broker restarts of private Redis, NATS, RabbitMQ and Kafka
 * servers, Azurite and the Event Grid test server), printing one "chaos-figures" JSON line per
 * scenario for docs/reliability.md. Everything it creates on the machine's shared servers (Redis
 * keys, NATS streams, RabbitMQ queues and exchanges) is named chaos-*-<run> and deleted at the
 * end; the other brokers are started for one scenario and removed whole.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { subscriptionQueue } from '../../src/drivers/rabbitmq/names.js';
import { startAzuriteBlob, startAzuriteQueue } from '../infra/helpers/azurite.js';
import { startEventGridServer, type EventGridServer } from '../infra/eventgrid-server/server.js';
import { KafkaTestBroker, kafkaUnavailable } from '../infra/kafka/broker.js';
import { natsUrl, deleteStreamsSince } from '../infra/helpers/nats.js';
import { created, deleteCreated, inboxQueues, rabbitUrl } from '../infra/helpers/rabbitmq.js';
import { EventHubsTestBroker } from '../infra/eventhubs-broker/broker.js';
import { ServiceBusTestBroker, TEST_CERT_PATH } from '../infra/servicebus-broker/broker.js';
import { deletePrefix, plainClient, redisUrl } from '../drivers/redis/support.js';
import { PrivateNats } from '../drivers/nats/private-server.js';
import { PrivateRabbit } from '../drivers/rabbitmq/private-server.js';
import { PrivateRedis } from '../drivers/redis/private-server.js';
import { ChaosRun, type Broker, type Figures } from './harness.js';

const full = process.env.CHAOS_ROUNDS !== undefined;
const rounds = Number(process.env.CHAOS_ROUNDS ?? 3);
const restarts = Number(process.env.CHAOS_RESTARTS ?? (full ? 3 : 1));
const appDownMs = Number(process.env.CHAOS_APP_DOWN_S ?? 3) * 1_000;
/**
 * Generous: a liveness bound, not a speed target. The machine is shared (at a load average of 15
 * on 2 cores a daemon's start alone took over 15 s), and a NATS group member waits out its 5 s lease.
 */
const recoveryBoundMs = 60_000;
const started = new Date();
const runs: ChaosRun[] = [];

afterAll(async () => {
  for (const run of runs) await run.close();
  const redis = await plainClient();
  for (const run of runs) if (run.broker.kind === 'redis' && run.broker.url === redisUrl) await deletePrefix(redis, `chaos-${run.run}:`);
  await redis.close();
  const ids = runs.filter((run) => run.broker.kind === 'nats').map((run) => run.run);
  if (ids.length > 0) await deleteStreamsSince(started, (name) => ids.some((id) => name.includes(id)));
  const rabbit = created();
  for (const run of runs)
    if (run.broker.kind === 'rabbitmq' && run.broker.url === rabbitUrl) {
      for (const queue of [...inboxQueues(run.entity('jobs')), ...inboxQueues(subscriptionQueue(run.entity('news'), 'news'))]) rabbit.queues.add(queue);
      rabbit.exchanges.add(run.entity('news'));
    }
  if (rabbit.queues.size > 0) await deleteCreated(rabbit);
});

async function open(broker: Broker): Promise<ChaosRun> {
  const run = await ChaosRun.start(broker);
  runs.push(run);
  return run;
}

function check(scenario: string, figures: Figures): void {
  const recovery = [...figures.recoveryMs].sort((a, b) => a - b);
  const summary = { scenario, ...figures, recoveryMedianMs: recovery[Math.floor(recovery.length / 2)], recoveryMaxMs: recovery.at(-1) };
  console.log(`chaos-figures ${JSON.stringify(summary)}`);
  expect(figures.acknowledged).toBeGreaterThan(0);
  expect(figures.lostSample).toEqual([]);
  expect(figures.lost).toBe(0);
  expect(Math.max(...figures.recoveryMs)).toBeLessThan(recoveryBoundMs);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A broker for one scenario, and how to take it down afterwards. */
interface Setup {
  broker: Broker;
  close(): Promise<void>;
}

const shared = (broker: Broker) => async (): Promise<Setup> => ({ broker, close: async () => undefined });

/** The Service Bus test broker, in this process; entities are created on first use, with a 5 s lock so that a delivery in flight at a kill comes back soon. */
async function serviceBus(): Promise<Setup> {
  const server = await ServiceBusTestBroker.start({ autoCreate: (name) => (/^chaos-news-/.test(name) ? 'topic' : /^chaos-/.test(name) ? 'queue' : undefined), autoCreateOptions: () => ({ lockDurationMs: 5_000, maxDeliveryCount: 1000 }) });
  return { broker: { kind: 'servicebus', connectionString: server.connectionString, env: { NODE_EXTRA_CA_CERTS: TEST_CERT_PATH } }, close: () => server.stop() };
}

/** The Event Hubs test broker (hubs of two partitions created on first use) and Azurite blob for checkpoints and ownership. */
async function eventHubs(): Promise<Setup> {
  const server = await EventHubsTestBroker.start({ autoCreatePartitions: 2 });
  const azurite = await startAzuriteBlob();
  return {
    broker: { kind: 'eventhubs', connectionString: server.connectionString, checkpointStorage: azurite.connectionString },
    close: async () => {
      await server.stop();
      await azurite.stop();
    },
  };
}

/** Azurite's queue service, in memory: a kill of the daemon leaves it running. */
async function storageQueue(): Promise<Setup> {
  const azurite = await startAzuriteQueue();
  return { broker: { kind: 'storagequeue', connectionString: azurite.connectionString }, close: () => azurite.stop() };
}

/**
 * The Event Grid test server, in this process: namespace subscriptions are created on first use
 * (the daemon's start-up check of the subscription, before any publish), with a 5 s lock, so that
 * an event in flight at a kill comes back soon (the service's shortest is 60 s).
 */
function gridServer(): Promise<EventGridServer> {
  return startEventGridServer({ namespace: { defaults: { lockMs: 5_000, maxDeliveryCount: 1000 } } });
}

async function eventGrid(): Promise<Setup> {
  const server = await gridServer();
  return { broker: { kind: 'eventgrid', namespaceEndpoint: server.url, key: server.key }, close: () => server.close() };
}

/** Apache Kafka, one KRaft node of its own per scenario (subscriptions are consumer groups named after the subscription, so runs must not share a broker). */
async function kafka(): Promise<Setup> {
  const broker = await KafkaTestBroker.start();
  return { broker: { kind: 'kafka', bootstrap: broker.bootstrap }, close: () => broker.close() };
}

const noKafka = kafkaUnavailable();

const killBrokers: Array<[string, () => Promise<Setup>]> = [
  ['embedded', shared({ kind: 'embedded' })],
  ['servicebus (test broker)', serviceBus],
  ['eventhubs (test broker)', eventHubs],
  ['storagequeue (Azurite)', storageQueue],
  ['eventgrid (test server, namespace)', eventGrid],
  ...(noKafka === undefined ? ([['kafka (Apache Kafka 4.4, KRaft)', kafka]] as Array<[string, () => Promise<Setup>]>) : []),
  ...(full
    ? ([
        ['redis', shared({ kind: 'redis', url: redisUrl })],
        ['nats', shared({ kind: 'nats', url: natsUrl })],
        ['rabbitmq', shared({ kind: 'rabbitmq', url: rabbitUrl })],
      ] as Array<[string, () => Promise<Setup>]>)
    : []),
];

/** Kills per broker in the short run: embedded gets `rounds`, the others two each. */
const killsOf = (name: string): number => (full || name === 'embedded' ? rounds : Math.min(rounds, 2));

describe('chaos - kill -9 of the daemon under mixed load', () => {
  it.each(killBrokers)('%s: nothing acknowledged is lost', async (name, setup) => {
    const { broker, close } = await setup();
    try {
      const run = await open(broker);
      run.startLoad();
      const kills = killsOf(name);
      for (let i = 0; i < kills; i++) {
        await sleep(1_000);
        await run.killDaemon();
      }
      await sleep(1_000);
      await run.stopLoad();
      check(`kill-9 ${name.split(' ')[0]} x${kills}`, await run.settle());
      await run.close();
    } finally {
      await close();
    }
  }, 120_000 + rounds * 60_000);
  if (noKafka !== undefined) it.skip(`kafka (skipped: ${noKafka})`, () => undefined);
});

/** A broker server of its own that a scenario stops and starts again on the same ports and data. */
interface PrivateServer {
  broker: Broker;
  stop(): Promise<void>;
  start(): Promise<void>;
  remove(): Promise<void>;
}

/** A private server crashed with SIGKILL. */
function crashing(kind: 'redis' | 'nats', server: { url: string; stop(signal: NodeJS.Signals): Promise<void>; start(): Promise<void>; remove(): Promise<void> }): PrivateServer {
  return { broker: { kind, url: server.url }, stop: () => server.stop('SIGKILL'), start: () => server.start(), remove: () => server.remove() };
}

/** A private rabbitmq-server (its own node name, ports and folders) crashed with SIGKILL to its Erlang VM. */
async function privateRabbit(): Promise<PrivateServer> {
  const server = await PrivateRabbit.start();
  return { broker: { kind: 'rabbitmq', url: server.url }, stop: () => server.stop('crash'), start: () => server.start(), remove: () => server.remove() };
}

/**
 * Azurite's queue service on disk, stopped with SIGTERM and started again on the same port and
 * folder. Not SIGKILL: Azurite saves its data every 5 s and when stopped, so a crash of Azurite
 * loses messages it acknowledged by its own design, where Azure Storage has them on three
 * replicas before it answers.
 */
async function restartableAzurite(): Promise<PrivateServer> {
  const location = mkdtempSync(join(tmpdir(), 'outrigger-chaos-azurite-'));
  let azurite = await startAzuriteQueue({ location });
  const { port } = azurite;
  return {
    broker: { kind: 'storagequeue', connectionString: azurite.connectionString },
    stop: () => azurite.stop(),
    start: async () => {
      azurite = await startAzuriteQueue({ location, port });
    },
    remove: async () => {
      await azurite.stop();
      rmSync(location, { recursive: true, force: true });
    },
  };
}

/** The Event Grid test server stops listening, dropping every connection, and listens again on its port with its events kept, as the service keeps them. */
async function restartableEventGrid(): Promise<PrivateServer> {
  const server = await gridServer();
  return { broker: { kind: 'eventgrid', namespaceEndpoint: server.url, key: server.key }, stop: () => server.stopListening(), start: () => server.listenAgain(), remove: () => server.close() };
}

/** Kafka's JVM killed with SIGKILL and started again on the same ports and log directory. */
async function restartableKafka(): Promise<PrivateServer> {
  const broker = await KafkaTestBroker.start();
  return { broker: { kind: 'kafka', bootstrap: broker.bootstrap }, stop: () => broker.stop('SIGKILL'), start: () => broker.start(), remove: () => broker.close() };
}

const restartable: Array<[string, () => Promise<PrivateServer>]> = [
  ['redis (private, AOF appendfsync always)', async () => crashing('redis', await PrivateRedis.start('always'))],
  ['storagequeue (Azurite on disk, SIGTERM)', restartableAzurite],
  ['eventgrid (test server)', restartableEventGrid],
  ...(full
    ? ([
        ['nats (private nats-server -js)', async () => crashing('nats', await PrivateNats.start())],
        ['rabbitmq (private rabbitmq-server)', privateRabbit],
        ...(noKafka === undefined ? [['kafka (private KRaft node, SIGKILL)', restartableKafka]] : []),
      ] as Array<[string, () => Promise<PrivateServer>]>)
    : []),
];

describe('chaos - broker restarts under load', () => {
  it.each(restartable)('%s stopped and restarted: nothing acknowledged is lost', async (_, startServer) => {
    const server = await startServer();
    try {
      const run = await open(server.broker);
      run.startLoad();
      for (let i = 0; i < restarts; i++) {
        await sleep(1_500);
        await run.during(async () => {
          await server.stop();
          await sleep(2_000);
          await server.start();
        });
      }
      await sleep(1_000);
      await run.stopLoad();
      const figures = await run.settle(120_000);
      // What the daemon warned about, to start from should anything be lost.
      if (figures.lost > 0) console.log(`chaos-diagnosis ${server.broker.kind}\n${run.daemon?.output().split('\n').filter((line) => /warn|error/i.test(line)).slice(-40).join('\n')}`);
      check(`${server.broker.kind} restart x${restarts}`, figures);
      await run.close();
    } finally {
      await server.remove();
    }
  }, 300_000);
  if (full && noKafka !== undefined) it.skip(`kafka (skipped: ${noKafka})`, () => undefined);
});

describe('chaos - the app is down', () => {
  it(`embedded: holds everything for ${appDownMs / 1000} s and delivers it when the app returns`, async () => {
    const run = await open({ kind: 'embedded' });
    run.startLoad();
    await sleep(1_000);
    await run.appDown(appDownMs);
    await sleep(1_000);
    await run.stopLoad();
    check(`app down ${appDownMs / 1000}s embedded`, await run.settle());
  }, 120_000 + appDownMs);
});
