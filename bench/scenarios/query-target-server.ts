/**
 * The query target for the query benchmarks: a minimal node:http server that reads the whole
 * request body and answers every request 200 with the same 1 KiB JSON body. Run as its own
 * process (so it can be pinned); prints {"port":N} on stdout once listening; exits on SIGTERM.
 * Started by query-common.ts (startTarget).
 */
import { createServer } from 'node:http';
import { jsonOfSize } from '../lib/payloads.js';

const body = Buffer.from(jsonOfSize(1_024, { item: 42, name: 'bench-target', price: 1999 }));
const headers = { 'content-type': 'application/json', 'content-length': String(body.byteLength) };

const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, headers);
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0 })}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
