/**
 * The shipping service: Node, no dependencies, talking to its Outrigger sidecar over HTTP.
 *
 * POST /rpc/quote            a query served over the quote-requests queue (request/reply)
 * GET  /eta?zone=            a direct query from the orders service
 * POST /commands/ship        a command from the shipments queue: dispatch, then record it in the
 *                            shipment-log stream (the orders service's view is built from it)
 * POST /events/order-placed  OrderPlaced events only (the subscription's filter)
 * GET  /stats                what this instance has seen
 *
 * Environment: PORT (8082), OUTRIGGER_URL (http://127.0.0.1:7700), OUTRIGGER_API_TOKEN (optional).
 * Runs on Node 24 as it is (types are stripped): node examples/shipping/app.ts
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

const sidecar = process.env['OUTRIGGER_URL'] ?? 'http://127.0.0.1:7700';
const token = process.env['OUTRIGGER_API_TOKEN'] ?? '';
const stats = { quotes: 0, placedSeen: 0, otherEventsSeen: 0, shipped: 0 };
/** Shipped order ids: a command delivered again (after a lost ack) is not shipped twice. */
const shipped = new Map<string, string>();

const rates: Record<string, { carrier: string; perItem: number; days: number }> = {
  eu: { carrier: 'PostNord', perItem: 2.5, days: 2 },
  us: { carrier: 'UPS', perItem: 4, days: 5 },
};

async function call(method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(sidecar + path, {
    method,
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`sidecar answered ${response.status}: ${text}`);
  return text === '' ? null : JSON.parse(text);
}

async function ship(command: { orderId: string; carrier: string }): Promise<void> {
  const tracking = shipped.get(command.orderId) ?? `TRK-${randomUUID().slice(0, 8).toUpperCase()}`;
  shipped.set(command.orderId, tracking);
  // The partition key keeps one order's events in order; the idempotency key makes a repeat harmless.
  await call('POST', '/v1/stream/shipment-log', { orderId: command.orderId, status: 'dispatched', carrier: command.carrier, tracking }, {
    'ce-type': 'ShipmentDispatched',
    'outrigger-partition-key': command.orderId,
  });
  stats.shipped = shipped.size;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = chunks.length === 0 ? null : JSON.parse(Buffer.concat(chunks).toString());
  const answer = (status: number, value: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  };
  if (req.method === 'POST' && url.pathname === '/rpc/quote') {
    const rate = rates[body.zone] ?? rates['eu']!;
    const count = (body.items as Array<{ qty?: number }>).reduce((sum, item) => sum + (item.qty ?? 1), 0);
    stats.quotes++;
    return answer(200, { carrier: rate.carrier, price: Math.round(count * rate.perItem * 100) / 100, currency: 'EUR' });
  }
  if (req.method === 'GET' && url.pathname === '/eta') {
    return answer(200, { days: (rates[url.searchParams.get('zone') ?? 'eu'] ?? rates['eu']!).days });
  }
  if (req.method === 'POST' && url.pathname === '/commands/ship') {
    await ship(body);
    return answer(200, {});
  }
  if (req.method === 'POST' && url.pathname === '/events/order-placed') {
    // The filter is the sidecar's: anything but OrderPlaced here would be a bug.
    if (req.headers['ce-type'] === 'OrderPlaced') stats.placedSeen++;
    else stats.otherEventsSeen++;
    return answer(200, {});
  }
  if (req.method === 'GET' && url.pathname === '/stats') return answer(200, stats);
  if (req.method === 'GET' && url.pathname === '/healthz') return answer(200, { status: 'ok' });
  answer(404, { error: 'not found' });
}

const server = createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    // 503: the sidecar retries the delivery later rather than dead-lettering it.
    if (!res.headersSent) res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(err) }));
  });
});
server.listen(Number(process.env['PORT'] ?? 8082), '127.0.0.1', () => console.log(`shipping service on http://127.0.0.1:${(server.address() as { port: number }).port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
