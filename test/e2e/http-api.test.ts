/** Every HTTP route of PRODUCT.md against the built daemon in development mode. */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';

let daemon: RunningDaemon;
const run = randomUUID().slice(0, 8);

beforeAll(async () => {
  daemon = await startDaemon();
});

afterAll(async () => {
  await daemon?.stop();
});

function post(path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(daemon.url + path, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
}

async function receive(queue: string, max = 10, waitMs = 0): Promise<Array<Record<string, unknown>>> {
  const response = await fetch(`${daemon.url}/v1/command/${queue}/receive?max=${max}&waitMs=${waitMs}`, { method: 'POST' });
  expect(response.status).toBe(200);
  return (await response.json()) as Array<Record<string, unknown>>;
}

describe('http api - commands and pull', () => {
  it('accepts a command and hands it to one puller with its headers and data', async () => {
    const queue = `jobs-${run}`;
    const sent = await post(`/v1/command/${queue}`, JSON.stringify({ n: 1 }), { 'ce-type': 'Ship', 'ce-subject': 'order/7' });
    expect(sent.status).toBe(202);
    const { id } = (await sent.json()) as { id: string };
    const [delivery, ...rest] = await receive(queue);
    expect(rest).toHaveLength(0);
    expect(delivery).toMatchObject({ id, attempt: 1, data: { n: 1 } });
    expect((delivery!.headers as Record<string, string>)['ce-type']).toBe('Ship');
    expect((delivery!.headers as Record<string, string>)['ce-subject']).toBe('order/7');
    const ack = await post(`/v1/command/${queue}/ack`, JSON.stringify({ lease: delivery!.lease }));
    expect(ack.status).toBe(204);
    expect(await receive(queue)).toHaveLength(0);
    const again = await post(`/v1/command/${queue}/ack`, JSON.stringify({ lease: delivery!.lease }));
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('lease_expired');
  });

  it('redelivers after nack with an incremented attempt, and dead-letters on request', async () => {
    const queue = `retry-${run}`;
    await post(`/v1/command/${queue}`, 'hello', { 'content-type': 'text/plain' });
    const [first] = await receive(queue);
    expect(first).toMatchObject({ attempt: 1, data: 'hello' });
    expect((await post(`/v1/command/${queue}/nack`, JSON.stringify({ lease: first!.lease }))).status).toBe(204);
    const [second] = await receive(queue);
    expect(second).toMatchObject({ id: first!.id, attempt: 2 });
    const nack = await post(`/v1/command/${queue}/nack`, JSON.stringify({ lease: second!.lease, deadLetter: true, reason: 'cannot parse' }));
    expect(nack.status).toBe(204);
    expect(await receive(queue)).toHaveLength(0);
    const letters = (await (await fetch(`${daemon.url}/v1/deadletter/${queue}`)).json()) as Array<Record<string, unknown>>;
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ id: first!.id, reason: 'cannot parse', data: 'hello' });
    const redrive = await post(`/v1/deadletter/${queue}/redrive`, '');
    expect(await redrive.json()).toEqual({ redriven: 1 });
    const [third] = await receive(queue);
    expect(third).toMatchObject({ id: first!.id, attempt: 1 });
  });

  it('suppresses a duplicate Idempotency-Key and honours Outrigger-Delay', async () => {
    const queue = `idem-${run}`;
    const a = (await (await post(`/v1/command/${queue}`, '{}', { 'idempotency-key': 'k-1' })).json()) as { id: string };
    const b = (await (await post(`/v1/command/${queue}`, '{}', { 'idempotency-key': 'k-1' })).json()) as { id: string; duplicate: boolean };
    expect(b).toEqual({ id: a.id, duplicate: true });
    await post(`/v1/command/${queue}`, '{"late":true}', { 'outrigger-delay': '400ms' });
    const now = await receive(queue, 10);
    expect(now.map((d) => d.id)).toEqual([a.id]);
    const later = await receive(queue, 10, 3000);
    expect(later).toHaveLength(1);
    expect(later[0]!.data).toEqual({ late: true });
  });

  it('long-polls: a receive waiting on an empty queue returns as soon as a command arrives', async () => {
    const queue = `poll-${run}`;
    const started = Date.now();
    const waiting = receive(queue, 1, 5000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await post(`/v1/command/${queue}`, '{}');
    const got = await waiting;
    expect(got).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(4000);
  });
});

