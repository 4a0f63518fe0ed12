/**
 * The API contract: the same cases over HTTP and over gRPC, against one built daemon with a
 * configuration (not development mode, so unknown names are errors) and an API token.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxRetryAfterMs } from '../../src/core/service/limits.js';
import type { ErrorCode } from '../../src/kernel/errors.js';
import { startApp, type TestApp } from '../infra/helpers/app-server.js';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { ApiError, expectedStatus, grpcClient, httpClient, type ApiClient, type Appended } from './clients.js';

const run = randomUUID().slice(0, 8);
const token = `token-${run}`;
const maxBodyBytes = 64 * 1024;
const protocols = ['http', 'grpc'] as const;
type Protocol = (typeof protocols)[number];

function names(protocol: Protocol) {
  const suffix = `${run}-${protocol}`;
  return {
    topic: `orders-${suffix}`,
    queue: `jobs-${suffix}`,
    retries: `retries-${suffix}`,
    later: `later-${suffix}`,
    letters: `letters-${suffix}`,
    stream: `telemetry-${suffix}`,
  };
}

let daemon: RunningDaemon;
let target: TestApp;

beforeAll(async () => {
  target = await startApp();
  target.respond = (request) =>
    request.path.startsWith('/items/')
      ? { status: 200, headers: { 'content-type': 'application/json', 'x-item': request.path.slice(7) }, body: JSON.stringify({ path: request.path, method: request.headers['x-method'] ?? '', body: request.body }) }
      : { status: 404, body: 'no such thing' };
  const config = {
    app: { id: 'contract' },
    server: { apiToken: token, maxBodyBytes },
    targets: { catalog: { url: target.url } },
    queues: {} as Record<string, unknown>,
    topics: {} as Record<string, unknown>,
    streams: {} as Record<string, unknown>,
  };
  for (const protocol of protocols) {
    const n = names(protocol);
    config.topics[n.topic] = {};
    config.queues[n.queue] = {};
    config.queues[n.retries] = { maxDeliveries: 5 };
    config.queues[n.later] = {};
    config.queues[n.letters] = {};
    config.streams[n.stream] = { partitions: 2 };
  }
  daemon = await startDaemon({ config });
});

afterAll(async () => {
  await daemon?.stop();
  await target?.close();
});

function client(protocol: Protocol, withToken = true): ApiClient {
  const secret = withToken ? token : undefined;
  return protocol === 'http' ? httpClient(daemon.url, secret) : grpcClient(daemon.grpcAddr, secret);
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe.each(protocols)('api contract over %s', (protocol) => {
  const n = names(protocol);
  let api: ApiClient;

  beforeAll(() => {
    api = client(protocol);
  });

  afterAll(() => api?.close());

  function expectError(error: ApiError, code: ErrorCode): void {
    expect(error.code).toBe(code);
    expect(error.status).toBe(expectedStatus(protocol, code));
  }

  it('contract - publish answers with the stored id', async () => {
    const sent = await api.publish(n.topic, { type: 'OrderCreated', data: Buffer.from('{"order":1}'), contentType: 'application/json' });
    expect(sent.id).toMatch(/[0-9a-f-]{36}/);
  });

  it('contract - a command is received once, acked, and a second ack is lease_expired', async () => {
    const sent = await api.command(n.queue, { type: 'Ship', data: Buffer.from('box') , contentType: 'text/plain' });
    const [delivery, ...rest] = await api.receive(n.queue, 10);
    expect(rest).toHaveLength(0);
    expect(delivery).toMatchObject({ id: sent.id, attempt: 1, type: 'Ship' });
    expect(delivery!.data.toString()).toBe('box');
    await api.ack(n.queue, delivery!.lease);
    expect(await api.receive(n.queue, 10)).toHaveLength(0);
    expectError(await failure(api.ack(n.queue, delivery!.lease)), 'lease_expired');
  });

  it('contract - an idempotency key suppresses the second send', async () => {
    const first = await api.command(n.queue, { data: Buffer.from('a') }, { idempotencyKey: `k-${run}` });
    const second = await api.command(n.queue, { data: Buffer.from('a') }, { idempotencyKey: `k-${run}` });
    expect(second).toEqual({ id: first.id, duplicate: true });
    const [delivery] = await api.receive(n.queue, 10);
    await api.ack(n.queue, delivery!.lease);
  });

  it('contract - a nack redelivers with the attempt incremented', async () => {
    const sent = await api.command(n.retries, { data: Buffer.from('again') });
    const [first] = await api.receive(n.retries, 1);
    await api.nack(n.retries, first!.lease);
    const [second] = await api.receive(n.retries, 1, 5_000);
    expect(first).toMatchObject({ attempt: 1, redelivered: false });
    expect(second).toMatchObject({ id: sent.id, attempt: 2, redelivered: true });
    await api.ack(n.retries, second!.lease);
  });

  it('contract - a nack puts a message off for at most 7 days', async () => {
    await api.command(n.later, { data: Buffer.from('later') });
    const [delivery] = await api.receive(n.later, 1);
    expectError(await failure(api.nack(n.later, delivery!.lease, { retryAfterMs: maxRetryAfterMs + 1 })), 'bad_request');
    await api.nack(n.later, delivery!.lease, { retryAfterMs: maxRetryAfterMs });
    expect(await api.receive(n.later, 1)).toHaveLength(0);
  });

  it('contract - dead letters are listed with their reason and redriven with a fresh attempt count', async () => {
    const sent = await api.command(n.letters, { data: Buffer.from('poison') });
    const [delivery] = await api.receive(n.letters, 1);
    await api.nack(n.letters, delivery!.lease, { deadLetter: true, reason: 'cannot parse' });
    expect(await api.receive(n.letters, 1)).toHaveLength(0);
    const letters = await api.deadLetters(n.letters);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ id: sent.id, reason: 'cannot parse' });
    expect(letters[0]!.data.toString()).toBe('poison');
    expect(await api.redriveAll(n.letters)).toBe(1);
    const [again] = await api.receive(n.letters, 1, 5_000);
    expect(again).toMatchObject({ id: sent.id, attempt: 1 });
    await api.ack(n.letters, again!.lease);
  });

  it('contract - appended events are read back in order, from an offset and per partition', async () => {
    const receipts: Appended[] = [];
    for (let i = 0; i < 4; i++) receipts.push(await api.append(n.stream, Buffer.from(`e${i}`), 'device-1'));
    const partition = receipts[0]!.partition;
    expect(receipts.every((r) => r.partition === partition)).toBe(true);
    expect(receipts.map((r) => r.offset)).toEqual([0, 1, 2, 3].map((i) => receipts[0]!.offset + i));
    const all = await api.read(n.stream, {});
    expect(all.map((e) => e.data.toString())).toEqual(['e0', 'e1', 'e2', 'e3']);
    const tail = await api.read(n.stream, { offset: receipts[2]!.offset, partition });
    expect(tail.map((e) => e.id)).toEqual([receipts[2]!.id, receipts[3]!.id]);
    expect(await api.read(n.stream, { partition: 1 - partition })).toEqual([]);
  });

  it('contract - a query reaches its target and returns the answer whatever its status', async () => {
    const found = await api.query('catalog', 'POST', '/items/42?full=1', { 'x-method': 'post' }, 'hello');
    expect(found.status).toBe(200);
    expect(found.headers['x-item']).toBe('42?full=1');
    expect(JSON.parse(found.body)).toEqual({ path: '/items/42?full=1', method: 'post', body: 'hello' });
    const missing = await api.query('catalog', 'GET', '/nothing');
    expect(missing).toMatchObject({ status: 404, body: 'no such thing' });
    expectError(await failure(api.query(`nope-${run}`, 'GET', '/')), 'unknown_resource');
    expectError(await failure(api.query('catalog', 'GET', '/a%2fb')), 'bad_request');
  });

  it('contract - unknown resources are unknown_resource', async () => {
    expectError(await failure(api.publish(`nope-${run}`, { data: Buffer.from('x') })), 'unknown_resource');
    expectError(await failure(api.command(`nope-${run}`, { data: Buffer.from('x') })), 'unknown_resource');
    expectError(await failure(api.receive(`nope-${run}`, 1)), 'unknown_resource');
    expectError(await failure(api.read(`nope-${run}`, {})), 'unknown_resource');
  });

  it('contract - invalid input is refused with a 400-class code, naming the problem', async () => {
    expectError(await failure(api.command('bad name!', { data: Buffer.from('x') })), 'invalid_name');
    const badExtension = await failure(api.command(n.queue, { data: Buffer.from('x'), extensions: { traceparent: '' } }));
    expectError(badExtension, 'invalid_cloudevent');
    expectError(await failure(api.ack(n.queue, 'not-a-lease')), 'invalid_lease');
  });

  it('contract - a lease settled on another queue is lease_mismatch, and stays held for its own queue', async () => {
    await api.command(n.queue, { data: Buffer.from('mine') });
    const [delivery] = await api.receive(n.queue, 1);
    const error = await failure(api.ack(n.letters, delivery!.lease));
    expectError(error, 'lease_mismatch');
    expect(error.message).toContain(n.queue);
    expectError(await failure(api.nack(n.letters, delivery!.lease, { deadLetter: true })), 'lease_mismatch');
    await api.ack(n.queue, delivery!.lease);
  });

  it('contract - data declared as JSON that is not JSON is invalid_body, and nothing is stored', async () => {
    const broken = { data: Buffer.from('{"order":'), contentType: 'application/json' };
    expectError(await failure(api.command(n.queue, broken)), 'invalid_body');
    expectError(await failure(api.command(n.queue, { ...broken, contentType: 'application/vnd.order+json; charset=utf-8' })), 'invalid_body');
    expectError(await failure(api.publish(n.topic, broken)), 'invalid_body');
    expect(await api.receive(n.queue, 10)).toHaveLength(0);
    await api.command(n.queue, { data: Buffer.from('{"order":42}'), contentType: 'application/json' });
    const [stored] = await api.receive(n.queue, 10);
    expect(JSON.parse(stored!.data.toString())).toEqual({ order: 42 });
    await api.ack(n.queue, stored!.lease);
  });

  it('contract - data over server.maxBodyBytes is payload_too_large, naming the limit', async () => {
    const error = await failure(api.command(n.queue, { data: Buffer.alloc(maxBodyBytes + 1, 'a') }));
    expectError(error, 'payload_too_large');
    expect(error.message).toContain(String(maxBodyBytes));
  });

  it('contract - without the API token every call is unauthorized', async () => {
    const anonymous = client(protocol, false);
    try {
      expectError(await failure(anonymous.publish(n.topic, { data: Buffer.from('x') })), 'unauthorized');
      expectError(await failure(anonymous.receive(n.queue, 1)), 'unauthorized');
      expectError(await failure(anonymous.read(n.stream, {})), 'unauthorized');
    } finally {
      anonymous.close();
    }
  });
});

describe('api contract over http only: JSON bodies are strict', () => {
  const n = names('http');
  const post = async (path: string, body: unknown, contentType = 'application/json') => {
    const response = await fetch(`${daemon.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>) };
  };

  it('http - a nack with a misspelt or gRPC-spelt field is refused, naming the field meant, and settles nothing', async () => {
    const api = client('http');
    await api.command(n.retries, { data: Buffer.from('x') });
    const [delivery] = await api.receive(n.retries, 1);
    const snake = await post(`/v1/command/${n.retries}/nack`, { lease: delivery!.lease, dead_letter: true });
    expect(snake).toMatchObject({ status: 400, body: { code: 'bad_request', field: 'dead_letter', suggestion: 'deadLetter' } });
    const shouting = await post(`/v1/command/${n.retries}/nack`, { lease: delivery!.lease, retryAfterMS: 60_000 });
    expect(shouting).toMatchObject({ status: 400, body: { code: 'bad_request', field: 'retryAfterMS', suggestion: 'retryAfterMs' } });
    expect(String(shouting.body.detail)).toContain("did you mean 'retryAfterMs'");
    const extra = await post(`/v1/command/${n.retries}/ack`, { lease: delivery!.lease, deadLetter: true });
    expect(extra).toMatchObject({ status: 400, body: { field: 'deadLetter' } });
    expect(await post(`/v1/command/${n.retries}/ack`, { lease: delivery!.lease })).toMatchObject({ status: 204 });
    api.close();
  });

  it('http - a misspelt query parameter is refused instead of its default silently used', async () => {
    const get = async (path: string, method = 'GET') => {
      const response = await fetch(`${daemon.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect(await get(`/v1/command/${n.queue}/receive?max=1&waitMS=1000`, 'POST')).toMatchObject({ status: 400, body: { field: 'waitMS', suggestion: 'waitMs' } });
    expect(await get(`/v1/stream/${n.stream}?follow=false&form=earliest`)).toMatchObject({ status: 400, body: { field: 'form', suggestion: 'from' } });
    expect(await get(`/v1/deadletter/${n.letters}?limt=5`)).toMatchObject({ status: 400, body: { field: 'limt', suggestion: 'limit' } });
    expect((await get(`/v1/deadletter/${n.letters}?limit=5`)).status).toBe(200);
  });

  it('http - a redrive body with an unknown member is refused', async () => {
    expect(await post(`/v1/deadletter/${n.letters}/redrive`, { id: ['a'] })).toMatchObject({ status: 400, body: { field: 'id', suggestion: 'ids' } });
  });

  it('http - a form-encoded body is stored as such, never labelled JSON', async () => {
    const appended = await post(`/v1/stream/${n.stream}`, 'temp=21.5', 'application/x-www-form-urlencoded');
    expect(appended.status).toBe(202);
    const text = await (await fetch(`${daemon.url}/v1/stream/${n.stream}?from=${String(appended.body.offset)}&partition=${String(appended.body.partition)}&follow=false&limit=1`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/x-ndjson' },
    })).text();
    const event = JSON.parse(text.trim()) as { headers: Record<string, string>; data_base64: string };
    expect(event.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Buffer.from(event.data_base64, 'base64').toString()).toBe('temp=21.5');
  });
});
