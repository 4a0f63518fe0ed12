/**
 * HTTP/1.1 that fetch will not send, over a raw socket: broken request lines and headers, lying
 * lengths and chunk sizes, requests written a few bytes at a time, connections dropped mid-request,
 * pipelining, and (slowloris) connections that never finish their headers. Seeded (generate.ts).
 */
import { connect, type Socket } from 'node:net';
import type { Fuzz } from './generate.js';

export interface RawCase {
  chunks: Buffer[];
  /** Pause between chunks (a slow client). */
  pauseMs: number;
  /** Drop the connection after the last chunk, not waiting for an answer. */
  drop: boolean;
  /** The request is complete, so the server must answer it (otherwise it may wait for the rest). */
  complete: boolean;
  what: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const valid = (host: string): string => `POST /v1/command/fz-raw HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{"raw":1}`;

export function rawCase(f: Fuzz, host: string): RawCase {
  const whole = (text: string, what: string, complete = true): RawCase => ({ chunks: [Buffer.from(text, 'latin1')], pauseMs: 0, drop: false, complete, what });
  switch (f.int(14)) {
    case 0: {
      const bytes = Buffer.from(valid(host));
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; ) {
        const size = 1 + f.int(16);
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      return { chunks, pauseMs: 1 + f.int(3), drop: false, complete: true, what: 'slow: a valid command a few bytes at a time' };
    }
    case 1: {
      const bytes = Buffer.from(valid(host));
      return { chunks: [bytes.subarray(0, f.int(bytes.length))], pauseMs: 0, drop: true, complete: false, what: 'dropped mid-request' };
    }
    case 2:
      return whole(`POST /v1/command/fz-raw HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${f.pick([100, 1_000_000, 2 ** 40])}\r\n\r\n{"raw":`, 'body shorter than its content-length', false);
    case 3:
      return whole(
        f.pick(['GET\r\n\r\n', 'GARBAGE / HTTP/1.1\r\n\r\n', 'GET / HTTP/9.9\r\nHost: a\r\n\r\n', 'GET /v1/meta\r\n\r\n', '\u0000\u0001\u0002\r\n\r\n', 'GET /v1/me ta HTTP/1.1\r\nHost: a\r\n\r\n', `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: a\r\n\r\n`, 'G\u00e9T / HTTP/1.1\r\n\r\n']),
        'malformed request line',
      );
    case 4:
      return whole(
        `GET /v1/meta HTTP/1.1\r\nHost: ${host}\r\n${f.pick(['NoColon\r\n', 'Bad Name: x\r\n', 'X-A : y\r\n', 'X-Nul: a\u0000b\r\n', 'X-CR: a\rb\r\n', ' folded: x\r\n', 'X-Fold: a\r\n continued\r\n', ': empty\r\n'])}\r\n`,
        'malformed header',
      );
    case 5:
      return whole(`GET /v1/meta HTTP/1.1\r\nHost: ${host}\r\n${Array.from({ length: 101 + f.int(200) }, (_, i) => `X-H${i}: v\r\n`).join('')}\r\n`, 'over 100 headers');
    case 6:
      return whole(`GET /v1/meta HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'b'.repeat(17_000 + f.int(50_000))}\r\n\r\n`, 'headers over 16 KiB');
    case 7:
      return whole(
        f.pick([
          `POST /v1/command/fz-raw HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 9\r\nContent-Length: 10\r\n\r\n{"raw":1}`,
          `POST /v1/command/fz-raw HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 9\r\nTransfer-Encoding: chunked\r\n\r\n9\r\n{"raw":1}\r\n0\r\n\r\n`,
          `POST /v1/command/fz-raw HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{"raw":1}\r\n0\r\n\r\n`,
          `POST /v1/command/fz-raw HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n9\r\n{"raw":1}\r\n0\r\n\r\n`,
          `POST /v1/command/fz-raw HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n`,
        ]),
        'lying or conflicting body framing',
      );
    case 8:
      return whole(`GET /v1/meta HTTP/1.1\r\nHost: ${host}\r\n\r\nGET /v1/nope HTTP/1.1\r\nHost: ${host}\r\n\r\n${valid(host)}`, 'three pipelined requests');
    case 9:
      return whole(f.pick(['GET /v1/meta HTTP/1.0\r\n\r\n', `GET http://${host}/v1/meta HTTP/1.1\r\nHost: ${host}\r\n\r\n`, 'GET http://[::1 HTTP/1.1\r\nHost: a\r\n\r\n', 'GET http://a:99999/v1/meta HTTP/1.1\r\nHost: a\r\n\r\n', `OPTIONS * HTTP/1.1\r\nHost: ${host}\r\n\r\n`, `TRACE /v1/meta HTTP/1.1\r\nHost: ${host}\r\n\r\n`, `CONNECT ${host} HTTP/1.1\r\nHost: ${host}\r\n\r\n`]), 'HTTP/1.0, absolute-form, asterisk-form, TRACE or CONNECT');
    case 10:
      return whole(`POST /v1/command/fz-raw HTTP/1.1\r\nHost: ${host}\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{"raw":1}`, 'Expect: 100-continue');
    case 11:
      return { chunks: [Buffer.from(`POST /v1/command/fz-raw HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n`), Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d, 0x20])], pauseMs: 0, drop: false, complete: true, what: 'JSON body that is not UTF-8' };
    case 12:
      return whole(`POST /v1/command/fz-raw HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${f.pick(['4\r\n{"ra\r\n5\r\nw":1}\r\n0\r\n\r\n', '100000000\r\nx\r\n', '4\r\n{"ra\r\n'])}`, 'chunked body, whole or cut', false);
    default: {
      const bytes = Buffer.from(`GET /v1/meta HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
      return { chunks: [bytes.subarray(0, 1 + f.int(bytes.length - 1))], pauseMs: 0, drop: f.chance(0.5), complete: false, what: 'headers cut short' };
    }
  }
}

/** Splits whatever came back into responses (content-length or chunked bodies). */
export function parseResponses(bytes: Buffer): RawResponse[] {
  const responses: RawResponse[] = [];
  let at = 0;
  while (at < bytes.length) {
    const end = bytes.indexOf('\r\n\r\n', at);
    if (end < 0) break;
    const [statusLine = '', ...lines] = bytes.subarray(at, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    at = end + 4;
    if (status === 100) continue;
    let body: Buffer;
    if (headers['transfer-encoding'] === 'chunked') {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = bytes.indexOf('\r\n', at);
        if (lineEnd < 0) break;
        const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
        at = lineEnd + 2;
        if (!(size > 0)) {
          at += 2;
          break;
        }
        parts.push(bytes.subarray(at, at + size));
        at += size + 2;
      }
      body = Buffer.concat(parts);
    } else {
      const length = Number(headers['content-length'] ?? 0);
      body = bytes.subarray(at, at + length);
      at += length;
    }
    responses.push({ status, headers, body });
  }
  return responses;
}

/** Sends a raw case; resolves with what came back once the server closes, or after `waitMs`. */
export async function sendRaw(port: number, c: RawCase, waitMs: number): Promise<Buffer> {
  const socket: Socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  const received: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()).once('error', () => resolve()));
  for (const chunk of c.chunks) {
    if (socket.destroyed) break;
    socket.write(chunk);
    if (c.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, c.pauseMs));
  }
  if (c.drop) {
    socket.destroy();
    return Buffer.alloc(0);
  }
  let timer: NodeJS.Timeout | undefined;
  const expected = c.chunks.map((chunk) => chunk.toString('latin1')).join('').split(/\r\n\r\n(?=[A-Z]+ )/).length;
  // Done when the server closes, when every pipelined request has its answer, or at waitMs.
  await Promise.race([
    closed,
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs);
      socket.on('data', () => {
        if (parseResponses(Buffer.concat(received)).length >= expected) resolve();
      });
    }),
  ]);
  clearTimeout(timer);
  socket.destroy();
  return Buffer.concat(received);
}

/** A connection that sends part of its headers and then nothing: the server must close it (408). */
export function stall(port: number): { closed: Promise<Buffer> } {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  const received: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  socket.once('connect', () => socket.write('POST /v1/command/fz-raw HTTP/1.1\r\nHost: a\r\nX-Slow: '));
  return { closed: new Promise((resolve) => socket.once('close', () => resolve(Buffer.concat(received)))) };
}
