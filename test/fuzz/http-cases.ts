/**
 * The HTTP requests the fuzz sends through fetch: every route, mutated (generate.ts), random paths
 * and methods, CloudEvents in binary and structured mode with their edge cases, bodies that are
 * not UTF-8 and bodies around and far over the size limit. What fetch cannot send (broken request
 * lines, slow and cut connections) is raw-http.ts.
 */
import type { Fuzz } from './generate.js';

export interface HttpCase {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** The API's default server.maxBodyBytes. */
export const maxBodyBytes = 1_048_576;

const contentTypes = ['application/json', 'application/vnd.order+json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/cloudevents+json', 'application/octet-stream', ''];
const event = { specversion: '1.0', id: 'e-1', source: 'fuzz', type: 'Fuzzed', datacontenttype: 'application/json', data: { n: 1 } };

/** A value as a path or query component; a lone surrogate cannot be percent-encoded, so it is sent raw-escaped. */
export function component(value: unknown, max: number): string {
  const text = String(value).slice(0, max);
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

const segments = ['v1', 'command', 'publish', 'stream', 'deadletter', 'query', 'meta', 'receive', 'ack', 'nack', 'batch', 'redrive', 'fz-settle', 'fz-topic', '', '.', '..', '%2e%2e', '%2F', '%00', '%ff', '%', 'é', '%C3%A9', 'a'.repeat(300), 'x'.repeat(4_000), '*', ';', 'v2'];
const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'post', 'Get', 'PROPFIND', 'FOO'];

/** CloudEvents attribute headers in binary mode, each at one of its edges. */
const ceHeaders: Array<[string, readonly string[]]> = [
  ['ce-specversion', ['1.0', '0.3', '2.0', '', '1']],
  ['ce-id', ['', ' ', 'x'.repeat(10_000), 'e-1', '%E2%82%AC', 'ü']],
  ['ce-source', ['', 'not a uri', '/ok', 'https://example.com/x', '%zz']],
  ['ce-type', ['', 'T', 'a'.repeat(5_000), 'com.example.created']],
  ['ce-time', ['2026-12-05T00:00:00Z', '2026-13-45T25:61:61Z', '2016-12-31T23:59:60Z', '0000-01-01T00:00:00Z', '2026-12-05', 'yesterday', '2026-12-05T00:00:00+25:00', '']],
  ['ce-subject', ['', 'orders/1', '\t', '%0A']],
  ['ce-dataschema', ['::', 'https://example.com/s.json', '', 'relative/path']],
  ['ce-datacontenttype', ['application/json', 'text/plain', 'x', '']],
  ['ce-Upper', ['v']],
  ['ce-a_b', ['v']],
  ['ce-', ['v']],
  ['ce-' + 'x'.repeat(40), ['v']],
  ['ce-traceparent', ['00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', 'garbage', '']],
  ['outrigger-delay', ['500ms', '-5s', '1y', '', '99999999999999999999s', '1.5s']],
  ['outrigger-ttl', ['1s', '0', 'x']],
  ['outrigger-partition-key', ['', 'k', 'x'.repeat(10_000)]],
  ['idempotency-key', ['', 'k', 'x'.repeat(5_000)]],
  ['accept', ['*/*', 'text/html', '', 'application/problem+json;q=0']],
];

/** Structured-mode events at the edges of the CloudEvents JSON format. */
function structured(f: Fuzz): unknown {
  switch (f.int(12)) {
    case 0:
      return { ...event, data_base64: 'eyJuIjoxfQ==' };
    case 1:
      return { ...event, data: undefined, data_base64: f.pick(['!!!', 'eyJuIjox', '', 'a'.repeat(1_001)]) };
    case 2:
      return { ...event, specversion: f.pick(['0.3', 1, null, '']) };
    case 3:
      return { ...event, id: f.pick(['', 1, null, [], 'x'.repeat(10_000)]) };
    case 4:
      return { ...event, time: f.pick(['2026-13-45T25:61:61Z', 'now', 0, '2016-12-31T23:59:60Z']) };
    case 5:
      return { ...event, [f.pick(['Upper', 'a-b', 'a_b', 'x'.repeat(30), '', 'data_base64x'])]: 'v' };
    case 6:
      return { ...event, ext: f.pick([{ a: 1 }, [1], null, true, 1.5]) };
    case 7:
      return { ...event, datacontenttype: f.pick(['text/plain', 'application/xml', '', 5]), data: f.pick(['<a/>', { n: 1 }, 'plain']) };
    case 8:
      return { ...event, source: f.pick(['', 5, 'not a uri']) };
    case 9:
      return f.pick([[event], 'event', null, 5]);
    default:
      return f.mutateObject(event);
  }
}

/** Bytes that are not UTF-8: a lone continuation, an overlong form, an encoded surrogate, a cut sequence. */
function notUtf8(f: Fuzz): Buffer {
  const bad = f.pick([[0xff], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xfe, 0xff]]);
  const prefix = Buffer.from(f.pick(['{"order":"', '"', '', '{"a":1,"b":"x']));
  const suffix = Buffer.from(f.pick(['"}', '"', '', '}']));
  return Buffer.concat([prefix, Buffer.from(bad), suffix]);
}

export function httpCase(f: Fuzz): HttpCase {
  const request = anyCase(f);
  // Delayed or expiring commands are not there to receive at the end: the count queue gets none.
  if (request.path === '/v1/command/fz-count' && Object.keys(request.headers).some((name) => name === 'outrigger-delay' || name === 'outrigger-ttl')) request.path = '/v1/command/fz-later';
  return request;
}

