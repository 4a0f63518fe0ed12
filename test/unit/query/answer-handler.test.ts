import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAttempt, type DispatchOptions } from '../../../src/core/query/answer-handler.js';

const big = Buffer.alloc(200_000, 'b');

function serve(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const sent = Buffer.concat(chunks);
    switch (req.url) {
      case '/small':
        res.writeHead(201, { 'content-type': 'text/plain', 'content-length': '5', 'x-echo': sent.toString() || 'none' }).end('hello');
        return;
      case '/big':
        res.writeHead(200, { 'content-length': String(big.length) }).end(big);
        return;
      case '/chunked':
        res.writeHead(200);
        res.write('a');
        setTimeout(() => res.end('b'), 5);
        return;
      case '/cut':
        res.writeHead(200, { 'content-length': '100' });
        res.write('only part');
        setTimeout(() => res.socket?.destroy(), 5);
        return;
      case '/hang':
        return;
      default:
        res.writeHead(404).end();
    }
  });
}

describe('query - one attempt dispatched with our own handler', () => {
  let server: Server;
  let pool: Pool;
  const sockets = new Set<Socket>();
  let connections = 0;

  beforeAll(async () => {
    server = createServer(serve);
    server.on('connection', (socket: Socket) => {
      connections++;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1 });
  });

  afterAll(async () => {
    await pool.destroy();
    for (const socket of sockets) socket.destroy();
    server.close();
  });

  const options = (path: string, extra: Partial<DispatchOptions> = {}): DispatchOptions => ({
    method: 'POST',
    path,
    headers: {},
    body: null,
    signal: new AbortController().signal,
    wholeBytes: 64 * 1024,
    ...extra,
  });

  it('reads an answer of known small length whole, with its status and headers, and sends the body', async () => {
    const answer = await dispatchAttempt(pool, options('/small', { body: Buffer.from('ping') }));
    expect(answer.statusCode).toBe(201);
    expect(answer.headers['x-echo']).toBe('ping');
    expect(answer.body).toBeInstanceOf(Buffer);
    expect(answer.body.toString()).toBe('hello');
  });

  it('sends a streamed request body', async () => {
    const answer = await dispatchAttempt(pool, options('/small', { body: Readable.from([Buffer.from('st'), Buffer.from('ream')]) }));
    expect(answer.headers['x-echo']).toBe('stream');
  });

  it('streams an answer over the limit, or of unknown length', async () => {
    for (const [path, expected] of [['/big', big.length], ['/chunked', 2]] as const) {
      const answer = await dispatchAttempt(pool, options(path));
      expect(answer.body).toBeInstanceOf(Readable);
      let size = 0;
      for await (const chunk of answer.body as Readable) size += (chunk as Buffer).length;
      expect(size).toBe(expected);
    }
  });

  it('fails, never a short body, when the target cuts the answer off', async () => {
    await expect(dispatchAttempt(pool, options('/cut'))).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
  });

  it("rejects with the signal's reason, before dispatching or while waiting", async () => {
    const reason = new Error('gone');
    const before = new AbortController();
    before.abort(reason);
    const started = connections;
    await expect(dispatchAttempt(pool, options('/small', { signal: before.signal }))).rejects.toBe(reason);
    expect(connections).toBe(started);

    const during = new AbortController();
    const pending = dispatchAttempt(pool, options('/hang', { signal: during.signal }));
    setTimeout(() => during.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
    // The pool's one connection is free again.
    expect((await dispatchAttempt(pool, options('/small'))).statusCode).toBe(201);
  });

  it('ends a streamed answer with the reason when the signal aborts mid-body', async () => {
    const controller = new AbortController();
    const answer = await dispatchAttempt(pool, options('/big', { signal: controller.signal }));
    const reason = new Error('caller left');
    controller.abort(reason);
    await expect((async () => {
      for await (const chunk of answer.body as Readable) void chunk;
    })()).rejects.toBe(reason);
  });

  it('reads and drops a dumped streamed answer, keeping the connection', async () => {
    const first = await dispatchAttempt(pool, options('/chunked'));
    const before = connections;
    (first.body as Readable & { dump(): void }).dump();
    await once(first.body as Readable, 'end');
    expect((await dispatchAttempt(pool, options('/small'))).statusCode).toBe(201);
    expect(connections).toBe(before);
  });
});
