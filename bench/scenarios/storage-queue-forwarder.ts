/**
 * The floor for the Storage Queues send comparison (run-storage-queue.ts): the least a Node.js
 * sidecar does to turn `POST /v1/command/{queue}` into a stored message. A node:http server reads
 * the body whole, wraps it in the driver's own CloudEvents envelope (envelope.ts, so Azurite
 * stores the same bytes as on the other paths), makes one `sendMessage` with the driver's
 * pipeline options (the SDK's retry off, as in clients.ts) and answers 202 {"id"}. Nothing else:
 * no header checks, resilience policy, admission, metrics or trace context. Outrigger against it
 * is the cost of Outrigger's own code; it against the SDK alone is the cost of the HTTP hop.
 *   node storage-queue-forwarder.js <connection string> <queue>   (prints {"port":N}; exits on SIGTERM)
 */
import { randomUUID } from 'node:crypto';
import { QueueServiceClient } from '@azure/storage-queue';
import { encodeText, toEnvelope } from '../../src/drivers/azure-storage-queue/envelope.js';
import { serveUntilSigterm } from '../lib/serve.js';

const [connectionString, queue] = process.argv.slice(2);
if (connectionString === undefined || queue === undefined) throw new Error('usage: storage-queue-forwarder <connection string> <queue>');
const client = QueueServiceClient.fromConnectionString(connectionString, { retryOptions: { maxTries: 1, tryTimeoutInMs: 30_000 } }).getQueueClient(queue);

serveUntilSigterm((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const id = randomUUID();
    const headers = { 'content-type': req.headers['content-type'] ?? 'application/json', 'ce-type': String(req.headers['ce-type'] ?? 'Bench'), 'ce-source': 'bench', 'ce-specversion': '1.0' };
    const text = encodeText(toEnvelope({ id, headers, data: Buffer.concat(chunks) }), 'base64');
    client.sendMessage(text, { messageTimeToLive: -1 }).then(
      () => {
        const body = JSON.stringify({ id });
        res.writeHead(202, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      },
      (err: unknown) => res.writeHead(503).end(String(err)),
    );
  });
}, 0);
