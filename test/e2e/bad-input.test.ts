/**
 * Garbage in, problem+json out: seeded random requests against every route of the built
 * daemon. None may crash it, hang it, or be answered with a 5xx.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';

let daemon: RunningDaemon;

beforeAll(async () => {
  daemon = await startDaemon();
});

afterAll(async () => {
  await daemon?.stop();
});

/** mulberry32: a tiny seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const paths = [
  '/v1/publish/fz',
  '/v1/publish/fz/batch',
  '/v1/command/fz',
  '/v1/command/fz/receive?max=3',
  '/v1/command/fz/ack',
  '/v1/command/fz/nack',
  // follow=false: a GET would otherwise (rightly) stream forever.
  '/v1/stream/fz?follow=false',
  '/v1/deadletter/fz',
  '/v1/deadletter/fz/redrive',
  '/v1/meta',
  '/v1/query',
  '/v1/query/fz/a?b=c',
];
const contentTypes = ['application/json', 'application/cloudevents+json', 'application/cloudevents-batch+json', 'text/plain', 'application/octet-stream', 'multipart/form-data', ''];
const bodies = [
  '',
  '{',
  'null',
  '[]',
  '[null]',
  '{"lease":1}',
  '{"lease":"x.y"}',
  '{"lease":"1.AAAA","retryAfterMs":-5}',
  '{"lease":"1.AAAA","deadLetter":"yes"}',
  '[{"specversion":"1.0"}]',
  '{"specversion":"1.0","id":"a","source":"b","type":"c","data_base64":"!!"}',
  '{"specversion":"1.0","id":"a","source":"b","type":"c","data":1,"data_base64":"AA=="}',
  '{"ids":[1,2]}',
  '\u0000\u0001\u0002',
  '"\\ud800"',
];
const headerNames = ['ce-type', 'ce-id', 'ce-specversion', 'ce-time', 'ce-Bad_Attr', 'outrigger-delay', 'outrigger-ttl', 'outrigger-not-before', 'outrigger-ordering-key', 'outrigger-partition', 'idempotency-key', 'accept'];
const headerValues = ['', '0', '-1', '1.0', '0.3', 'yesterday', '99999999999999999999', '2026-13-45T99:99:99Z', 'text/html', 'a'.repeat(2000)];

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!;
}

describe('bad input', () => {
  it('answers 300 random malformed requests with 4xx problems or success, never 5xx', async () => {
    const next = random(20261125);
    const failures: string[] = [];
    for (let i = 0; i < 300; i++) {
      const path = pick(next, paths);
      const method = next() < 0.8 ? 'POST' : pick(next, ['GET', 'PUT', 'DELETE', 'PATCH']);
      const headers: Record<string, string> = {};
      const contentType = pick(next, contentTypes);
      if (contentType) headers['content-type'] = contentType;
      for (let h = Math.floor(next() * 3); h > 0; h--) headers[pick(next, headerNames)] = pick(next, headerValues);
      const body = method === 'GET' ? undefined : pick(next, bodies);
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 5_000);
      try {
        const response = await fetch(daemon.url + path, { method, headers, body, signal: controller.signal });
        const text = await response.text();
        if (response.status >= 500) failures.push(`${method} ${path} ${JSON.stringify(headers)} ${body} -> ${response.status} ${text}`);
        if (response.status >= 400 && response.headers.get('content-type') !== 'application/problem+json') {
          failures.push(`${method} ${path} -> ${response.status} without problem+json`);
        }
      } catch (err) {
        if (!String(err).includes('Invalid header value')) failures.push(`${method} ${path} ${JSON.stringify(headers)} -> ${String(err)}`);
      } finally {
        clearTimeout(timer);
      }
    }
    expect(failures).toEqual([]);
    expect((await fetch(`${daemon.adminUrl}/healthz`)).status).toBe(200);
  });

  it('survives broken HTTP on the socket', async () => {
    const port = Number(new URL(daemon.url).port);
    for (const raw of ['GARBAGE\r\n\r\n', 'POST /v1/command/x HTTP/1.1\r\nContent-Length: abc\r\n\r\n', 'GET / HTTP/1.1\r\nHost: x\r\n' + 'X: y\r\n'.repeat(5000) + '\r\n']) {
      await new Promise<void>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => socket.end(raw));
        socket.on('data', () => undefined);
        socket.on('close', () => resolve());
        socket.on('error', () => resolve());
      });
    }
    const response = await fetch(`${daemon.url}/v1/meta`);
    expect(response.status).toBe(200);
  });
});
