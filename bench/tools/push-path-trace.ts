/**
 * How many group commits (each one fdatasync with durability fsync) stand between a publish to a
 * topic with a push subscription and the pump holding the message, in process, without HTTP:
 * publishes open loop at `rate`/s while a receive loop shaped like the push pump (up to 64 in
 * flight, `continuous`) receives and acks each delivery after one event-loop turn (the app).
 * Prints, per delivery, publish→received latency and the commits that began after the publish
 * was answered and before the receive returned (0: the claim shared the publish's commit).
 * Usage (after `npm run build`, under `flock /work/bench.lock`):
 *   node dist/bench/tools/push-path-trace.js [seconds=10] [rate=1000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InboxRef } from '../../src/drivers/contract.js';
import { EmbeddedDriver } from '../../src/drivers/embedded/driver.js';
import { Histogram } from '../lib/histogram.js';

const [secondsText = '10', rateText = '1000'] = process.argv.slice(2);
const total = Number(secondsText) * Number(rateText);
const intervalNs = 1e9 / Number(rateText);
const body = Buffer.alloc(1024, 0x61);
const dir = mkdtempSync(join(tmpdir(), 'outrigger-trace-'));
const driver = new EmbeddedDriver({ name: 'trace', dataDir: dir, settings: { file: join(dir, 'trace.db') } });
await driver.connect();
const ref: InboxRef = { kind: 'subscription', topic: 'orders', subscription: 'push' };
await driver.topics.ensureSubscription('orders', 'push', { maxDeliveries: 10, leaseMs: 30_000, dedupWindowMs: 600_000 });

const sent = new Map<string, { startNs: bigint; commitsAtAnswer: number | undefined }>();
const latency = new Histogram();
const publishLatency = new Histogram();
const commitsBetween = new Map<number, number>();
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
    const nowCommits = commits();
    for (const delivery of batch) {
      const entry = sent.get(delivery.id);
      if (entry !== undefined) {
        latency.record(Number(nowNs - entry.startNs) / 1_000);
        const between = entry.commitsAtAnswer === undefined ? -1 : nowCommits - entry.commitsAtAnswer;
        commitsBetween.set(between, (commitsBetween.get(between) ?? 0) + 1);
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
    const entry = { startNs: process.hrtime.bigint(), commitsAtAnswer: undefined as number | undefined };
    sent.set(id, entry);
    void driver.topics.publish('orders', [{ id, headers: { 'ce-id': id, 'ce-type': 'bench' }, data: body }]).then(() => {
      entry.commitsAtAnswer = commits();
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
console.log(`commits ${commits() - commits0} for ${total} messages; commits begun between the publish's answer and the receive:`);
for (const [n, count] of [...commitsBetween].sort((a, b) => a[0] - b[0])) console.log(`  ${n === -1 ? 'received before the publish was answered' : n}: ${count}`);
await driver.close();
rmSync(dir, { recursive: true, force: true });
