/**
 * The direct baseline: a minimal node:http server that reads the whole request body and answers
 * 202 with a small JSON id, as a publish would (GET /readyz: 200). Run as its own process (so it can be pinned
 * like the daemon); prints {"port":N} on stdout once listening; exits on SIGTERM.
 */
import { randomUUID } from 'node:crypto';
import { serveUntilSigterm } from './serve.js';

// A server written as an ES module imports node:http, and that import loads Node's bundled undici
// with http2 and zlib (it reads every export, WebSocket among them): issue 18's bare server, the
// default. `commonjs` as the second argument leaves them out, as require('node:http') does.
if (process.argv[3] !== 'commonjs') await import('node:http');

serveUntilSigterm((req, res) => {
  if (req.method === 'GET' && req.url === '/readyz') {
    res.writeHead(200).end();
    return;
  }
  req.on('data', () => {});
  req.on('end', () => {
    const body = JSON.stringify({ id: randomUUID() });
    res.writeHead(202, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}, Number(process.argv[2] ?? 0));
