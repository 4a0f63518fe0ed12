/**
 * How many WAL syncs stand between a publish to a topic with a push subscription and the pump
 * holding the message, in process, without HTTP: publishes open loop at `rate`/s while a receive
 * loop shaped like the push pump (up to 64 in flight, `continuous`) receives and acks each
 * delivery after one event-loop turn (the app). Every fdatasync is counted as it completes (the
 * committer answers only after it), so per delivery: the syncs completed after the publish's own
 * and up to the claim's (0: the claim was in the publish's transaction; 1: in the next one).
 * Usage (after `npm run build`, under `flock /work/bench.lock`):
 *   node dist/bench/tools/push-path-trace.js [seconds=10] [rate=1000]
 */
import fs, { mkdtempSync, rmSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InboxRef } from '../../src/drivers/contract.js';
import { EmbeddedDriver } from '../../src/drivers/embedded/driver.js';
import { Histogram } from '../lib/histogram.js';

let syncs = 0;
const fdatasync = fs.fdatasync;
fs.fdatasync = ((fd: number, done: (err: NodeJS.ErrnoException | null) => void) =>
  fdatasync(fd, (err) => {
    syncs++;
    done(err);
  })) as typeof fs.fdatasync;
syncBuiltinESMExports();

const [secondsText = '10', rateText = '1000'] = process.argv.slice(2);
const total = Number(secondsText) * Number(rateText);
const intervalNs = 1e9 / Number(rateText);
const body = Buffer.alloc(1024, 0x61);
const dir = mkdtempSync(join(tmpdir(), 'outrigger-trace-'));
const driver = new EmbeddedDriver({ name: 'trace', dataDir: dir, settings: { file: join(dir, 'trace.db') } });
await driver.connect();
const ref: InboxRef = { kind: 'subscription', topic: 'orders', subscription: 'push' };
await driver.topics.ensureSubscription('orders', 'push', { maxDeliveries: 10, leaseMs: 30_000, dedupWindowMs: 600_000 });

const sent = new Map<string, { startNs: bigint; syncsAtAnswer: number | undefined }>();
const latency = new Histogram();
const publishLatency = new Histogram();
const syncsBetween = new Map<number, number>();
let received = 0;
const commits = (): number => driver.stats().commits;

async function pump(): Promise<void> {
  let inFlight = 0;
  let freed: (() => void) | undefined;
  while (received < total) {
    if (inFlight >= 64) {
      await new Promise<void>((resolve) => (freed = resolve));
      continue;
    }
    const batch = await driver.inboxes!.receive(ref, { max: 64 - inFlight, waitMs: 1_000, leaseMs: 30_000, continuous: true });
    const nowNs = process.hrtime.bigint();
    const nowSyncs = syncs;
    for (const delivery of batch) {
      const entry = sent.get(delivery.id);
      if (entry !== undefined) {
        latency.record(Number(nowNs - entry.startNs) / 1_000);
        const between = entry.syncsAtAnswer === undefined ? 0 : nowSyncs - entry.syncsAtAnswer;
        syncsBetween.set(between, (syncsBetween.get(between) ?? 0) + 1);
        sent.delete(delivery.id);
      }
      received++;
      inFlight++;
      setImmediate(() => {
        void driver.inboxes!.ack(ref, delivery.lease).finally(() => {
          inFlight--;
          const wake = freed;
          freed = undefined;
          wake?.();
        });
      });
    }
  }
  while (inFlight > 0) await new Promise<void>((resolve) => (freed = resolve));
}

async function publish(): Promise<void> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < total; i++) {
    const due = start + BigInt(Math.round(i * intervalNs));
    while (process.hrtime.bigint() < due) await new Promise((resolve) => setTimeout(resolve, 1));
    const id = `m-${i}`;
    const entry = { startNs: process.hrtime.bigint(), syncsAtAnswer: undefined as number | undefined };
    sent.set(id, entry);
    void driver.topics.publish('orders', [{ id, headers: { 'ce-id': id, 'ce-type': 'bench' }, data: body }]).then(() => {
      entry.syncsAtAnswer = syncs;
      publishLatency.record(Number(process.hrtime.bigint() - entry.startNs) / 1_000);
    });
  }
}

const commits0 = commits();
await Promise.all([pump(), publish()]);
const ms = (us: number): string => (us / 1_000).toFixed(2);
const p = publishLatency.summary();
const l = latency.summary();
console.log(`publish answered  p50 ${ms(p.p50Us)} p99 ${ms(p.p99Us)} p99.9 ${ms(p.p999Us)} ms`);
console.log(`pump holds it     p50 ${ms(l.p50Us)} p99 ${ms(l.p99Us)} p99.9 ${ms(l.p999Us)} ms`);
console.log(`commits ${commits() - commits0} for ${total} messages; syncs after the publish's own until the pump held it:`);
for (const [n, count] of [...syncsBetween].sort((a, b) => a[0] - b[0])) console.log(`  ${n}: ${count}`);
await driver.close();
rmSync(dir, { recursive: true, force: true });
