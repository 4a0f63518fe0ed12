/** What only the embedded broker promises: group commit, a file shared by connections, lifecycle. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutriggerError } from '../../src/kernel/errors.js';
import type { InboxRef, OutboundMessage } from '../../src/drivers/contract.js';
import { createEmbeddedDriver } from '../../src/drivers/embedded/index.js';
import { bytes, type TempBroker, tempBroker } from './embedded-support.js';
import { expectCode, sleep } from './support.js';

const msg = (n: number, fields: Partial<OutboundMessage> = {}): OutboundMessage => ({ id: `m${n}`, headers: {}, data: bytes(`message ${n}`), ...fields });
const queue = (name: string): InboxRef => ({ kind: 'queue', queue: name });

let broker: TempBroker;
beforeEach(async () => {
  broker = await tempBroker();
});
afterEach(async () => {
  await broker.cleanup();
});

describe('embedded group commit', () => {
  it('group commit - concurrent sends issued in one turn are written in one transaction', async () => {
    const driver = await broker.open();
    const before = driver.stats();
    const receipts = await Promise.all(Array.from({ length: 50 }, (_, n) => driver.queues.send('orders', [msg(n)])));
    const after = driver.stats();
    expect(after.commits - before.commits).toBe(1);
    expect(after.operations - before.operations).toBe(50);
    expect(receipts.flat().map((r) => r.id)).toEqual(Array.from({ length: 50 }, (_, n) => `m${n}`));
    const got = await driver.inboxes.receive(queue('orders'), { max: 100, waitMs: 0 });
    expect(got.map((d) => d.id)).toEqual(Array.from({ length: 50 }, (_, n) => `m${n}`));
  });

  it('group commit - sends, publishes and appends of one turn share a transaction; writes of later turns get their own', async () => {
    const driver = await broker.open();
    const before = driver.stats().commits;
    await Promise.all([driver.queues.send('q', [msg(1)]), driver.topics.publish('t', [msg(2)]), driver.streams.append('s', [msg(3)])]);
    expect(driver.stats().commits - before).toBe(1);
    await driver.queues.send('q', [msg(4)]);
    await driver.queues.send('q', [msg(5)]);
    expect(driver.stats().commits - before).toBe(3);
  });

  it('group commit - a call refused inside the batch fails alone; the others commit', async () => {
    const driver = await broker.open();
    await driver.streams.ensureStream('s', { partitions: 2, retentionMs: 60_000 });
    const before = driver.stats().commits;
    const [sent, appended] = await Promise.allSettled([
      driver.queues.send('q', [msg(1)]),
      driver.streams.append('s', [msg(2, {}), { ...msg(3), partition: 7 }]),
    ]);
    expect(driver.stats().commits - before).toBe(1);
    expect(sent.status).toBe('fulfilled');
    expect(appended.status === 'rejected' && (appended.reason as OutriggerError).code).toBe('bad_request');
    expect((await driver.streams.partitions('s')).map((p) => p.nextOffset)).toEqual([0, 0]);
    expect(await driver.inboxes.depth(queue('q'))).toMatchObject({ ready: 1 });
  });

  it('group commit - when the file stays locked by another process, every caller in the batch gets broker_unavailable and nothing is written', async () => {
    const driver = await broker.open({ busyTimeoutMs: 50 });
    await driver.queues.ensureQueue('q', { maxDeliveries: 5, leaseMs: 1000, dedupWindowMs: 1000 });
    const other = broker.raw();
    other.exec('BEGIN IMMEDIATE');
    const results = await Promise.allSettled([driver.queues.send('q', [msg(1)]), driver.queues.send('q', [msg(2)]), driver.topics.publish('t', [msg(3)])]);
    other.exec('ROLLBACK');
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const error = (result as PromiseRejectedResult).reason as OutriggerError;
      expect(error).toBeInstanceOf(OutriggerError);
      expect([error.code, error.retriable]).toEqual(['broker_unavailable', true]);
    }
    expect(driver.stats().failedTransactions).toBe(1);
    expect(await driver.inboxes.depth(queue('q'))).toEqual({ ready: 0, inFlight: 0, deadLettered: 0 });
    await driver.queues.send('q', [msg(4)]);
    expect(await driver.inboxes.depth(queue('q'))).toMatchObject({ ready: 1 });
  });

  it('group commit - a write waits for another process\'s lock without blocking the event loop, then commits with later writes', async () => {
    const driver = await broker.open();
    await driver.queues.ensureQueue('q', { maxDeliveries: 5, leaseMs: 1000, dedupWindowMs: 1000 });
    const other = broker.raw();
    other.exec('BEGIN IMMEDIATE');
    const before = driver.stats().commits;
    const first = driver.queues.send('q', [msg(1)]);
    const ticks: number[] = [];
    const started = Date.now();
    const ticker = setInterval(() => ticks.push(Date.now() - started), 10);
    await sleep(50);
    const second = driver.queues.send('q', [msg(2)]);
    await sleep(100);
    clearInterval(ticker);
    other.exec('COMMIT');
    expect((await Promise.all([first, second])).flat().map((r) => r.id)).toEqual(['m1', 'm2']);
    expect(driver.stats().commits - before).toBe(1);
    // The event loop kept running while the write waited: no gap between ticks beyond a few SQLite waits.
    expect(ticks.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...ticks.map((t, i) => t - (ticks[i - 1] ?? 0)))).toBeLessThan(60);
  });

  it('wake-ups - a long-poll receive on this connection wakes right after the commit, not on a timer', async () => {
    const driver = await broker.open();
    await driver.queues.ensureQueue('q', { maxDeliveries: 5, leaseMs: 1000, dedupWindowMs: 1000 });
    const pending = driver.inboxes.receive(queue('q'), { max: 1, waitMs: 5000 });
    await sleep(50);
    await driver.queues.send('q', [msg(1)]);
    const sentAt = Date.now();
    expect((await pending).map((d) => d.id)).toEqual(['m1']);
    expect(Date.now() - sentAt).toBeLessThan(100);
  });
});

describe('embedded shared file', () => {
  it('shared file - a message sent on one connection wakes a long-poll on another connection of this process at once', async () => {
    const sender = await broker.open();
    // A data_version poll this slow could not explain a prompt wake-up.
    const receiver = await broker.open({ pollIntervalMs: 2000 });
    await sender.queues.ensureQueue('q', { maxDeliveries: 5, leaseMs: 1000, dedupWindowMs: 1000 });
    for (let round = 0; round < 3; round++) {
      const pending = receiver.inboxes.receive(queue('q'), { max: 1, waitMs: 5000 });
      await sleep(30);
      await sender.queues.send('q', [msg(round)]);
      const sentAt = Date.now();
      const [delivery] = await pending;
      expect(delivery?.id).toBe(`m${round}`);
      expect(Date.now() - sentAt).toBeLessThan(100);
    }
  });

  it('shared file - a write by another connection wakes a long-poll within 200 ms through data_version', async () => {
    const driver = await broker.open();
    await driver.queues.ensureQueue('q', { maxDeliveries: 5, leaseMs: 1000, dedupWindowMs: 1000 });
    const other = broker.raw();
    const { id: inboxId } = other.prepare('SELECT id FROM inboxes_v1 WHERE name = ?').get('q') as { id: number };
    const pending = driver.inboxes.receive(queue('q'), { max: 1, waitMs: 5000 });
    await sleep(50);
    const now = Date.now();
    other
      .prepare('INSERT INTO messages_v1 (inbox_id, id, enqueued_at, visible_at, headers, data) VALUES (?, ?, ?, ?, ?, ?)')
      .run(inboxId, 'foreign', now, now, '{}', bytes('from another connection'));
    const [delivery] = await pending;
    expect(delivery?.id).toBe('foreign');
    expect(Date.now() - now).toBeLessThan(200);
  });

  it('shared file - settings ensured by one process govern another that never ensured them', async () => {
    const first = await broker.open();
    const second = await broker.open();
    await first.queues.ensureQueue('q', { maxDeliveries: 2, leaseMs: 1000, dedupWindowMs: 1000 });
    await first.topics.ensureSubscription('t', 'sub', { maxDeliveries: 3, leaseMs: 1000, dedupWindowMs: 0, filter: { types: ['A'] } });
    await second.queues.send('q', [msg(1)]);
    for (let i = 0; i < 2; i++) {
      const [delivery] = await second.inboxes.receive(queue('q'), { max: 1, waitMs: 1000 });
      expect(delivery?.leaseExpiresAt).toBeLessThanOrEqual(Date.now() + 1000);
      await second.inboxes.nack(queue('q'), delivery?.lease as string);
    }
    expect((await second.inboxes.listDeadLetters(queue('q'), { limit: 5 })).map((l) => l.reason)).toEqual(['max_deliveries_exceeded']);
    await second.topics.publish('t', [msg(2, { headers: { 'ce-type': 'A' } }), msg(3, { headers: { 'ce-type': 'B' } })]);
    const sub: InboxRef = { kind: 'subscription', topic: 't', subscription: 'sub' };
    expect((await first.inboxes.receive(sub, { max: 5, waitMs: 0 })).map((d) => d.id)).toEqual(['m2']);
  });

  it('shared file - a queue or subscription nobody created works on first use with defaults', async () => {
    const driver = await broker.open();
    expect(await driver.inboxes.receive(queue('fresh'), { max: 1, waitMs: 0 })).toEqual([]);
    await driver.queues.send('other', [msg(1)]);
    const [delivery] = await driver.inboxes.receive(queue('other'), { max: 1, waitMs: 0 });
    expect(delivery?.leaseExpiresAt).toBeGreaterThan(Date.now() + 25_000);
    const sub: InboxRef = { kind: 'subscription', topic: 'news', subscription: 'reader' };
    expect(await driver.inboxes.receive(sub, { max: 1, waitMs: 0 })).toEqual([]);
    await driver.topics.publish('news', [msg(2)]);
    expect((await driver.inboxes.receive(sub, { max: 1, waitMs: 0 })).map((d) => d.id)).toEqual(['m2']);
  });

  it('shared file - a publisher that cached a topic\'s subscriptions sees one added later, by another connection, by itself or on first receive', async () => {
    const first = await broker.open();
    const second = await broker.open();
    const ids = async (driver: typeof first, subscription: string): Promise<string[]> =>
      (await driver.inboxes.receive({ kind: 'subscription', topic: 't', subscription }, { max: 10, waitMs: 0 })).map((d) => d.id);
    const settings = { maxDeliveries: 3, leaseMs: 1000, dedupWindowMs: 0 };
    await first.topics.publish('t', [msg(1)]);
    await first.topics.publish('t', [msg(2)]);
    await second.topics.ensureSubscription('t', 'by-other', settings);
    await first.topics.publish('t', [msg(3)]);
    expect(await ids(second, 'by-other')).toEqual(['m3']);
    await first.topics.ensureSubscription('t', 'by-self', settings);
    await first.topics.publish('t', [msg(4)]);
    expect(await ids(first, 'by-self')).toEqual(['m4']);
    expect(await ids(first, 'on-receive')).toEqual([]);
    await first.topics.publish('t', [msg(5)]);
    expect(await ids(first, 'on-receive')).toEqual(['m5']);
    expect(await ids(second, 'by-other')).toEqual(['m4', 'm5']);
  });

  it('leases - a lease past its expiry no longer settles, even before anyone else took the message', async () => {
    const driver = await broker.open();
    await driver.queues.send('q', [msg(1)]);
    const [delivery] = await driver.inboxes.receive(queue('q'), { max: 1, waitMs: 0, leaseMs: 60 });
    await sleep(120);
    await expectCode(driver.inboxes.ack(queue('q'), delivery?.lease as string), 'lease_expired');
    await expectCode(driver.inboxes.ack(queue('elsewhere'), delivery?.lease as string), 'lease_expired');
    for (const bad of ['', '1.short', 'x.AAAAAAAAAAAAAAAAAAAAAA', '0.AAAAAAAAAAAAAAAAAAAAAA']) {
      await expectCode(driver.inboxes.nack(queue('q'), bad), 'invalid_lease');
    }
  });

  it('ttl - expired messages are deleted by the sweep, never dead-lettered', async () => {
    const driver = await broker.open();
    await driver.queues.send('q', [msg(1, { expiresAt: Date.now() + 50 })]);
    await sleep(100);
    expect((await driver.sweep()).expiredMessages).toBe(1);
    expect(await driver.inboxes.depth(queue('q'))).toEqual({ ready: 0, inFlight: 0, deadLettered: 0 });
    expect(await driver.inboxes.listDeadLetters(queue('q'), { limit: 5 })).toEqual([]);
  });
});

describe('embedded lifecycle and settings', () => {
  it('lifecycle - nothing is opened before connect, and calls before it are broker_unavailable', async () => {
    const dataDir = join(broker.dir, 'nested', 'data');
    const driver = await createEmbeddedDriver({ name: 'lazy', settings: {}, dataDir });
    expect(driver.isConnected()).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
    await expectCode(driver.queues.send('q', [msg(1)]), 'broker_unavailable');
    await driver.connect();
    expect(existsSync(join(dataDir, 'outrigger.db'))).toBe(true);
    // durability fsync: COMMIT writes the WAL (synchronous NORMAL) and the committer fsyncs it off the event loop.
    expect(driver.stats()).toMatchObject({ journalMode: 'wal', synchronous: 1, walSync: true });
    await driver.close();
  });

  it('lifecycle - close resolves waiting receives and reads with [] at once, and later calls are refused', async () => {
    const driver = await broker.open();
    await driver.streams.ensureStream('s', { partitions: 1, retentionMs: 60_000 });
    const receiving = driver.inboxes.receive(queue('q'), { max: 1, waitMs: 10_000 });
    const reading = driver.streams.read('s', 0, { from: { kind: 'latest' }, max: 1, waitMs: 10_000 });
    await sleep(50);
    const started = Date.now();
    await Promise.all([driver.close(), driver.close()]);
    expect(await receiving).toEqual([]);
    expect(await reading).toEqual([]);
    expect(Date.now() - started).toBeLessThan(200);
    await expectCode(driver.queues.send('q', [msg(1)]), 'broker_unavailable');
    await expectCode(driver.connect(), 'broker_unavailable');
  });

  it('settings - durability os sets synchronous NORMAL without WAL syncs; maxMessageBytes overrides the capability', async () => {
    const driver = await broker.open({ durability: 'os', maxMessageBytes: 2048 });
    expect(driver.stats()).toMatchObject({ synchronous: 1, walSync: false });
    expect(driver.capabilities.maxMessageBytes).toBe(2048);
    const error = await expectCode(driver.queues.send('q', [msg(1, { data: new Uint8Array(2049) })]), 'payload_too_large');
    expect(error.extensions).toEqual({ limit: 2048 });
    await driver.queues.send('q', [msg(2, { data: new Uint8Array(2048) })]);
  });

  it('settings - every invalid setting is reported at once, naming what is accepted', async () => {
    const error = await expectCode(
      createEmbeddedDriver({ name: 'bad', dataDir: broker.dir, settings: { durability: 'sometimes', groupHeartbeatMs: -1, colour: 'blue' } }),
      'bad_request',
    );
    expect(error.message).toContain('durability must be one of fsync, os');
    expect(error.message).toContain('groupHeartbeatMs');
    expect(error.message).toContain("unknown setting 'colour'");
  });

  it('schema - a file written by a newer schema is refused rather than misread', async () => {
    await (await broker.open()).close();
    const raw = broker.raw();
    raw.exec('INSERT INTO outrigger_schema (version) VALUES (99)');
    raw.close();
    const error = await expectCode(broker.open(), 'broker_unavailable');
    expect(error.message).toContain('schema version 99');
  });
});
