/**
 * Service invocation and output bindings through the Dapr SDK, over HTTP and over gRPC, against
 * the built daemon: an app id is invoked through the query target of the same name, and a
 * binding named for a queue sends a command, named for a topic publishes.
 */
import { randomUUID } from 'node:crypto';
import { CommunicationProtocolEnum, DaprClient, HttpMethod, LogLevel } from '@dapr/dapr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { freePort } from '../infra/helpers/ports.js';
import { startTargetServer, type TargetServer } from '../infra/helpers/target-server.js';
import { until } from './support.js';

const apiToken = `dapr-${randomUUID()}`;
const run = randomUUID();
const jobs = `dapr-jobs-${run.slice(0, 8)}`;
const audit = `dapr-audit-${run.slice(0, 8)}`;

let daemon: RunningDaemon;
let billing: TargetServer;
let daprHttpUrl: string;
const clients: Record<'http' | 'grpc', DaprClient> = {} as Record<'http' | 'grpc', DaprClient>;

beforeAll(async () => {
  billing = await startTargetServer();
  // The app behind app.url is the same test server: it takes the audit topic's pushes and has no Dapr subscriptions.
  billing.behave = (seen) => (seen.url === '/dapr/subscribe' ? { kind: 'answer', status: 404 } : { kind: 'echo' });
  const [daprHttpPort, daprGrpcPort] = await Promise.all([freePort(), freePort()]);
  daprHttpUrl = `http://127.0.0.1:${daprHttpPort}`;
  daemon = await startDaemon({
    env: { OUTRIGGER_DAPR_HTTP_ADDR: `127.0.0.1:${daprHttpPort}`, OUTRIGGER_DAPR_GRPC_ADDR: `127.0.0.1:${daprGrpcPort}` },
    config: {
      app: { id: 'dapr-invoke-e2e', url: billing.url },
      brokers: { local: { driver: 'embedded' } },
      queues: { [jobs]: { broker: 'local' } },
      topics: { [audit]: { broker: 'local' } },
      targets: { billing: { url: `${billing.url}/api` } },
      subscriptions: [{ name: `${audit}-push`, from: { topic: audit }, deliver: '/audit' }],
      dapr: { pubsubs: { bus: { broker: 'local' } }, apiToken },
    },
  });
  const common = { daprHost: '127.0.0.1', daprApiToken: apiToken, logger: { level: LogLevel.Error } };
  clients.http = new DaprClient({ ...common, daprPort: String(daprHttpPort), communicationProtocol: CommunicationProtocolEnum.HTTP });
  clients.grpc = new DaprClient({ ...common, daprPort: String(daprGrpcPort), communicationProtocol: CommunicationProtocolEnum.GRPC });
}, 60_000);

afterAll(async () => {
  await Promise.all(Object.values(clients).map((client) => client.stop()));
  await daemon?.stop();
  await billing?.close();
});

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

function bodyOf(echo: Echo): unknown {
  return JSON.parse(Buffer.from(echo.body, 'base64').toString('utf8'));
}

describe.each(['http', 'grpc'] as const)('dapr %s - service invocation and output bindings with the Dapr SDK', (protocol) => {
  it(`dapr ${protocol} - invoking an app id calls the query target of that name, without the Dapr token`, async () => {
    const echo = (await clients[protocol].invoker.invoke('billing', 'orders/42', HttpMethod.POST, { run, protocol })) as Echo;
    expect(echo.method).toBe('POST');
    expect(echo.url).toBe('/api/orders/42');
    expect(bodyOf(echo)).toEqual({ run, protocol });
    expect(echo.headers['dapr-api-token']).toBeUndefined();
  });

  it(`dapr ${protocol} - invoking an app id with no target of that name fails, naming it`, async () => {
    await expect(clients[protocol].invoker.invoke('nobody', 'orders', HttpMethod.GET)).rejects.toThrow(/nobody/);
  });

  it(`dapr ${protocol} - a binding named for a queue sends a command to it`, async () => {
    await clients[protocol].binding.send(jobs, 'create', { run, protocol });
    const pulled = await until(
      async () => (await (await fetch(`${daemon.url}/v1/command/${jobs}/receive?max=10&waitMs=1000`, { method: 'POST' })).json()) as Array<{ data: unknown; lease: string }>,
      (list) => list.length > 0,
    );
    expect(pulled.map((d) => d.data)).toEqual([{ run, protocol }]);
    for (const { lease } of pulled) await fetch(`${daemon.url}/v1/command/${jobs}/ack`, { method: 'POST', body: JSON.stringify({ lease }), headers: { 'content-type': 'application/json' } });
  });

  it(`dapr ${protocol} - a binding named for a topic publishes to it`, async () => {
    await clients[protocol].binding.send(audit, 'create', { run, protocol, to: 'audit' });
    const pushed = await until(() => billing.requests.filter((r) => r.url === '/audit' && r.body.toString().includes(protocol)), (list) => list.length > 0);
    expect(pushed.map((r) => JSON.parse(r.body.toString()))).toEqual([{ run, protocol, to: 'audit' }]);
  });

  it(`dapr ${protocol} - a binding that is neither a queue nor a topic, or an operation other than create, is refused`, async () => {
    await expect(clients[protocol].binding.send('nowhere', 'create', { run })).rejects.toBeDefined();
    await expect(clients[protocol].binding.send(jobs, 'delete', { run })).rejects.toBeDefined();
  });
});

describe('dapr http - invocation and bindings answer as Dapr does', () => {
  it('dapr http - the target status and body come back unchanged; the Dapr token is required', async () => {
    billing.behave = (seen) => (seen.url.startsWith('/api/missing') ? { kind: 'answer', status: 404, body: 'no such order' } : { kind: 'echo' });
    const missing = await fetch(`${daprHttpUrl}/v1.0/invoke/billing/method/missing?x=1`, { headers: { 'dapr-api-token': apiToken } });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('no such order');
    const anonymous = await fetch(`${daprHttpUrl}/v1.0/invoke/billing/method/orders`);
    expect(anonymous.status).toBe(401);
    const unknown = await fetch(`${daprHttpUrl}/v1.0/invoke/nobody/method/orders`, { headers: { 'dapr-api-token': apiToken } });
    expect(unknown.status).toBe(500);
    expect(((await unknown.json()) as { errorCode: string }).errorCode).toBe('ERR_DIRECT_INVOKE');
    const binding = await fetch(`${daprHttpUrl}/v1.0/bindings/nowhere`, { method: 'POST', body: JSON.stringify({ operation: 'create', data: {} }), headers: { 'dapr-api-token': apiToken } });
    expect(binding.status).toBe(500);
    expect(((await binding.json()) as { errorCode: string }).errorCode).toBe('ERR_INVOKE_OUTPUT_BINDING');
  });
});
