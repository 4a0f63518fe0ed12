/**
 * References for the query benchmarks: the least a Node.js reverse proxy does — node:http server,
 * a keep-alive client pool to the target (100 connections, as Outrigger's default bulkhead),
 * hop-by-hop headers dropped — and nothing else: no policies, no metrics, no trace context, no
 * path checks. They show which part of Outrigger's cost is Node's own floor on this machine.
 * Modes (second argument):
 *   buffer       undici; request body read whole first (as Outrigger keeps bodies up to 64 KiB
 *                for retries), response body streamed back (as Outrigger does) — the default
 *   stream       undici; request and response bodies both streamed
 *   buffer-both  undici; both bodies read whole
 *   node-http    node:http client with a keep-alive Agent, both bodies piped
 *   local        no upstream at all: answers 200 with 1 KiB itself (the node:http server floor)
 * Run as its own process by query-common.ts:
 *   node query-node-proxy.js <target origin> [mode]   (prints {"port":N} once listening; exits on SIGTERM)
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Pool, type Dispatcher } from 'undici';
import { jsonOfSize } from '../lib/payloads.js';
import { serveUntilSigterm } from '../lib/serve.js';
import { proxyModes, type ProxyMode } from './query-common.js';

const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'expect']);

function forwardable(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !hopByHop.has(name)) out[name] = value;
  return out;
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function handler(upstream: string, mode: ProxyMode): (req: IncomingMessage, res: ServerResponse) => void {
  if (mode === 'local') {
    const body = Buffer.from(jsonOfSize(1_024, { item: 42, name: 'bench-target', price: 1999 }));
    return (req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.byteLength) }).end(body));
    };
  }
  if (mode === 'node-http') {
    const target = new URL(upstream);
    const agent = new Agent({ keepAlive: true, maxSockets: 100 });
    return (req, res) => {
      const out = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: forwardable(req.headers), agent }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
        answer.pipe(res);
      });
      out.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
      req.pipe(out);
    };
  }
  const pool = new Pool(upstream, { connections: 100, pipelining: 1, keepAliveTimeout: 30_000 });
  return (req, res) => {
    const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    const run = async (): Promise<void> => {
      const body = !hasBody ? null : mode === 'stream' ? req : await readAll(req);
      const answer = await pool.request({ method: (req.method ?? 'GET') as Dispatcher.HttpMethod, path: req.url ?? '/', headers: forwardable(req.headers), body });
      if (mode === 'buffer-both') {
        const bytes = Buffer.from(await answer.body.arrayBuffer());
        res.writeHead(answer.statusCode, forwardable(answer.headers)).end(bytes);
        return;
      }
      res.writeHead(answer.statusCode, forwardable(answer.headers));
      await pipeline(answer.body, res);
    };
    run().catch(() => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
  };
}

const [upstream, modeArg = 'buffer'] = process.argv.slice(2);
if (upstream === undefined || !(proxyModes as readonly string[]).includes(modeArg)) throw new Error(`usage: query-node-proxy <target origin> [${proxyModes.join('|')}]`);
serveUntilSigterm(handler(upstream, modeArg as ProxyMode), 0);
