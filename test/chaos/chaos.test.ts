/**
 * Chaos under load (harness.ts): kill -9 of the daemon, broker restarts and the app going away,
 * with nothing acknowledged lost. `npm test` runs a short version; `npm run chaos` the full one
 * (CHAOS_ROUNDS kills per broker on every broker, CHAOS_APP_DOWN_S seconds without the app,
 * CHAOS_RESTARTS broker restarts), printing one "chaos-figures" JSON line per scenario for
 * docs/reliability.md.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { natsUrl, deleteStreamsSince } from '../infra/helpers/nats.js';
import { rabbitUrl } from '../infra/helpers/rabbitmq.js';
import { deletePrefix, plainClient, redisUrl } from '../drivers/redis/support.js';
import { PrivateNats } from '../drivers/nats/private-server.js';
import { PrivateRedis } from '../drivers/redis/private-server.js';
import { ChaosRun, type Broker, type Figures } from './harness.js';

const full = process.env.CHAOS_ROUNDS !== undefined;
const rounds = Number(process.env.CHAOS_ROUNDS ?? 3);
const restarts = Number(process.env.CHAOS_RESTARTS ?? (full ? 3 : 1));
const appDownMs = Number(process.env.CHAOS_APP_DOWN_S ?? 3) * 1_000;
/** Generous: the CI machine is shared, and a NATS group member waits out its 5 s lease. */
const recoveryBoundMs = 30_000;
const started = new Date();
const runs: ChaosRun[] = [];

afterAll(async () => {
  for (const run of runs) await run.close();
  const redis = await plainClient();
  for (const run of runs) if (run.broker.kind === 'redis' && run.broker.url === redisUrl) await deletePrefix(redis, `chaos-${run.run}:`);
  await redis.close();
  const ids = runs.filter((run) => run.broker.kind === 'nats').map((run) => run.run);
  if (ids.length > 0) await deleteStreamsSince(started, (name) => ids.some((id) => name.includes(id)));
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

const killBrokers: Array<[string, Broker]> = full
  ? [
      ['embedded', { kind: 'embedded' }],
      ['redis', { kind: 'redis', url: redisUrl }],
      ['nats', { kind: 'nats', url: natsUrl }],
      ['rabbitmq', { kind: 'rabbitmq', url: rabbitUrl }],
    ]
  : [['embedded', { kind: 'embedded' }]];

describe('chaos - kill -9 of the daemon under mixed load', () => {
  it.each(killBrokers)('%s: nothing acknowledged is lost', async (name, broker) => {
    const run = await open(broker);
    run.startLoad();
    for (let i = 0; i < rounds; i++) {
      await sleep(1_000);
      await run.killDaemon();
    }
    await sleep(1_000);
    await run.stopLoad();
    check(`kill-9 ${name} x${rounds}`, await run.settle());
  }, 120_000 + rounds * 30_000);
});

interface PrivateServer {
  url: string;
  stop(signal: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
  remove(): Promise<void>;
}

const restartable: Array<[string, 'redis' | 'nats', () => Promise<PrivateServer>]> = [
  ['redis (private, AOF appendfsync always)', 'redis', () => PrivateRedis.start('always')],
  ...(full ? [['nats (private nats-server -js)', 'nats', () => PrivateNats.start()] as [string, 'nats', () => Promise<PrivateServer>]] : []),
];

describe('chaos - broker restarts under load', () => {
  it.each(restartable)('%s killed and restarted: nothing acknowledged is lost', async (_, kind, startServer) => {
    const server = await startServer();
    try {
      const run = await open({ kind, url: server.url });
      run.startLoad();
      for (let i = 0; i < restarts; i++) {
        await sleep(1_500);
        await run.during(async () => {
          await server.stop('SIGKILL');
          await sleep(2_000);
          await server.start();
        });
      }
      await sleep(1_000);
      await run.stopLoad();
      check(`${kind} restart x${restarts}`, await run.settle(120_000));
    } finally {
      await server.remove();
    }
  }, 300_000);
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
