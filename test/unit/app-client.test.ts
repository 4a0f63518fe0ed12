/**
 * The push client (src/core/delivery/app-client.ts) against a real HTTP server: what each kind
 * of answer becomes, and that a timeout or an abort answers at once and cuts the request off.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AppClient } from '../../src/core/delivery/app-client.js';
import { freePort } from '../infra/helpers/ports.js';

let server: Server;
let client: AppClient;
let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(204).end();
const bodies: string[] = [];
const closedEarly: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodies.push(body);
      handle(req, res);
    });
    res.on('close', () => {
      if (!res.writableFinished) closedEarly.push(req.url ?? '');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  client = new AppClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}/app`, 4);
});

afterAll(async () => {
  await client.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const never = new AbortController().signal;
const payload = new TextEncoder().encode('{"n":1}');

it('app client - a 204 is its status, the body and headers reach the app', async () => {
  handle = (req, res) => res.writeHead(204, { 'x-seen': String(req.headers['ce-type']) }).end();
  expect(await client.deliver('/work', { 'content-type': 'application/json', 'ce-type': 'Thing' }, payload, 1000, never)).toEqual({ kind: 'status', status: 204, excerpt: '' });
  expect(bodies.at(-1)).toBe('{"n":1}');
});

it("app client - a failure's answer gives the start of its body (whitespace folded) and Retry-After", async () => {
  handle = (_req, res) => res.writeHead(503, { 'retry-after': '2' }).end(`  busy\n\n  ${'x'.repeat(1000)}`);
  const answer = await client.deliver('/work', {}, payload, 1000, never);
  expect(answer).toMatchObject({ kind: 'status', status: 503, retryAfterMs: 2000 });
  const excerpt = (answer as { excerpt: string }).excerpt;
  expect(excerpt.startsWith('busy x')).toBe(true);
  expect(excerpt.length).toBeLessThanOrEqual(256);
});

it('app client - an app that does not answer in time is a timeout, answered at the deadline, and its request is cut off', async () => {
  handle = () => undefined;
  const started = performance.now();
  expect(await client.deliver('/slow', {}, payload, 150, never)).toEqual({ kind: 'timeout', afterMs: 150 });
  expect(performance.now() - started).toBeLessThan(1000);
  for (let waited = 0; !closedEarly.includes('/app/slow') && waited < 100; waited++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(closedEarly).toContain('/app/slow');
});

it('app client - a stop (the parent signal) answers aborted at once', async () => {
  handle = () => undefined;
  const stopping = new AbortController();
  const answer = client.deliver('/stopped', {}, payload, 10_000, stopping.signal);
  setTimeout(() => stopping.abort(), 50);
  expect(await answer).toEqual({ kind: 'aborted' });
  const already = new AbortController();
  already.abort();
  expect(await client.deliver('/never-sent', {}, payload, 10_000, already.signal)).toEqual({ kind: 'aborted' });
});

it('app client - nobody listening is unreachable, with the error code', async () => {
  const nowhere = new AppClient(`http://127.0.0.1:${await freePort()}`, 1);
  try {
    expect(await nowhere.deliver('/x', {}, payload, 1000, never)).toEqual({ kind: 'unreachable', detail: 'ECONNREFUSED' });
  } finally {
    await nowhere.close();
  }
});
