/**
 * The query target for the query benchmarks: a minimal node:http server that reads the whole
 * request body and answers every request 200 with the same 1 KiB JSON body. Run as its own
 * process (so it can be pinned); prints {"port":N} on stdout once listening; exits on SIGTERM.
 * Started by query-common.ts (startTarget).
 */
import { jsonOfSize } from '../lib/payloads.js';
import { serveUntilSigterm } from '../lib/serve.js';

const body = Buffer.from(jsonOfSize(1_024, { item: 42, name: 'bench-target', price: 1999 }));
const headers = { 'content-type': 'application/json', 'content-length': String(body.byteLength) };

serveUntilSigterm((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, headers);
    res.end(body);
  });
}, Number(process.argv[2] ?? 0));
