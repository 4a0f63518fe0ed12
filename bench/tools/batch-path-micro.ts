/**
 * In-process micro-benchmark of the batched publish path: the HTTP route for
 * POST /v1/publish/{topic}/batch, run as the server runs it (body read from a stream in socket-sized
 * chunks, JSON parse, the CloudEvents and strict-input checks, the service layer's message
 * building, the JSON answer), with a topic whose broker answers at once. No sockets, no driver:
 * what is left is core's own CPU per event, the part the batched broker ratios pay on top of the
 * client used directly. Usage (after `npm run build`):
 *   node dist/bench/tools/batch-path-micro.js [batches=3000] [size=100]
 * Prints µs of CPU (user + system) per event and per phase, best of three rounds.
 */
import { Readable } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fromStructured, toHeaders } from '../../src/core/cloudevents.js';
import { Interactions } from '../../src/core/interactions.js';
import { checkDeclaredJson } from '../../src/core/service/strict-input.js';
import { publishRoutes } from '../../src/api/http/routes/publish.js';
import type { ApiContext } from '../../src/api/http/context.js';
import type { OutboundMessage, SendReceipt } from '../../src/kernel/messages.js';
import { batchFactory } from '../lib/payloads.js';

const batches = Number(process.argv[2] ?? 3000);
const size = Number(process.argv[3] ?? 100);
const chunkBytes = 16 * 1024;

const bodyOf = batchFactory(size, 256, 'micro');

const topic = {
  broker: 'bench',
  entity: 'ledger',
  driver: { kind: 'bench', capabilities: { maxMessageBytes: 1024 * 1024 } },
  ops: {
    publish: (_entity: string, messages: OutboundMessage[]): Promise<SendReceipt[]> => Promise.resolve(messages.map((m) => ({ id: m.id, duplicate: false }))),
  },
};
const resources = { prepareTopic: () => Promise.resolve(topic) };
const interactions = new Interactions(
  { app: { id: 'micro' } } as never,
  resources as never,
  new Map(),
  { state: () => 'running', added: () => [] },
  {} as never,
  new AbortController().signal,
  { metrics: {}, logger: {}, handedBack: {} } as never,
);
const api = { interactions, server: { maxBodyBytes: 16 * 1024 * 1024 } } as unknown as ApiContext;
const route = publishRoutes.find((r) => r.interaction === 'publish_batch')!;

function request(body: Buffer): IncomingMessage {
  const chunks: Buffer[] = [];
  for (let at = 0; at < body.length; at += chunkBytes) chunks.push(body.subarray(at, at + chunkBytes));
  const req = Readable.from(chunks, { objectMode: false }) as unknown as IncomingMessage;
  (req as { headers: Record<string, string> }).headers = { 'content-type': 'application/cloudevents-batch+json', 'content-length': String(body.length) };
  return req;
}

let answered = 0;
const res = {
  writeHead(status: number) {
    if (status !== 202) throw new Error(`answered ${status}`);
    return res;
  },
  end(payload: string) {
    answered += payload.length > 0 ? 1 : 0;
  },
} as unknown as ServerResponse;

const signal = new AbortController().signal;

async function routeRound(): Promise<void> {
  for (let b = 0; b < batches; b++) {
    const body = Buffer.from(bodyOf(b));
    await route.handle({ req: request(body), res, name: 'ledger', api, signal } as never);
  }
}

/** The phases apart, on bodies already in memory: where the per-event time goes. */
function phases(): Record<string, number> {
  const bodies = Array.from({ length: 50 }, (_, b) => Buffer.from(bodyOf(b)));
  const time = (run: () => void): number => {
    const start = process.cpuUsage();
    for (let round = 0; round < batches / 50; round++) run();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / (batches * size);
  };
  const parsed = bodies.map((body) => JSON.parse(body.toString('utf8')) as unknown[]);
  const events = parsed.map((entries) => entries.map((entry, i) => fromStructured(entry, i)));
  return {
    'JSON.parse': time(() => bodies.forEach((body) => JSON.parse(body.toString('utf8')))),
    fromStructured: time(() => parsed.forEach((entries) => entries.forEach((entry, i) => fromStructured(entry, i)))),
    checkDeclaredJson: time(() => events.forEach((list) => list.forEach((e, i) => checkDeclaredJson(e.datacontenttype, e.data, `entry ${i}: `, { index: i })))),
    toHeaders: time(() => events.forEach((list) => list.forEach((e) => toHeaders(e)))),
  };
}

async function measure(): Promise<number> {
  const start = process.cpuUsage();
  await routeRound();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / (batches * size);
}

await measure(); // warm-up: the JIT compiles the path
const rounds = [await measure(), await measure(), await measure()];
const best = Math.min(...rounds);
console.log(`route, ${size} events per batch, ${batches} batches, ${answered} answers: ${best.toFixed(2)} µs CPU per event (rounds ${rounds.map((r) => r.toFixed(2)).join(', ')})`);
for (const [phase, us] of Object.entries(phases())) console.log(`  ${phase}: ${us.toFixed(2)} µs per event`);
