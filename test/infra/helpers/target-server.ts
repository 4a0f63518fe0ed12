/**
 * A real HTTP server for query tests that misbehaves on purpose: answers slowly, with 5xx and
 * Retry-After, resets the connection, or never answers; by default it echoes the request back
 * as JSON. It records every request that reached it, so tests can count them.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { freePort } from './ports.js';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  at: number;
}

export type Behaviour =
  | { kind: 'echo'; status?: number; delayMs?: number }
  | { kind: 'answer'; status: number; headers?: Record<string, string>; body?: string | Buffer; delayMs?: number }
  /** Destroys the connection without answering. */
  | { kind: 'reset' }
  /** Sends the status line and `sent` bytes of a body of `length`, then destroys the connection. */
  | { kind: 'cut'; length: number; sent: number }
  /** Never answers. */
  | { kind: 'hang' };

export interface TargetServer {
  url: string;
  port: number;
  requests: Seen[];
  /** Most requests being handled at once so far. */
  maxConcurrent: number;
  behave: (request: Seen, index: number) => Behaviour;
  close(): Promise<void>;
}

export async function startTargetServer(): Promise<TargetServer> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let active = 0;
  const target: TargetServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: [],
    maxConcurrent: 0,
    behave: () => ({ kind: 'echo' }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), at: Date.now() };
      const index = target.requests.push(seen) - 1;
      active++;
      target.maxConcurrent = Math.max(target.maxConcurrent, active);
      res.once('close', () => active--);
      const behaviour = target.behave(seen, index);
      if (behaviour.kind === 'hang') return;
      if (behaviour.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (behaviour.kind === 'cut') {
        res.writeHead(200, { 'content-length': String(behaviour.length) });
        res.write(Buffer.alloc(behaviour.sent, 97), () => setTimeout(() => req.socket.destroy(), 20));
        return;
      }
      setTimeout(() => {
        if (behaviour.kind === 'echo') {
          const body = JSON.stringify({ method: seen.method, url: seen.url, headers: seen.headers, body: seen.body.toString('base64'), length: seen.body.length });
          res.writeHead(behaviour.status ?? 200, { 'content-type': 'application/json', 'x-echo': 'yes' }).end(body);
        } else {
          res.writeHead(behaviour.status, behaviour.headers ?? {}).end(behaviour.body ?? '');
        }
      }, behaviour.delayMs ?? 0);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return target;
}