describe('http api - publish', () => {
  it('accepts binary and structured CloudEvents', async () => {
    const binary = await post(`/v1/publish/orders-${run}`, '{"a":1}', { 'ce-type': 'OrderCreated', 'ce-id': `b-${run}` });
    expect(binary.status).toBe(202);
    expect(await binary.json()).toEqual({ id: `b-${run}` });
    const structured = await post(
      `/v1/publish/orders-${run}`,
      JSON.stringify({ specversion: '1.0', id: `s-${run}`, source: 'test', type: 'OrderCreated', data: { a: 2 } }),
      { 'content-type': 'application/cloudevents+json' },
    );
    expect(structured.status).toBe(202);
    expect(await structured.json()).toEqual({ id: `s-${run}` });
  });

  it('answers a batch with 202, or 207 naming each bad entry', async () => {
    const event = (i: number) => ({ specversion: '1.0', id: `e${i}-${run}`, source: 'test', type: 'T', data: { i } });
    const ok = await post(`/v1/publish/batch-${run}/batch`, JSON.stringify([event(1), event(2)]), { 'content-type': 'application/cloudevents-batch+json' });
    expect(ok.status).toBe(202);
    const mixed = await post(`/v1/publish/batch-${run}/batch`, JSON.stringify([event(3), { specversion: '1.0', id: 'x' }]));
    expect(mixed.status).toBe(207);
    const { results } = (await mixed.json()) as { results: Array<{ index: number; status: number; problem?: { code: string } }> };
    expect(results[0]).toMatchObject({ index: 0, status: 202, id: `e3-${run}` });
    expect(results[1]).toMatchObject({ index: 1, status: 400, problem: { code: 'invalid_cloudevent' } });
    // Data given as bytes but declared JSON is still parsed, entry by entry.
    const notJson = { specversion: '1.0', id: `b-${run}`, source: 'test', type: 'T', datacontenttype: 'application/json', data_base64: Buffer.from('{').toString('base64') };
    const declared = await post(`/v1/publish/batch-${run}/batch`, JSON.stringify([event(4), notJson]));
    expect(declared.status).toBe(207);
    const answers = ((await declared.json()) as { results: Array<{ index: number; status: number; problem?: { code: string } }> }).results;
    expect(answers[0]).toMatchObject({ index: 0, status: 202 });
    expect(answers[1]).toMatchObject({ index: 1, status: 400, problem: { code: 'invalid_body' } });
  });
});

