/** Query through the built daemon: a transparent proxy to configured targets only, and fan-out. */
import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { startTargetServer, type TargetServer } from '../infra/helpers/target-server.js';

let daemon: RunningDaemon;
let catalog: TargetServer;
let secret: TargetServer;
const token = `token-${randomUUID()}`;
const auth = { authorization: `Bearer ${token}` };

beforeAll(async () => {
  [catalog, secret] = await Promise.all([startTargetServer(), startTargetServer()]);
  daemon = await startDaemon({
    env: { OUTRIGGER_API_TOKEN: token },
    config: {
      targets: {
        catalog: { url: `${catalog.url}/api` },
        hung: { url: catalog.url, timeout: '30s' },
      },
    },
  });
});

afterAll(async () => {
  await daemon?.stop();
  await Promise.all([catalog?.close(), secret?.close()]);
});

beforeEach(() => {
  catalog.requests.length = 0;
  catalog.behave = () => ({ kind: 'echo' });
});

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  length: number;
}

/** A request with the path exactly as written: fetch would normalise `..` away before sending. */
function raw(method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(daemon.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers: { ...auth, ...headers } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    // An answer to CONNECT comes as 'connect', not 'response'.
    req.on('connect', (res: { statusCode?: number }, socket: { destroy(): void }) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: '' });
    });
    req.end();
  });
}

describe('query - direct HTTP', () => {
  it('returns the target status, headers and body unchanged, under the base path with the query string', async () => {
    catalog.behave = () => ({ kind: 'answer', status: 201, headers: { 'x-catalog': 'yes', 'content-type': 'text/plain' }, body: 'created' });
    const response = await fetch(`${daemon.url}/v1/query/catalog/items/42?expand=price&x=%20y`, { headers: auth });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-catalog')).toBe('yes');
    expect(await response.text()).toBe('created');
    expect(catalog.requests.map((r) => [r.method, r.url])).toEqual([['GET', '/api/items/42?expand=price&x=%20y']]);
  });

  it('passes every method and streams large bodies both ways', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const response = await fetch(`${daemon.url}/v1/query/catalog/upload`, { method, body: big, headers: { ...auth, 'content-type': 'application/octet-stream' } });
      expect(response.status).toBe(200);
      const echo = (await response.json()) as Echo;
      expect([echo.method, echo.url, echo.length]).toEqual([method, '/api/upload', big.length]);
    }
  });

  it('drops hop-by-hop headers and its own, keeps the rest, and adds a traceparent', async () => {
    const response = await raw('GET', '/v1/query/catalog/h', {
      connection: 'keep-alive, x-hop',
      'x-hop': 'gone',
      'keep-alive': 'timeout=5',
      te: 'trailers',
      'proxy-authorization': 'Basic abc',
      'outrigger-timeout': '5s',
      'x-end-to-end': 'kept',
    });
    const echo = JSON.parse(response.body) as Echo;
    expect(echo.headers['x-end-to-end']).toBe('kept');
    for (const name of ['x-hop', 'keep-alive', 'te', 'proxy-authorization', 'outrigger-timeout', 'authorization']) expect(echo.headers[name], name).toBeUndefined();
    expect(echo.headers.host).toBe(`127.0.0.1:${catalog.port}`);
    expect(echo.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('propagates a caller traceparent as it is', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const echo = (await (await fetch(`${daemon.url}/v1/query/catalog/t`, { headers: { ...auth, traceparent, tracestate: 'a=b' } })).json()) as Echo;
    expect([echo.headers.traceparent, echo.headers.tracestate]).toEqual([traceparent, 'a=b']);
  });

  it('answers an unknown target 404 listing the configured ones', async () => {
    const response = await fetch(`${daemon.url}/v1/query/nope/x`, { headers: auth });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'unknown_resource', known: ['catalog', 'hung'] });
  });

  it('answers 504 when Outrigger-Timeout passes, on time', async () => {
    catalog.behave = () => ({ kind: 'hang' });
    const started = Date.now();
    const response = await fetch(`${daemon.url}/v1/query/hung/slow`, { headers: { ...auth, 'outrigger-timeout': '1s' } });
    const took = Date.now() - started;
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ code: 'timeout' });
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(8_000);
  });
});

