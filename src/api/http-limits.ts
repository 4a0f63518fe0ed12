/**
 * What the HTTP servers (the API and admin) allow a client before any handler runs. Node's
 * defaults leave a request's body unbounded in time and take up to 2,000 headers; a slow or
 * flooding client (slowloris) could then hold connections and memory that apps beside us need.
 */
import type { Server, ServerOptions } from 'node:http';
import type { Duplex } from 'node:stream';

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
 * Applies the limits Node takes as properties, and answers requests it refuses before a handler
 * (headers too large, too slow, malformed) with a status that says which.
 */
export function limitServer(server: Server): Server {
  server.maxHeadersCount = httpLimits.maxHeaders;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) {
      socket.destroy(err);
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  });
  return server;
}
