/**
 * What an idle daemon loads (issue 18 items 1–2): the built daemon under a module-load hook
 * (test/infra/fixtures/module-log-hook.mjs). Config is judged by validators generated at build
 * time, so neither Ajv nor TypeBox is loaded to start, and only the settings validators of the
 * drivers the config names; the metrics take prom-client's parts one by one, without
 * @opentelemetry/api; undici, the client of pushes and query
 * targets, is loaded by the first request that needs it, and that request is answered as ever;
 * so are grpc-js and the API's protobuf definitions, by the first gRPC connection.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, grpcClients } from '../infra/helpers/grpc.js';
import { deliveriesOf, startApp, type TestApp } from '../infra/helpers/app-server.js';
import { postAccepted, startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { startTargetServer, type TargetServer } from '../infra/helpers/target-server.js';
import { tempDir } from '../infra/helpers/temp-dir.js';

const hook = pathToFileURL(fileURLToPath(new URL('../infra/fixtures/module-log-hook.mjs', import.meta.url))).href;

let app: TestApp;
let target: TargetServer;
let daemon: RunningDaemon;
let log: string;

/** The packages (node_modules/<name>/) the daemon has loaded so far. */
function loadedPackages(): Set<string> {
  const urls = readFileSync(log, 'utf8').split('\n');
  return new Set(urls.map((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]).filter((name): name is string => name !== undefined));
}

beforeAll(async () => {
  [app, target] = await Promise.all([startApp(), startTargetServer()]);
  log = join(tempDir('modules'), 'modules.log');
  daemon = await startDaemon({
    config: {
      app: { id: 'lean', url: app.url },
      queues: { work: {} },
      subscriptions: [{ name: 'work', from: { queue: 'work' }, deliver: '/work' }],
      targets: { pricing: { via: 'http', url: target.url } },
    },
    env: { NODE_OPTIONS: `--import=${hook}`, OUTRIGGER_TEST_MODULE_LOG: log },
  });
});

afterAll(async () => {
  await daemon?.stop();
  await Promise.all([app?.close(), target?.close()]);
});

describe('footprint - what a daemon loads', () => {
  it('footprint - ready and idle with a push subscription and a query target: no Ajv, TypeBox, undici, grpc-js or protobufjs loaded', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const loaded = loadedPackages();
    expect(readFileSync(log, 'utf8')).toContain('/dist/src/daemon.js');
    // The generated validators use Ajv's small runtime helpers (ajv/dist/runtime/), never its compiler.
    expect(readFileSync(log, 'utf8').split('\n').filter((url) => url.includes('/node_modules/ajv/') && !url.includes('/node_modules/ajv/dist/runtime/'))).toEqual([]);
    expect([...loaded].filter((name) => ['@sinclair/typebox', 'undici', '@grpc/grpc-js', 'protobufjs'].includes(name))).toEqual([]);
  });

  it("footprint - ready and idle: Node's own bundled undici, http2 and zlib are not loaded (an ESM import of node:http would load them)", async () => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const internals = readFileSync(log, 'utf8').split('\n').filter((line) => line.startsWith('node-internal:'));
    expect(internals).toContain('node-internal:NativeModule http');
    expect(internals.filter((line) => /undici|http2|zlib/.test(line))).toEqual([]);
  });

  it("footprint - config validation loads the settings validator of the embedded driver the config uses, and no other driver's", () => {
    const settings = readFileSync(log, 'utf8')
      .split('\n')
      .map((url) => /\/dist\/src\/config\/generated\/settings\/([^/]+)\.js$/.exec(url)?.[1])
      .filter((driver) => driver !== undefined);
    expect([...new Set(settings)]).toEqual(['embedded']);
  });

  it("footprint - the metrics load prom-client's classes and collectors, not its index (Pushgateway, cluster) or @opentelemetry/api", () => {
    const urls = readFileSync(log, 'utf8').split('\n');
    expect(urls.filter((url) => url.includes('/node_modules/prom-client/lib/metrics/processCpuTotal.js'))).toEqual([]);
    expect(urls.filter((url) => /\/node_modules\/prom-client\/(index\.js|lib\/(pushgateway|cluster|summary)\.js)$/.test(url))).toEqual([]);
    expect(urls.some((url) => url.includes('/node_modules/prom-client/lib/metrics/gc.js'))).toBe(true);
    expect(loadedPackages().has('@opentelemetry/api')).toBe(false);
  });

  it('footprint - the first push and the first query load undici and are answered', async () => {
    const id = await postAccepted(daemon, '/v1/command/work', { n: 1 });
    await app.waitFor((received) => deliveriesOf('/work', id)(received).length === 1);
    target.behave = () => ({ kind: 'echo' });
    const answer = await fetch(`${daemon.url}/v1/query/pricing/quote`, { method: 'POST', body: 'hello' });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { body: string }).body).toBe(Buffer.from('hello').toString('base64'));
    expect(loadedPackages().has('undici')).toBe(true);
  });

  it('footprint - the first gRPC connections load grpc-js, and each of them, opened while it loads, is answered', async () => {
    // Each client on its own connection, all opened before grpc-js is there to take them.
    const clients = [1, 2, 3].map(() => grpcClients(daemon.grpcAddr, { 'grpc.use_local_subchannel_pool': 1 }));
    try {
      const answers = await Promise.all(clients.map((client) => call(client.health, 'Check', { service: '' }, { deadlineMs: 10_000 })));
      expect(answers.map((answer) => answer['status'])).toEqual(['SERVING', 'SERVING', 'SERVING']);
      expect(loadedPackages().has('@grpc/grpc-js')).toBe(true);
      const sent = await call(clients[0]!.command, 'SendCommand', { queue: 'work', event: { data: Buffer.from('{"n":2}'), dataContentType: 'application/json' } }, { deadlineMs: 10_000 });
      await app.waitFor((received) => deliveriesOf('/work', sent['id'] as string)(received).length === 1);
    } finally {
      for (const client of clients) client.close();
    }
  });
});
