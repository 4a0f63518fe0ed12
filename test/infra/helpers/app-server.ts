/** A real HTTP app for push deliveries: records each request and answers as the test says. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { freePort } from './ports.js';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** The requests the app received on `path` for the message `id` (its ce-id). */
export function deliveriesOf(path: string, id: string): (received: Received[]) => Received[] {
  return (received) => received.filter((r) => r.path === path && r.headers['ce-id'] === id);
}

export type Answer = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number };

export interface TestApp {
  url: string;
  port: number;
  received: Received[];
  /** Decides the answer to each request; default 200. */
  respond: (request: Received) => Answer | Promise<Answer>;
  waitFor(predicate: (received: Received[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
  server: Server;
}

export async function startApp(port?: number): Promise<TestApp> {
  const listenPort = port ?? (await freePort());
  const app: TestApp = {
    url: `http://127.0.0.1:${listenPort}`,
    port: listenPort,
    received: [],
    respond: () => ({ status: 200 }),
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(app.received)) {
        if (Date.now() > deadline) throw new Error(`app condition not met within ${timeoutMs} ms; received ${app.received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        app.server.closeAllConnections();
        app.server.close(() => resolve());
      }),
    server: createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request: Received = { path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString(), at: Date.now() };
        app.received.push(request);
        void Promise.resolve(app.respond(request)).then(async (answer) => {
          if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
          res.writeHead(answer.status, answer.headers ?? {}).end(answer.body ?? '');
        });
      });
    }),
  };
  await new Promise<void>((resolve) => app.server.listen(listenPort, '127.0.0.1', resolve));
  return app;
}