describe('query - no open proxy', () => {
  const attacks = () => [
    '/v1/query/catalog/../secret',
    '/v1/query/catalog/a/../../x',
    '/v1/query/catalog/%2e%2e/x',
    '/v1/query/catalog/%2E%2e%2fx',
    '/v1/query/catalog/a%2f..%2f..%2fx',
    '/v1/query/catalog/..%5cx',
    '/v1/query/catalog/..\\x',
    `/v1/query/catalog//127.0.0.1:${secret.port}/x`,
    `/v1/query/catalog/.//127.0.0.1:${secret.port}`,
    `/v1/query/catalog@127.0.0.1:${secret.port}/x`,
    `/v1/query/catalog%40127.0.0.1:${secret.port}/x`,
    `/v1/query/127.0.0.1:${secret.port}/x`,
    `/v1/query/${encodeURIComponent(secret.url)}/x`,
    `//127.0.0.1:${secret.port}/v1/query/catalog/x`,
    `http://127.0.0.1:${secret.port}/v1/query/catalog/x`,
    '/v1/query/catalog/x#frag',
  ];

  it('refuses traversal, encoded slashes, authority and host tricks with 400 or 404; nothing reaches another server', async () => {
    for (const path of attacks()) {
      const response = await raw('GET', path);
      expect([400, 404], `${path} -> ${response.status} ${response.body}`).toContain(response.status);
    }
    expect(secret.requests).toHaveLength(0);
    // Whatever got through stayed under the catalog's base path.
    for (const seen of catalog.requests) expect(seen.url.startsWith('/api/')).toBe(true);
  });

  it('never tunnels: CONNECT is refused or the connection closed', async () => {
    const outcome = await raw('CONNECT', `127.0.0.1:${secret.port}`).then((r) => r.status, () => 'closed');
    expect([400, 404, 405, 'closed']).toContain(outcome);
    expect((await raw('CONNECT', '/v1/query/catalog/x').then((r) => r.status, () => 'closed'))).not.toBe(200);
    expect(secret.requests).toHaveLength(0);
  });
});

describe('query - fan-out', () => {
  it('runs entries concurrently and answers each inline, failures included', async () => {
    catalog.behave = (request) => (request.url.includes('hang') ? { kind: 'hang' } : { kind: 'echo' });
    const response = await fetch(`${daemon.url}/v1/query`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'outrigger-timeout': '1500ms' },
      body: JSON.stringify([
        { target: 'catalog', path: '/a?x=1' },
        { target: 'catalog', method: 'POST', path: '/b', headers: { 'x-one': '1' }, body: { order: 42 } },
        { target: 'catalog', method: 'PUT', path: '/c', bodyBase64: Buffer.from([0, 1, 2, 255]).toString('base64') },
        { target: 'missing' },
        { target: 'hung', path: '/hang' },
        { target: 'catalog', path: '/../x' },
        { targte: 'catalog' },
      ]),
    });
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as { results: Array<Record<string, unknown>> };
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const body = (i: number) => results[i]!.body as Echo;
    expect([results[0]!.status, body(0).method, body(0).url]).toEqual([200, 'GET', '/api/a?x=1']);
    expect([body(1).method, body(1).headers['x-one'], body(1).headers['content-type'], Buffer.from(body(1).body, 'base64').toString()]).toEqual([
      'POST',
      '1',
      'application/json',
      '{"order":42}',
    ]);
    expect([...Buffer.from(body(2).body, 'base64')]).toEqual([0, 1, 2, 255]);
    expect(results[3]!.error).toMatchObject({ status: 404, code: 'unknown_resource' });
    expect(results[4]!.error).toMatchObject({ status: 504, code: 'timeout' });
    expect(results[5]!.error).toMatchObject({ status: 400, code: 'bad_request' });
    expect(results[6]!.error).toMatchObject({ status: 400, code: 'bad_request' });
    expect((results[6]!.error as { detail: string }).detail).toContain("did you mean 'target'");
  });

  it('refuses a body that is not a non-empty array, and more than 100 entries', async () => {
    const post = (body: unknown) => fetch(`${daemon.url}/v1/query`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ target: 'catalog' })).status).toBe(400);
    expect((await post([])).status).toBe(400);
    const tooMany = await post(Array.from({ length: 101 }, () => ({ target: 'catalog' })));
    expect(tooMany.status).toBe(413);
    expect(await tooMany.json()).toMatchObject({ limit: 100 });
    expect((await fetch(`${daemon.url}/v1/query`, { headers: auth })).status).toBe(405);
  });
});