function anyCase(f: Fuzz): HttpCase {
  const json = (path: string, valid: Record<string, unknown> | unknown[]): HttpCase => ({
    method: 'POST',
    path,
    headers: { 'content-type': f.pick(['application/json', 'application/json', 'text/plain', '']) },
    body: f.body(Array.isArray(valid) ? valid.map((entry) => (f.chance(0.5) ? f.mutateObject(entry as Record<string, unknown>) : entry)) : f.mutateObject(valid)),
  });
  const sendPath = (): string => f.pick(['/v1/command/fz-count', '/v1/publish/fz-topic', '/v1/stream/fz-stream']);
  switch (f.int(15)) {
    case 0:
    case 1: {
      const contentType = f.pick(contentTypes);
      const headers: Record<string, string> = contentType === '' ? {} : { 'content-type': contentType };
      if (f.chance(0.3)) headers[f.pick(['ce-type', 'ce-subjet', 'ce-time', 'outrigger-delay', 'outrigger-ttl', 'idempotency-key'])] = String(f.value()).slice(0, 100);
      const payload = contentType === 'application/cloudevents+json' ? f.mutateObject(event) : f.chance(0.5) ? { order: f.value() } : f.value();
      return { method: 'POST', path: sendPath(), headers, body: f.body(payload) };
    }
    case 2:
      return json('/v1/publish/fz-topic/batch', [event, { ...event, id: 'e-2' }]);
    case 3:
      return json(`/v1/command/fz-settle/${f.pick(['ack', 'nack'])}`, { lease: 'fz-settle:1.AAAA', retryAfterMs: 100, deadLetter: false, reason: 'r' });
    case 4:
      return json('/v1/deadletter/fz-settle/redrive', { ids: ['a'] });
    case 5:
      return json('/v1/query', [{ target: 'nowhere', method: 'GET', path: '/x', headers: {}, body: 'b' }]);
    case 6:
      return { method: 'POST', path: `/v1/command/fz-settle/receive?max=${String(f.value()).slice(0, 20)}&waitMs=${f.int(3)}`, headers: {} };
    case 7:
      return { method: 'GET', path: `/v1/stream/fz-stream?follow=false&from=${component(f.value(), 40)}&limit=5`, headers: { accept: f.pick(['application/x-ndjson', 'text/event-stream', 'text/html']) } };
    case 8:
      return { method: f.pick(['GET', 'DELETE', 'PUT']), path: f.pick(['/v1/meta', '/v1/deadletter/fz-settle', `/v1/command/${component(f.value(), 30)}`]), headers: {} };
    case 9: {
      // Any path, any method, any query string.
      const path = `/${Array.from({ length: 1 + f.int(5) }, () => f.pick(segments)).join('/')}`;
      const query = f.chance(0.3) ? `?${f.pick(['max=1&max=2', 'follow', '=', '&&', 'from=%zz', `x=${'y'.repeat(3_000)}`, 'a[b]=c'])}` : '';
      const method = f.pick(methods);
      const body = method === 'GET' || method === 'HEAD' || f.chance(0.5) ? undefined : f.body({ n: 1 });
      return { method, path: f.chance(0.5) ? `/v1${path}${query}` : `${path}${query}`, headers: body !== undefined ? { 'content-type': 'application/json' } : {}, ...(body !== undefined ? { body } : {}) };
    }
    case 10: {
      // Binary mode: some ce-* and outrigger-* headers, each at an edge.
      const headers: Record<string, string> = { 'content-type': f.pick(['application/json', 'text/plain', 'application/octet-stream']) };
      for (let n = 1 + f.int(4); n > 0; n--) {
        const [name, values] = f.pick(ceHeaders);
        headers[name] = f.pick(values);
      }
      return { method: 'POST', path: sendPath(), headers, body: headers['content-type'] === 'application/json' ? '{"n":1}' : 'plain' };
    }
    case 11:
      if (f.chance(0.3)) return { method: 'POST', path: '/v1/publish/fz-topic/batch', headers: { 'content-type': f.pick(['application/cloudevents-batch+json', 'application/json']) }, body: f.body(f.pick([[structured(f), structured(f)], [], structured(f)])) };
      return { method: 'POST', path: sendPath(), headers: { 'content-type': f.pick(['application/cloudevents+json', 'application/cloudevents+json; charset=utf-8', 'application/cloudevents+xml']) }, body: f.body(structured(f)) };
    case 12:
      return { method: 'POST', path: f.pick([sendPath(), '/v1/command/fz-settle/ack', '/v1/publish/fz-topic/batch', '/v1/query']), headers: { 'content-type': f.pick(['application/json', 'application/cloudevents+json', 'text/plain; charset=utf-8', 'application/vnd.x+json']) }, body: notUtf8(f) };
    case 13: {
      // Around and over the size limit; rare, as each is a megabyte or more.
      if (!f.chance(0.15)) return { method: 'POST', path: sendPath(), headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(f.int(64 * 1024)) };
      const size = f.pick([maxBodyBytes - 64, maxBodyBytes + 1, 2 * maxBodyBytes, 8 * maxBodyBytes]);
      const contentType = f.pick(['application/json', 'application/octet-stream', 'application/cloudevents+json']);
      const body = contentType === 'application/octet-stream' ? Buffer.alloc(size, 0x61) : Buffer.from(`{"data":"${'a'.repeat(size)}"}`);
      return { method: 'POST', path: f.pick([sendPath(), '/v1/publish/fz-topic/batch', '/v1/command/fz-settle/ack']), headers: { 'content-type': contentType }, body };
    }
    default:
      return { method: 'POST', path: sendPath(), headers: { 'content-type': 'application/json' }, body: f.body({ order: f.value() }) };
  }
}
