/**
 * A stand-in for the daemon, to exercise the harness end to end while the real one is being
 * written: same env variables, /readyz, the publish/batch/command routes answering 202, and
 * push of topic `orders` to the app named in the config. Nothing is stored.
 * Run the bench against it: BENCH_DAEMON=dist/bench/tools/fake-daemon.js npm run bench
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool } from 'undici';

const started = performance.now();
const configFile = process.env.OUTRIGGER_CONFIG;
const appUrl = configFile === undefined ? null : (/url:\s*([^\s,}]+)/.exec(readFileSync(configFile, 'utf8'))?.[1] ?? null);
const app = appUrl === null ? null : new Pool(appUrl, { connections: 64 });

function split(address: string | undefined, fallback: number): [number, string] {
  const [host, port] = (address ?? `127.0.0.1:${fallback}`).split(':');
  return [Number(port), host ?? '127.0.0.1'];
}

function push(body: Buffer): void {
  app
    ?.request({ method: 'POST', path: '/events', body, headers: { 'ce-id': randomUUID(), 'ce-type': 'x', 'ce-source': 'fake', 'ce-specversion': '1.0' } })
    .then((res) => res.body.dump())
    .catch(() => {});
}

function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const url = req.url ?? '/';
  const json = (status: number, value: unknown): void => {
    const text = JSON.stringify(value);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  };
  if (url.endsWith('/batch')) {
    const events = JSON.parse(body.toString('utf8')) as unknown[];
    return json(202, { results: events.map(() => ({ status: 202, id: randomUUID() })) });
  }
  if (url.startsWith('/v1/publish/orders')) push(body);
  if (url.startsWith('/v1/stream/')) return json(202, { id: randomUUID(), partition: 0, offset: 0 });
  if (url.startsWith('/v1/')) return json(202, { id: randomUUID() });
  json(404, { code: 'not_found' });
}

const api = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => handle(req, res, Buffer.concat(chunks)));
});
const admin = createServer((req, res) => res.writeHead(req.url === '/readyz' ? 200 : 404).end());
api.keepAliveTimeout = 60_000;
api.listen(...split(process.env.OUTRIGGER_HTTP_ADDR, 7700), () => {
  admin.listen(...split(process.env.OUTRIGGER_ADMIN_ADDR, 7702), () => {
    if (process.env.OUTRIGGER_LOG_LEVEL === 'info') console.log(JSON.stringify({ level: 30, msg: 'outrigger ready', startupMs: Math.round(performance.now() - started) }));
  });
});
process.on('SIGTERM', () => {
  api.close();
  admin.close();
  api.closeAllConnections();
  void app?.close();
});
