/**
 * In-process micro-benchmark of the embedded broker: CPU time per operation (process.cpuUsage,
 * user + system, all threads) for the driver calls the daemon makes, without HTTP or gRPC.
 * CPU per operation, not the rate, is the figure to compare on a shared machine; the rate and the
 * commits are printed beside it. Usage (after `npm run build`):
 *   node dist/bench/tools/embedded-micro.js [scenario,...] [count=20000]
 * Scenarios:
 *   publish        32 concurrent single publishes to a topic with one pull subscription (stored)
 *   publish-nosub  the same to a topic without subscriptions
 *   send           32 concurrent single sends to a queue
 *   consume        drains a pre-loaded queue as the Consume stream does: receive up to the free
 *                  credits (256 in flight), one ack per delivery, acks arriving a few per turn
 *   push           publish 32 concurrent to a subscribed topic while a pump (64 in flight)
 *                  receives and acks each delivery; ops = messages published and acked
 * Env: MICRO_DURABILITY=os|fsync (default fsync), MICRO_DIR (default a temp dir).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Delivery, InboxRef, OutboundMessage } from '../../src/drivers/contract.js';
import { EmbeddedDriver } from '../../src/drivers/embedded/driver.js';

const [list = 'publish,publish-nosub,send,consume,push', countText = '20000'] = process.argv.slice(2);
const count = Number(countText);
const durability = process.env.MICRO_DURABILITY ?? 'fsync';

const body = Buffer.alloc(1024, 0x61);
const small = Buffer.alloc(256, 0x62);
let nextId = 0;
function message(data: Uint8Array): OutboundMessage {
  const id = `m-${++nextId}`;
  return {
    id,
    headers: { 'ce-id': id, 'ce-type': 'OrderCreated', 'ce-source': '/bench', 'ce-specversion': '1.0', 'content-type': 'application/json' },
    data,
  };
}

interface Measured {
  ops: number;
  cpuUs: number;
  wallMs: number;
  commits: number;
}

async function measure(driver: EmbeddedDriver, work: () => Promise<number>): Promise<Measured> {
  const commits0 = driver.stats().commits;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const ops = await work();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ops, cpuUs: cpu.user + cpu.system, wallMs, commits: driver.stats().commits - commits0 };
}

async function closedLoop(n: number, workers: number, one: () => Promise<unknown>): Promise<number> {
  let issued = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (issued < n) {
        issued++;
        await one();
      }
    }),
  );
  return n;
}

/** Consume-like: keeps up to `inFlight` unsettled; each delivery is acked a turn or so after it arrives. */
async function drain(driver: EmbeddedDriver, ref: InboxRef, n: number, inFlight: number, onAck?: () => void): Promise<number> {
  let held = 0;
  let acked = 0;
  let wake: (() => void) | undefined;
  const settled = (): void => {
    held--;
    acked++;
    onAck?.();
    const w = wake;
    wake = undefined;
    w?.();
  };
  const ackSoon = (batch: Delivery[]): void => {
    // As acks arrive over a stream: a few per socket read, spread over several turns.
    for (let i = 0; i < batch.length; i += 8) {
      const slice = batch.slice(i, i + 8);
      setImmediate(() => {
        for (const d of slice) void driver.inboxes.ack(ref, d.lease).then(settled);
      });
    }
  };
  while (acked + held < n) {
    if (held >= inFlight) {
      await new Promise<void>((resolve) => (wake = resolve));
      continue;
    }
    const batch = await driver.inboxes.receive(ref, { max: inFlight - held, waitMs: 1000 });
    held += batch.length;
    ackSoon(batch);
  }
  while (acked < n) await new Promise<void>((resolve) => (wake = resolve));
  return n;
}

async function scenario(name: string, driver: EmbeddedDriver): Promise<Measured> {
  switch (name) {
    case 'publish':
      await driver.topics.ensureSubscription('stored', 'pull', { maxDeliveries: 10, leaseMs: 30_000, dedupWindowMs: 600_000 });
      return measure(driver, () => closedLoop(count, 32, () => driver.topics.publish('stored', [message(body)])));
    case 'publish-nosub':
      await driver.topics.ensureTopic('audit');
      return measure(driver, () => closedLoop(count, 32, () => driver.topics.publish('audit', [message(body)])));
    case 'send':
      return measure(driver, () => closedLoop(count, 32, () => driver.queues.send('jobs', [message(small)])));
    case 'consume': {
      const ref: InboxRef = { kind: 'queue', queue: 'work' };
      for (let i = 0; i < count; i += 500) await driver.queues.send('work', Array.from({ length: Math.min(500, count - i) }, () => message(small)));
      return measure(driver, () => drain(driver, ref, count, 256));
    }
    case 'push': {
      await driver.topics.ensureSubscription('orders', 'push', { maxDeliveries: 10, leaseMs: 30_000, dedupWindowMs: 600_000 });
      const ref: InboxRef = { kind: 'subscription', topic: 'orders', subscription: 'push' };
      return measure(driver, async () => {
        await Promise.all([closedLoop(count, 32, () => driver.topics.publish('orders', [message(body)])), drain(driver, ref, count, 64)]);
        return count;
      });
    }
    default:
      throw new Error(`unknown scenario '${name}'`);
  }
}

const dir = process.env.MICRO_DIR ?? mkdtempSync(join(tmpdir(), 'outrigger-micro-'));
console.log(`embedded micro-benchmark: ${count} ops per scenario, durability ${durability}, ${dir}`);
console.log('scenario        ops   CPU µs/op   ops/s (wall)   commits   ops/commit');
for (const name of list.split(',')) {
  const file = join(dir, `${name}.db`);
  const driver = new EmbeddedDriver({ name: 'micro', dataDir: dir, settings: { file, durability } });
  await driver.connect();
  try {
    const m = await scenario(name, driver);
    const line = [
      name.padEnd(14),
      String(m.ops).padStart(6),
      (m.cpuUs / m.ops).toFixed(1).padStart(11),
      Math.round((m.ops / m.wallMs) * 1000).toString().padStart(14),
      String(m.commits).padStart(9),
      (m.ops / Math.max(1, m.commits)).toFixed(1).padStart(12),
    ];
    console.log(line.join(' '));
  } finally {
    await driver.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
}
if (process.env.MICRO_DIR === undefined) rmSync(dir, { recursive: true, force: true });
