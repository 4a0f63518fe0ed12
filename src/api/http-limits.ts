/**
 * What the HTTP servers (the API and admin) allow a client before any handler runs. Node's
 * defaults leave a request's body unbounded in time and take up to 2,000 headers; a slow or
 * flooding client (slowloris) could then hold connections and memory that apps beside us need.
 */
import type { Server, ServerOptions } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorCatalogue, OutriggerError, type ErrorCode } from '../kernel/errors.js';
import { problemDocument } from '../kernel/problem.js';

export const httpLimits = {
  /** Every header must have arrived within this (from the first byte of the request). */
  headersTimeoutMs: 10_000,
  /** The whole request, body included: a 1 MiB body at a crawl still fits, a trickle does not. */
  requestTimeoutMs: 120_000,
  /** Bytes of the request line and headers together. */
  maxHeaderBytes: 16 * 1024,
  /** Header fields; more is refused (431), as are headers over maxHeaderBytes. */
  maxHeaders: 100,
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: 5_000,
} as const;

export const limitedServerOptions: ServerOptions = {
  keepAlive: true,
  headersTimeout: httpLimits.headersTimeoutMs,
  requestTimeout: httpLimits.requestTimeoutMs,
  maxHeaderSize: httpLimits.maxHeaderBytes,
  keepAliveTimeout: httpLimits.keepAliveTimeoutMs,
};

/**
 * The request's URL. A path is read as a path even when it starts with `//` (resolved against a
 * base, `//x/y` would be a URL of host `x`, and `//` no URL at all); an absolute-form target
 * (`GET http://host/path`) is taken as it came, so one that is not a URL (`http://[::1`, a port
 * over 65535) is the client's error.
 */
export function requestUrl(target: string | undefined, base: string): URL {
  try {
    return target === undefined || target.startsWith('/') ? new URL(`${base}${target ?? '/'}`) : new URL(target, base);
  } catch {
    throw new OutriggerError('bad_request', `the request target '${String(target).slice(0, 200)}' is not a valid URL`);
  }
}

/**
 * Applies the limits Node takes as properties, and answers requests it refuses before a handler
 * (headers too large, too slow, malformed) with a problem document that says which, as every
 * other error of the API is answered.
 */
export function limitServer(server: Server): Server {
  server.maxHeadersCount = httpLimits.maxHeaders;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) {
      socket.destroy(err);
      return;
    }
    socket.end(refusal(err));
  });
  // Without a listener Node drops a CONNECT's connection without a word.
  server.on('connect', (_req: unknown, socket: Duplex) => socket.end(response('method_not_allowed', 'CONNECT is not served here')));
  return server;
}

/** The whole HTTP/1.1 response for a request Node's parser refused. */
function refusal(err: NodeJS.ErrnoException): string {
  const [code, detail]: [ErrorCode, string] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? ['headers_too_large', `the request line and headers are over ${httpLimits.maxHeaderBytes} bytes or ${httpLimits.maxHeaders} fields`]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['request_timeout', `the headers did not arrive within ${httpLimits.headersTimeoutMs} ms, or the request within ${httpLimits.requestTimeoutMs} ms`]
        : ['bad_request', `the request is not valid HTTP/1.1 (${err.code ?? 'parse error'}: ${err.message.split(': ')[0]})`];
  return response(code, detail);
}

function response(code: ErrorCode, detail: string): string {
  const body = JSON.stringify(problemDocument(new OutriggerError(code, detail)));
  const status = errorCatalogue[code].http;
  const reason = { 400: 'Bad Request', 405: 'Method Not Allowed', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' }[status as 400 | 405 | 408 | 431];
  return `HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}
