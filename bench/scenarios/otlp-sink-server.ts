/**
 * The collector for the tracing benchmark: takes OTLP/HTTP export requests on /v1/traces, reads
 * and drops the body, answers 200 with an empty ExportTraceServiceResponse, and counts the bytes
 * (GET /count answers them). Run as its own process, like the query target; started by
 * tracing-cost.ts.
 */
import { serveUntilSigterm } from '../lib/serve.js';

let requests = 0;
let bytes = 0;

serveUntilSigterm((req, res) => {
  req.on('data', (chunk: Buffer) => (bytes += chunk.length));
  req.on('end', () => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ requests, bytes }));
      return;
    }
    requests++;
    res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
  });
}, Number(process.argv[2] ?? 0));