describe('http api - streams', () => {
  it('appends with a partition key and replays as NDJSON and SSE', async () => {
    const stream = `telemetry-${run}`;
    const receipts: Array<{ id: string; partition: number; offset: number }> = [];
    for (let i = 0; i < 5; i++) {
      const response = await post(`/v1/stream/${stream}`, JSON.stringify({ i }), { 'outrigger-partition-key': 'device-1' });
      expect(response.status).toBe(202);
      receipts.push((await response.json()) as (typeof receipts)[number]);
    }
    const partition = receipts[0]!.partition;
    expect(new Set(receipts.map((r) => r.partition)).size).toBe(1);
    expect(receipts.map((r) => r.offset)).toEqual([0, 1, 2, 3, 4].map((i) => receipts[0]!.offset + i));

    const ndjson = await fetch(`${daemon.url}/v1/stream/${stream}?from=${receipts[2]!.offset}&partition=${partition}&follow=false`, {
      headers: { accept: 'application/x-ndjson' },
    });
    expect(ndjson.status).toBe(200);
    expect(ndjson.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await ndjson.text()).trim().split('\n').map((line) => JSON.parse(line) as { offset: number; data: { i: number } });
    expect(lines.map((l) => l.data.i)).toEqual([2, 3, 4]);

    const sse = await fetch(`${daemon.url}/v1/stream/${stream}?from=earliest&limit=2`, { headers: { accept: 'text/event-stream' } });
    expect(sse.headers.get('content-type')).toBe('text/event-stream');
    const text = await sse.text();
    expect(text).toContain(`id: ${partition}:${receipts[0]!.offset}\ndata: `);
    expect(text.match(/^data: /gm)).toHaveLength(2);
  });

  it('follows a stream: an SSE reader sees an event appended after it connected', async () => {
    const stream = `live-${run}`;
    await post(`/v1/stream/${stream}`, '{"before":true}');
    const controller = new AbortController();
    const response = await fetch(`${daemon.url}/v1/stream/${stream}?from=latest`, { signal: controller.signal });
    const reader = response.body!.getReader();
    await post(`/v1/stream/${stream}`, '{"after":true}');
    let text = '';
    while (!text.includes('\n\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString();
    }
    controller.abort();
    expect(text).toContain('"after":true');
    expect(text).not.toContain('"before":true');
  });
});

describe('http api - bad input gets a problem, never a crash', () => {
  async function problem(response: Response): Promise<{ status: number; code: string; type: string | null }> {
    const type = response.headers.get('content-type');
    const body = (await response.json()) as { code: string };
    return { status: response.status, code: body.code, type };
  }

  it('names malformed JSON, wrong content types, bad names and headers', async () => {
    expect(await problem(await post(`/v1/publish/x-${run}/batch`, '[{'))).toMatchObject({ status: 400, code: 'invalid_json', type: 'application/problem+json' });
    expect(await problem(await post(`/v1/publish/x-${run}/batch`, '[]', { 'content-type': 'text/plain' }))).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    expect(await problem(await post(`/v1/publish/x-${run}`, '{', { 'content-type': 'application/cloudevents+json' }))).toMatchObject({ status: 400, code: 'invalid_json' });
    expect(await problem(await post('/v1/command/bad%2Fname', '{}'))).toMatchObject({ status: 400, code: 'invalid_name' });
    expect(await problem(await post('/v1/command/%E0%A4%A', '{}'))).toMatchObject({ status: 400, code: 'invalid_name' });
    expect(await problem(await post(`/v1/command/q-${run}`, '{}', { 'outrigger-delay': 'soon' }))).toMatchObject({ status: 400, code: 'invalid_header' });
    expect(await problem(await post(`/v1/command/q-${run}`, '{}', { 'outrigger-not-before': 'tomorrow' }))).toMatchObject({ status: 400, code: 'invalid_header' });
    expect(await problem(await post(`/v1/command/q-${run}/ack`, '{"lease":"nonsense"}'))).toMatchObject({ status: 400, code: 'invalid_lease' });
    expect(await problem(await post(`/v1/command/q-${run}/ack`, '{}'))).toMatchObject({ status: 400, code: 'bad_request' });
    expect(await problem(await fetch(`${daemon.url}/v1/command/q-${run}/receive?max=0`, { method: 'POST' }))).toMatchObject({ status: 400, code: 'bad_request' });
    expect(await problem(await fetch(`${daemon.url}/v1/stream/s-${run}?from=yesterday`))).toMatchObject({ status: 400, code: 'bad_request' });
  });

  it('refuses bodies over the limit with 413 naming the limit', async () => {
    const response = await post(`/v1/command/big-${run}`, Buffer.alloc(2 * 1024 * 1024, 97), { 'content-type': 'text/plain' });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { code: string; limit: number };
    expect(body.code).toBe('payload_too_large');
    expect(body.limit).toBe(1024 * 1024);
  });

  it('after a 413, reads and drops the rest of a body of known length, and the connection serves the next request', async () => {
    const { hostname, port } = new URL(daemon.url);
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (received += chunk));
    const until = (pattern: RegExp): Promise<void> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${String(pattern)} in: ${received.slice(0, 400)}`)), 10_000);
        const check = (): void => {
          if (!pattern.test(received)) return;
          clearTimeout(timer);
          socket.off('data', check);
          resolve();
        };
        socket.on('data', check);
        check();
      });
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const size = 2 * 1024 * 1024;
    socket.write(`POST /v1/command/big-${run} HTTP/1.1\r\nhost: x\r\ncontent-type: text/plain\r\ncontent-length: ${size}\r\n\r\n`);
    socket.write(Buffer.alloc(size, 97));
    await until(/^HTTP\/1\.1 413[\s\S]*"payload_too_large"/);
    expect(received).not.toMatch(/connection: close/i);
    socket.write(`GET /v1/meta HTTP/1.1\r\nhost: x\r\n\r\n`);
    await until(/HTTP\/1\.1 200/);
    socket.destroy();
  });

  it('answers unknown routes 404 and wrong methods 405 with Allow', async () => {
    expect(await problem(await fetch(`${daemon.url}/v2/nothing`))).toMatchObject({ status: 404, code: 'route_not_found' });
    const wrong = await fetch(`${daemon.url}/v1/command/q-${run}`);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(await problem(wrong)).toMatchObject({ status: 405, code: 'method_not_allowed' });
    expect(await problem(await fetch(`${daemon.url}/v1/stream/never-${run}?follow=false`))).toMatchObject({ status: 404, code: 'unknown_resource' });
  });

  it('is still healthy after all of that', async () => {
    expect((await fetch(`${daemon.adminUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${daemon.adminUrl}/readyz`)).status).toBe(200);
    const meta = (await (await fetch(`${daemon.url}/v1/meta`)).json()) as { development: boolean; brokers: Array<{ driver: string; connected: boolean }> };
    expect(meta.development).toBe(true);
    expect(meta.brokers).toEqual([expect.objectContaining({ driver: 'embedded', connected: true })]);
    const metrics = await (await fetch(`${daemon.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(/outrigger_api_requests_total\{protocol="http",interaction="command",resource="jobs-[0-9a-f]+",outcome="ok"\} 1/);
    expect(metrics).toContain('outrigger_process_resident_memory_bytes');
  });
});
