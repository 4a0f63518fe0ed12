/**
 * A Dapr subscription that cannot start (its broker is down when the app lists it) is tried
 * again with backoff: once the broker is back it runs, and the daemon is ready again.
 */
import { randomUUID } from 'node:crypto';
import { CommunicationProtocolEnum, DaprClient, DaprPubSubStatusEnum, DaprServer, LogLevel } from '@dapr/dapr';
import { afterAll, expect, it } from 'vitest';
import { PrivateRedis } from '../drivers/redis/private-server.js';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { freePort } from '../infra/helpers/ports.js';
import { until } from './support.js';

const run = randomUUID();
const topic = `dapr-recovery-${run.slice(0, 8)}`;
let redis: PrivateRedis | undefined;
let daemon: RunningDaemon | undefined;
let server: DaprServer | undefined;

afterAll(async () => {
  await server?.stop();
  await daemon?.stop();
  await redis?.remove();
});

async function ready(): Promise<boolean> {
  return (await fetch(`${daemon!.adminUrl}/readyz`)).status === 200;
}

it('dapr recovery - a subscription whose broker is down at discovery starts once it is back, and readiness returns', async () => {
  redis = await PrivateRedis.start();
  const [daprPort, daprGrpcPort, appPort] = await Promise.all([freePort(), freePort(), freePort()]);
  daemon = await startDaemon({
    env: { OUTRIGGER_DAPR_HTTP_ADDR: `127.0.0.1:${daprPort}`, OUTRIGGER_DAPR_GRPC_ADDR: `127.0.0.1:${daprGrpcPort}` },
    config: {
      app: { id: 'dapr-recovery', url: `http://127.0.0.1:${appPort}` },
      brokers: { cache: { driver: 'redis', url: redis.url } },
      dapr: { pubsubs: { bus: { broker: 'cache' } } },
    },
  });
  await redis.stop();
  await until(ready, (isReady) => !isReady);

  const received: unknown[] = [];
  const clientOptions = { daprHost: '127.0.0.1', daprPort: String(daprPort), communicationProtocol: CommunicationProtocolEnum.HTTP, logger: { level: LogLevel.Error } };
  server = new DaprServer({ serverHost: '127.0.0.1', serverPort: String(appPort), communicationProtocol: CommunicationProtocolEnum.HTTP, clientOptions, logger: { level: LogLevel.Error } });
  await server.pubsub.subscribe('bus', topic, async (data: unknown) => {
    received.push(data);
    return DaprPubSubStatusEnum.SUCCESS;
  });
  // DaprServer.start() waits for the sidecar's health, which is not ready while the broker is down.
  const starting = server.start();
  await until(() => daemon!.output(), (output) => output.includes('subscription could not start'), 30_000);
  expect(await ready()).toBe(false);

  await redis.start();
  await starting;
  expect(await until(ready, (isReady) => isReady, 45_000)).toBe(true);
  const client = new DaprClient(clientOptions);
  await client.pubsub.publish('bus', topic, { run });
  expect(await until(() => received, (list) => list.length > 0)).toEqual([{ run }]);
  await client.stop();
}, 120_000);
