/**
 * examples/: the orders service (Python) and the shipping service (Node), each with its own
 * sidecar, started by the example's one command, and used as its README says: an order is
 * quoted over request/reply, timed by a direct query, published, shipped by command, and its
 * status comes back through the materialized view built from a stream.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../infra/helpers/ports.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
interface Addresses {
  orders: string;
  shipping: string;
  ordersSidecar: string;
  token: string;
}

let example: ReturnType<typeof spawn>;
let addresses: Addresses;
let output = '';

beforeAll(async () => {
  example = spawn(process.execPath, ['examples/run.ts'], { cwd: root, env: { ...process.env, EXAMPLE_FREE_PORTS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  example.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  addresses = await new Promise<Addresses>((resolve, reject) => {
    let stdout = '';
    example.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0]!;
      if (stdout.includes('\n')) resolve(JSON.parse(line) as Addresses);
    });
    example.once('exit', (code) => reject(new Error(`the example exited with ${code}:\n${output}`)));
  });
}, 60_000);

afterAll(async () => {
  if (example.exitCode === null) {
    example.kill('SIGTERM');
    await once(example, 'exit');
  }
});

async function json<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as T };
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms: ${JSON.stringify(value)}\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

type Order = { id: string; status: string; quote: { carrier: string; price: number }; eta: { days: number }; tracking?: string };

describe('examples - orders (Python) and shipping (Node), each with its sidecar', () => {
  it('example - orders are quoted, timed, published, shipped, and their status comes back through the view', async () => {
    const placed: Order[] = [];
    for (const [zone, qty] of [['eu', 2], ['us', 1], ['eu', 3]] as const) {
      const { status, body } = await json<Order>(`${addresses.orders}/orders`, { method: 'POST', body: JSON.stringify({ items: [{ sku: 'A-1', qty }], zone }) });
      expect(status, output).toBe(201);
      placed.push(body);
    }
    expect(placed.map((o) => o.quote)).toEqual([
      { carrier: 'PostNord', price: 5, currency: 'EUR' },
      { carrier: 'UPS', price: 4, currency: 'EUR' },
      { carrier: 'PostNord', price: 7.5, currency: 'EUR' },
    ]);
    expect(placed.map((o) => o.eta.days)).toEqual([2, 5, 2]);
    for (const order of placed) {
      const view = await eventually(async () => (await json<Order>(`${addresses.orders}/orders/${order.id}`)).body, (o) => o.status === 'dispatched');
      expect(view).toMatchObject({ id: order.id, carrier: order.quote.carrier, tracking: expect.stringMatching(/^TRK-/) });
    }
    const stats = await eventually(async () => (await json<Record<string, number>>(`${addresses.shipping}/stats`)).body, (s) => s['placedSeen'] === 3);
    expect(stats).toEqual({ quotes: 3, placedSeen: 3, otherEventsSeen: 0, shipped: 3 });
  });

  it('example - a second orders service started later rebuilds the view from the stream', async () => {
    const { body: order } = await json<Order>(`${addresses.orders}/orders`, { method: 'POST', body: JSON.stringify({ items: [{ sku: 'B-2' }], zone: 'us' }) });
    await eventually(async () => (await json<Order>(`${addresses.orders}/orders/${order.id}`)).body, (o) => o.status === 'dispatched');
    const port = await freePort();
    const second = spawn(process.env['PYTHON'] ?? 'python3', ['examples/orders/app.py'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), OUTRIGGER_URL: addresses.ordersSidecar, OUTRIGGER_API_TOKEN: addresses.token },
      stdio: 'ignore',
    });
    try {
      const view = await eventually(
        async () => fetch(`http://127.0.0.1:${port}/orders/${order.id}`).then(async (r) => (r.ok ? ((await r.json()) as Order) : null), () => null),
        (o) => o?.status === 'dispatched',
      );
      expect(view).toMatchObject({ id: order.id, carrier: 'UPS', tracking: expect.stringMatching(/^TRK-/) });
    } finally {
      second.kill('SIGTERM');
      await once(second, 'exit');
    }
  });

  it('example - the shipping service\'s filter keeps other order events away from it', async () => {
    const response = await fetch(`${addresses.ordersSidecar}/v1/publish/orders`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json', 'ce-type': 'OrderCancelled', authorization: `Bearer ${addresses.token}` },
    });
    expect(response.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await json<Record<string, number>>(`${addresses.shipping}/stats`)).body['otherEventsSeen']).toBe(0);
  });

  it('example - the sidecars want the token: without it, 401', async () => {
    expect((await fetch(`${addresses.ordersSidecar}/v1/meta`)).status).toBe(401);
  });

  it('example - Ctrl-C (SIGINT) stops the apps, then the sidecars, and the example exits 0', async () => {
    example.kill('SIGINT');
    const [code] = (await once(example, 'exit')) as [number | null];
    expect(code).toBe(0);
  }, 30_000);
});
