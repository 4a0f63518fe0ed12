/**
 * Declarative Subscription resources (dapr.resourcesPath) and bulk subscribe, with the Dapr SDK's
 * DaprServer as the HTTP app and DaprClient publishing, against the built daemon.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommunicationProtocolEnum, DaprClient, DaprPubSubStatusEnum, DaprServer, LogLevel } from '@dapr/dapr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { freePort } from '../infra/helpers/ports.js';
import { until } from './support.js';

const appId = 'dapr-declarative-e2e';
const run = randomUUID();
const resources = mkdtempSync(join(tmpdir(), 'outrigger-dapr-resources-'));

let daemon: RunningDaemon;
let daprUrl: string;
let client: DaprClient;
let server: DaprServer;
const received: Record<string, unknown[]> = { created: [], other: [], dead: [], bulk: [] };
const bulkRetried = new Set<number>();

function mine(data: unknown): data is { run: string; n: number } {
  return typeof data === 'object' && data !== null && (data as { run?: string }).run === run;
}

function collect(into: unknown[], status = DaprPubSubStatusEnum.SUCCESS) {
  return async (data: unknown): Promise<DaprPubSubStatusEnum> => {
    if (mine(data)) into.push(data);
    return status;
  };
}

beforeAll(async () => {
  writeFileSync(
    join(resources, 'subscriptions.yaml'),
    [
      'apiVersion: dapr.io/v2alpha1',
      'kind: Subscription',
      'metadata: { name: declared }',
      'spec:',
      '  pubsubname: bus',
      '  topic: declared',
      '  routes:',
      '    rules: [{ match: \'event.type == "order.created"\', path: /bus--declared--created }]',
      '    default: /bus--declared--default',
      '  deadLetterTopic: declared-dead',
      `scopes: [${appId}]`,
      '---',
      'apiVersion: dapr.io/v2alpha1',
      'kind: Subscription',
      'metadata: { name: elsewhere }',
      'spec: { pubsubname: bus, topic: not-mine, routes: { default: /x } }',
      'scopes: [another-app]',
      '',
    ].join('\n'),
  );
  const [daprPort, daprGrpcPort, appPort] = await Promise.all([freePort(), freePort(), freePort()]);
  daprUrl = `http://127.0.0.1:${daprPort}`;
  daemon = await startDaemon({
    env: { OUTRIGGER_DAPR_HTTP_ADDR: `127.0.0.1:${daprPort}`, OUTRIGGER_DAPR_GRPC_ADDR: `127.0.0.1:${daprGrpcPort}` },
    config: {
      app: { id: appId, url: `http://127.0.0.1:${appPort}` },
      brokers: { local: { driver: 'embedded' } },
      dapr: { pubsubs: { bus: { broker: 'local' } }, resourcesPath: resources },
    },
  });
  const clientOptions = { daprHost: '127.0.0.1', daprPort: String(daprPort), communicationProtocol: CommunicationProtocolEnum.HTTP, logger: { level: LogLevel.Error } };
  client = new DaprClient(clientOptions);
  server = new DaprServer({ serverHost: '127.0.0.1', serverPort: String(appPort), communicationProtocol: CommunicationProtocolEnum.HTTP, clientOptions, logger: { level: LogLevel.Error } });
  // The SDK serves routes only for topics it subscribes to, so it lists this one too, with a rule
  // that never matches: the declarative resource, which wins, is what routes order.created.
  await server.pubsub.subscribeWithOptions('bus', 'declared', { route: { rules: [{ match: 'event.type == "never"', path: 'created' }], default: 'default' } });
  await server.pubsub.subscribeToRoute('bus', 'declared', 'created', collect(received.created!));
  await server.pubsub.subscribeToRoute('bus', 'declared', 'default', collect(received.other!, DaprPubSubStatusEnum.DROP));
  await server.pubsub.subscribe('bus', 'declared-dead', collect(received.dead!));
  await server.pubsub.subscribeBulk(
    'bus',
    'bulk-orders',
    async (data: unknown) => {
      if (!mine(data)) return DaprPubSubStatusEnum.SUCCESS;
      received.bulk!.push(data);
      if (data.n === 2 && !bulkRetried.has(2)) {
        bulkRetried.add(2);
        return DaprPubSubStatusEnum.RETRY;
      }
      return DaprPubSubStatusEnum.SUCCESS;
    },
    { maxMessagesCount: 5, maxAwaitDurationMs: 200 },
  );
  await server.start();
  await until(metadata, (doc) => doc.subscriptions.length === 3);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await client?.stop();
  await daemon?.stop();
  rmSync(resources, { recursive: true, force: true });
});

async function metadata(): Promise<{ subscriptions: Array<{ topic: string; type: string; deadLetterTopic: string }> }> {
  return (await (await fetch(`${daprUrl}/v1.0/metadata`)).json()) as Awaited<ReturnType<typeof metadata>>;
}

describe('dapr declarative - Subscription resources from dapr.resourcesPath', () => {
  it('dapr declarative - the scoped resource is subscribed (and wins over the same topic listed by the app); another app\'s is not', async () => {
    const doc = await metadata();
    expect(doc.subscriptions.map((s) => [s.topic, s.type]).sort()).toEqual([
      ['bulk-orders', 'PROGRAMMATIC'],
      ['declared', 'DECLARATIVE'],
      ['declared-dead', 'PROGRAMMATIC'],
    ]);
    expect(doc.subscriptions.find((s) => s.topic === 'declared')?.deadLetterTopic).toBe('declared-dead');
  });

  it("dapr declarative - the resource's rules route the events, and its deadLetterTopic takes what the app drops", async () => {
    const event = (type: string, n: number) => ({ specversion: '1.0', id: randomUUID(), source: 'test', type, datacontenttype: 'application/json', data: { run, n } });
    await client.pubsub.publish('bus', 'declared', event('order.created', 1), { contentType: 'application/cloudevents+json' });
    await client.pubsub.publish('bus', 'declared', event('order.cancelled', 2), { contentType: 'application/cloudevents+json' });
    await until(() => received.dead!, (list) => list.length >= 1);
    expect(received.created).toEqual([{ run, n: 1 }]);
    expect(received.other).toEqual([{ run, n: 2 }]);
    expect(received.dead).toEqual([{ run, n: 2 }]);
  });
});

describe('dapr bulk subscribe - a batch in one request, settled entry by entry', () => {
  it('dapr bulk subscribe - every entry arrives, and only the entry the app answered RETRY comes again', async () => {
    const result = await client.pubsub.publishBulk('bus', 'bulk-orders', [1, 2, 3, 4, 5].map((n) => ({ run, n })));
    expect(result.failedMessages).toEqual([]);
    await until(() => received.bulk!, (list) => list.length >= 6);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const counts = new Map<number, number>();
    for (const data of received.bulk as Array<{ n: number }>) counts.set(data.n, (counts.get(data.n) ?? 0) + 1);
    expect([...counts.entries()].sort(([a], [b]) => a - b)).toEqual([[1, 1], [2, 2], [3, 1], [4, 1], [5, 1]]);
  });
});
