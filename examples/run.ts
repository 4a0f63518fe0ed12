/**
 * Starts the example: the orders service (Python) and the shipping service (Node), each with its
 * own Outrigger sidecar, both sidecars on one embedded broker file. `npm run example` builds
 * first; then `node examples/run.ts` is the one command. Ctrl-C stops everything.
 *
 * Ports: the orders service 8081 (sidecar 7710-7712), the shipping service 8082 (sidecar
 * 7720-7722). EXAMPLE_FREE_PORTS=1 picks free ones instead (the e2e test does); the first line
 * on stdout is then a JSON object with every address. PYTHON names the Python (python3).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = join(root, 'dist/src/main.js');
if (!existsSync(entry)) {
  console.error('dist/src/main.js is missing: run npm run example (it builds first), or npm run build');
  process.exit(2);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const free = process.env['EXAMPLE_FREE_PORTS'] === '1';
const port = async (fixed: number): Promise<number> => (free ? freePort() : fixed);
const [ordersPort, shippingPort] = [await port(8081), await port(8082)];
const sidecarPorts = { orders: [await port(7710), await port(7711), await port(7712)], shipping: [await port(7720), await port(7721), await port(7722)] };
const dataDir = mkdtempSync(join(tmpdir(), 'outrigger-example-'));
// One token per run: each app and its sidecar share it, nothing else can call the APIs.
const token = randomBytes(16).toString('hex');
const children: Array<{ name: string; child: ChildProcess }> = [];

function start(name: string, command: string, args: string[], env: Record<string, string>): void {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env, NODE_ENV: 'development' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk: Buffer): void => {
    for (const line of chunk.toString().split('\n')) if (line.trim() !== '') process.stderr.write(`[${name}] ${line}\n`);
  };
  child.stdout!.on('data', prefix);
  child.stderr!.on('data', prefix);
  child.once('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`[${name}] exited (${code ?? signal}); stopping the example\n`);
      void stop(1);
    }
  });
  children.push({ name, child });
}

function sidecarEnv(service: 'orders' | 'shipping', appPort: number): Record<string, string> {
  const [http, grpc, admin] = sidecarPorts[service];
  return {
    OUTRIGGER_HTTP_ADDR: `127.0.0.1:${http}`,
    OUTRIGGER_GRPC_ADDR: `127.0.0.1:${grpc}`,
    OUTRIGGER_ADMIN_ADDR: `127.0.0.1:${admin}`,
    OUTRIGGER_DATA_DIR: dataDir,
    OUTRIGGER_APP_URL: `http://127.0.0.1:${appPort}`,
    OUTRIGGER_API_TOKEN: token,
    OUTRIGGER_LOG_LEVEL: 'warn',
    SHIPPING_URL: `http://127.0.0.1:${shippingPort}`,
  };
}

const appEnv = (service: 'orders' | 'shipping', appPort: number): Record<string, string> => ({
  PORT: String(appPort),
  OUTRIGGER_URL: `http://127.0.0.1:${sidecarPorts[service][0]}`,
  OUTRIGGER_API_TOKEN: token,
});

async function waitFor(url: string, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not come up at ${url}`);
}

let stopping = false;
async function stop(code: number): Promise<never> {
  stopping = true;
  // Apps first, then their sidecars: the order a native sidecar gets in Kubernetes.
  for (const group of [children.filter((c) => !c.name.endsWith('sidecar')), children.filter((c) => c.name.endsWith('sidecar'))]) {
    await Promise.all(group.map(({ child }) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill('SIGTERM'))))));
  }
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

start('orders', process.env['PYTHON'] ?? 'python3', ['examples/orders/app.py'], appEnv('orders', ordersPort));
start('shipping', process.execPath, ['examples/shipping/app.ts'], appEnv('shipping', shippingPort));
start('orders sidecar', process.execPath, [entry, '--config', 'examples/orders/outrigger.yaml'], sidecarEnv('orders', ordersPort));
start('shipping sidecar', process.execPath, [entry, '--config', 'examples/shipping/outrigger.yaml'], sidecarEnv('shipping', shippingPort));

try {
  await Promise.all([
    waitFor(`http://127.0.0.1:${ordersPort}/healthz`, 'the orders service'),
    waitFor(`http://127.0.0.1:${shippingPort}/healthz`, 'the shipping service'),
    waitFor(`http://127.0.0.1:${sidecarPorts.orders[2]}/readyz`, "the orders service's sidecar"),
    waitFor(`http://127.0.0.1:${sidecarPorts.shipping[2]}/readyz`, "the shipping service's sidecar"),
  ]);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  await stop(1);
}

const addresses = {
  orders: `http://127.0.0.1:${ordersPort}`,
  shipping: `http://127.0.0.1:${shippingPort}`,
  ordersSidecar: `http://127.0.0.1:${sidecarPorts.orders[0]}`,
  shippingSidecar: `http://127.0.0.1:${sidecarPorts.shipping[0]}`,
  token,
};
if (free) console.log(JSON.stringify(addresses));
console.log(`
The example is running (Ctrl-C stops it). Place an order, then watch its status change:

  curl -s ${addresses.orders}/orders -d '{"items":[{"sku":"A-1","qty":2}],"zone":"eu"}'
  curl -s ${addresses.orders}/orders/<id from above>
  curl -s ${addresses.shipping}/stats

Or talk to a sidecar with the CLI:
  OUTRIGGER_HTTP_ADDR=${addresses.ordersSidecar.replace('http://', '')} OUTRIGGER_API_TOKEN=${token} npx outrigger tail shipment-log
`);
