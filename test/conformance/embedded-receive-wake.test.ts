/**
 * A waiting receive and the group commit's syncs (durability fsync), with the sync driven by hand:
 * a publish wakes the receive once it is durable, and the claim joins the very next transaction,
 * so the message is held after the publish's sync and one more, not two more; the claim is
 * still durable before the receive returns. A send or publish after a claim in its transaction
 * joins that claim (open-claims.ts), and a rollback takes the joined leases with it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Delivery, InboxRef } from '../../src/drivers/contract.js';
import { lookAtInbox } from '../../src/drivers/embedded/claim.js';
import type { Store } from '../../src/drivers/embedded/context.js';
import { GroupCommitter } from '../../src/drivers/embedded/group-commit.js';
import { inboxWakeKey, InboxRegistry } from '../../src/drivers/embedded/inbox-registry.js';
import { WaitingReceives } from '../../src/drivers/embedded/open-claims.js';
import { receive } from '../../src/drivers/embedded/receive.js';
import { ack } from '../../src/drivers/embedded/settle.js';
import { parseEmbeddedSettings } from '../../src/drivers/embedded/settings.js';
import { openDatabase, Statements } from '../../src/drivers/embedded/sqlite.js';
import { queueOperations } from '../../src/drivers/embedded/queues.js';
import { topicOperations } from '../../src/drivers/embedded/topics.js';
import { Wakeups } from '../../src/drivers/embedded/wakeups.js';
import { bytes, type TempBroker, tempBroker } from './embedded-support.js';
import { sleep } from './support.js';

class ManualSync {
  readonly pending: Array<(err: Error | null) => void> = [];
  sync(done: (err: Error | null) => void): void {
    this.pending.push(done);
  }
  finish(): void {
    const done = this.pending.shift();
    if (done === undefined) throw new Error('no sync in flight');
    done(null);
  }
}

const ref: InboxRef = { kind: 'subscription', topic: 'orders', subscription: 'push' };
const message = (id: string): { id: string; headers: Record<string, string>; data: Uint8Array } => ({ id, headers: { 'ce-type': 't' }, data: bytes(id) });

let broker: TempBroker;
let syncs: ManualSync;
let store: Store;

beforeEach(async () => {
  broker = await tempBroker();
  const settings = parseEmbeddedSettings({ name: 'test', settings: { file: broker.file }, dataDir: broker.dir });
  const sql = new Statements(openDatabase(settings));
  syncs = new ManualSync();
  const wakeups = new Wakeups(broker.file, () => sql.get<{ data_version: number }>('PRAGMA data_version')?.data_version ?? 0, 1_000);
  const committer = new GroupCommitter(sql, (keys) => wakeups.notify(keys), 1_000, syncs);
  store = { settings, sql, committer, wakeups, inboxes: new InboxRegistry(sql), waiting: new WaitingReceives() };
});
afterEach(async () => {
  store.wakeups.close();
  let closed = false;
  const closing = store.committer.close().then(() => (closed = true));
  while (!closed) {
    if (syncs.pending.length > 0) syncs.finish();
    await sleep(1);
  }
  await closing;
  store.sql.db.close();
  await broker.cleanup();
});

/** Finishes the sync in flight once one is, and lets the answers run. */
async function finishSync(): Promise<void> {
  for (let i = 0; i < 100 && syncs.pending.length === 0; i++) await sleep(1);
  syncs.finish();
  await sleep(5);
}

/** Topic operations on a store where 'orders' has the subscription 'push'. */
async function subscribedTopics(): Promise<ReturnType<typeof topicOperations>> {
  const topics = topicOperations(() => store);
  const subscribing = topics.ensureSubscription('orders', 'push', { maxDeliveries: 5, leaseMs: 30_000, dedupWindowMs: 0 });
  await finishSync();
  await subscribing;
  return topics;
}

const leased = (): string[] => store.sql.all<{ id: string }>('SELECT id FROM messages_v1 WHERE lease IS NOT NULL ORDER BY seq').map((r) => r.id);

describe('embedded receive woken by a commit', () => {
  it('wait - a publish to an inbox with a waiting receive is claimed in its own transaction and handed over after its one sync', async () => {
    const topics = await subscribedTopics();

    let got: Delivery[] | undefined;
    const receiving = receive(store, ref, { max: 10, waitMs: 5_000, continuous: true }).then((d) => (got = d));
    await sleep(5);
    const commitsBefore = store.committer.stats().commits;

    const first = topics.publish('orders', [message('a')]);
    await sleep(5);
    // 'a' is stored and leased in one transaction, its sync in flight; 'b' comes meanwhile and waits for it.
    expect(store.committer.stats().commits).toBe(commitsBefore + 1);
    expect(leased()).toEqual(['a']);
    const second = topics.publish('orders', [message('b')]);
    await sleep(5);
    // Not handed over before it is durable.
    expect(got).toBeUndefined();

    await finishSync();
    await first;
    await receiving;
    expect(got?.map((d) => d.id)).toEqual(['a']);
    // The receive was answered: 'b', committed after that sync, is left for the next one.
    expect(store.committer.stats().commits).toBe(commitsBefore + 2);
    expect(leased()).toEqual(['a']);
    await finishSync();
    await second;
    const next = receive(store, ref, { max: 10, waitMs: 0 });
    await finishSync();
    expect((await next).map((d) => d.id)).toEqual(['b']);
  });

  it('wait - a receive that asks again when handed its delivery is claimed for by the write queued during that sync', async () => {
    const topics = await subscribedTopics();
    let again: Promise<Delivery[]> | undefined;
    const first = receive(store, ref, { max: 10, waitMs: 5_000, continuous: true }).then((deliveries) => {
      again = receive(store, ref, { max: 10, waitMs: 5_000, continuous: true });
      return deliveries;
    });
    await sleep(5);
    const a = topics.publish('orders', [message('a')]);
    await sleep(5);
    const b = topics.publish('orders', [message('b')]);
    await sleep(5);
    const commitsBefore = store.committer.stats().commits;

    await finishSync();
    expect((await first).map((d) => d.id)).toEqual(['a']);
    // 'b' was stored and leased in one transaction, for the receive asked again.
    expect(leased()).toEqual(['a', 'b']);
    expect(store.committer.stats().commits).toBe(commitsBefore + 1);
    await finishSync();
    await Promise.all([a, b]);
    expect((await again)?.map((d) => d.id)).toEqual(['b']);
    expect(store.committer.stats().commits).toBe(commitsBefore + 1);
  });

  it('look - says whether anything can be claimed now, and if not, when the next message becomes visible', async () => {
    await subscribedTopics();
    const inboxId = store.inboxes.find(ref) as number;
    const now = Date.now();
    const put = (id: string, key: string | null, visibleAt: number, leaseUntil: number | null): void => {
      store.sql.run(
        'INSERT INTO messages_v1 (inbox_id, id, headers, data, ordering_key, enqueued_at, visible_at, lease, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        inboxId, id, '{}', bytes(id), key, now, visibleAt, leaseUntil === null ? null : 'lease-' + id, leaseUntil,
      );
    };
    expect(lookAtInbox(store.sql, inboxId, now)).toEqual({ candidate: false, visibleAt: undefined });
    // Leased: nothing now, the lease's end next.
    put('leased', 'k', now + 5_000, now + 5_000);
    expect(lookAtInbox(store.sql, inboxId, now)).toEqual({ candidate: false, visibleAt: now + 5_000 });
    // Visible but behind its key's leased message: still nothing, and the same time next.
    put('behind', 'k', now - 1, null);
    expect(lookAtInbox(store.sql, inboxId, now)).toEqual({ candidate: false, visibleAt: now + 5_000 });
    put('delayed', null, now + 2_000, null);
    expect(lookAtInbox(store.sql, inboxId, now)).toEqual({ candidate: false, visibleAt: now + 2_000 });
    put('ready', null, now - 1, null);
    expect(lookAtInbox(store.sql, inboxId, now)).toEqual({ candidate: true, visibleAt: undefined });
  });

  it('wait - a waiting receive whose joining write rolls back gets nothing and keeps waiting; the message is not leased', async () => {
    const topics = await subscribedTopics();
    let got: Delivery[] | undefined;
    const receiving = receive(store, ref, { max: 10, waitMs: 300 }).then((d) => (got = d));
    await sleep(5);
    // A publish and a failing write in one transaction: the whole transaction rolls back.
    const publishing = topics.publish('orders', [message('a')]);
    const failing = store.committer.run(() => {
      throw new Error('disk on fire');
    });
    await expect(publishing).rejects.toThrow();
    await expect(failing).rejects.toThrow();
    await sleep(5);
    expect(got).toBeUndefined();
    expect(leased()).toEqual([]);
    await receiving;
    expect(got).toEqual([]);
  });

  it('wait - a receive whose wait ends while a write that claimed for it is syncing gets that write\'s deliveries', async () => {
    const topics = await subscribedTopics();
    let got: Delivery[] | undefined;
    const controller = new AbortController();
    const receiving = receive(store, ref, { max: 10, waitMs: 5_000, signal: controller.signal }).then((d) => (got = d));
    await sleep(5);
    const publishing = topics.publish('orders', [message('a')]);
    await sleep(5);
    expect(leased()).toEqual(['a']);
    controller.abort();
    await sleep(5);
    // Leased to this receive: it waits for the sync rather than leave the lease to nobody.
    expect(got).toBeUndefined();
    await finishSync();
    await publishing;
    await receiving;
    expect(got?.map((d) => d.id)).toEqual(['a']);
  });

  it('wait - a write that claims for a receive between its last look and its end still hands it over', async () => {
    const topics = await subscribedTopics();
    let got: Delivery[] | undefined;
    const receiving = receive(store, ref, { max: 10, waitMs: 40 }).then((d) => (got = d));
    await sleep(5);
    // A wake-up with nothing to claim: the receive looks, finds nothing and waits again...
    store.wakeups.notify(new Set([inboxWakeKey(store.inboxes.find(ref) as number)]));
    // ...but before its code resumes, a write claims for it and its deadline passes.
    const publishing = topics.publish('orders', [message('a')]);
    store.committer.flush();
    expect(leased()).toEqual(['a']);
    const until = Date.now() + 50;
    while (Date.now() < until) {
      // Busy: the receive must not resume before its deadline has passed.
    }
    await finishSync();
    await publishing;
    await receiving;
    expect(got?.map((d) => d.id)).toEqual(['a']);
  });

  it('wake - a receive that finds nothing when woken keeps waiting, and an abort while it waits ends it with nothing', async () => {
    await subscribedTopics();
    const controller = new AbortController();
    let got: Delivery[] | undefined;
    const receiving = receive(store, ref, { max: 10, waitMs: 5_000, signal: controller.signal }).then((d) => (got = d));
    // A wake-up with nothing to claim.
    store.wakeups.notify(new Set([inboxWakeKey(store.inboxes.find(ref) as number)]));
    await sleep(10);
    expect(got).toBeUndefined();
    controller.abort();
    await receiving;
    expect(got).toEqual([]);
  });

  it('join - a publish and a send after a claim in the same transaction are claimed by it, handed over after that sync', async () => {
    const topics = topicOperations(() => store);
    const queues = queueOperations(() => store);
    const ready = Promise.all([
      topics.ensureSubscription('orders', 'push', { maxDeliveries: 5, leaseMs: 30_000, dedupWindowMs: 0 }),
      queues.ensureQueue('jobs', { maxDeliveries: 5, leaseMs: 30_000, dedupWindowMs: 0 }),
    ]);
    await finishSync();
    await ready;
    for (const [inbox, write] of [
      [ref, (id: string) => topics.publish('orders', [message(id)])],
      [{ kind: 'queue', queue: 'jobs' } as const, (id: string) => queues.send('jobs', [message(id)])],
    ] as const) {
      const first = write(`${inbox.kind}-a`);
      await sleep(5);
      // 'a' is committed and syncing: the receive sees it and queues its claim, then 'b' queues behind the claim.
      let got: Delivery[] | undefined;
      const receiving = receive(store, inbox, { max: 10, waitMs: 5_000 }).then((d) => (got = d));
      await sleep(5);
      const second = write(`${inbox.kind}-b`);
      await finishSync();
      await first;
      expect(got).toBeUndefined();
      await finishSync();
      await second;
      await receiving;
      expect(got?.map((d) => d.id)).toEqual([`${inbox.kind}-a`, `${inbox.kind}-b`]);
      expect(got?.map((d) => d.attempt)).toEqual([1, 1]);
    }
  });

  it('join - a claim is open only in its own transaction: a publish in a later one is left for the next receive', async () => {
    const topics = await subscribedTopics();
    const first = topics.publish('orders', [message('a')]);
    await sleep(5);
    const receiving = receive(store, ref, { max: 10, waitMs: 5_000 });
    await finishSync();
    await first;
    await finishSync();
    // The claim took 'a' and fewer than it asked for; its caller has them, its transaction is over.
    expect((await receiving).map((d) => d.id)).toEqual(['a']);
    const second = topics.publish('orders', [message('b')]);
    await finishSync();
    await second;
    expect(leased()).toEqual(['a']);
    const next = receive(store, ref, { max: 10, waitMs: 5_000 });
    await finishSync();
    expect((await next).map((d) => [d.id, d.attempt])).toEqual([['b', 1]]);
  });

  it('join - a transaction that rolls back fails the claim and leaves the joined message unleased and unstored', async () => {
    const topics = await subscribedTopics();
    const first = topics.publish('orders', [message('a')]);
    await sleep(5);
    const receiving = receive(store, ref, { max: 10, waitMs: 5_000 });
    receiving.catch(() => undefined);
    await sleep(5);
    const second = topics.publish('orders', [message('b')]);
    second.catch(() => undefined);
    const broken = store.committer.run(() => {
      throw new Error('disk on fire');
    });
    broken.catch(() => undefined);
    await finishSync();
    await first;
    await expect(receiving).rejects.toThrow();
    await expect(second).rejects.toThrow();
    expect(leased()).toEqual([]);
    expect(store.sql.all<{ id: string }>('SELECT id FROM messages_v1 ORDER BY seq').map((r) => r.id)).toEqual(['a']);
    // And the message is there for the next receive.
    const next = receive(store, ref, { max: 10, waitMs: 5_000 });
    await finishSync();
    expect((await next).map((d) => [d.id, d.attempt])).toEqual([['a', 1]]);
  });

  it('join - a message whose key has one in flight, or that is delayed, does not join; one without either does', async () => {
    const topics = await subscribedTopics();
    const keyed = topics.publish('orders', [{ ...message('x'), orderingKey: 'k' }]);
    await finishSync();
    await keyed;
    const holding = receive(store, ref, { max: 10, waitMs: 5_000 });
    await finishSync();
    expect((await holding).map((d) => d.id)).toEqual(['x']);

    const first = topics.publish('orders', [message('a')]);
    await sleep(5);
    const receiving = receive(store, ref, { max: 10, waitMs: 5_000 });
    await sleep(5);
    const later = topics.publish('orders', [
      { ...message('y'), orderingKey: 'k' },
      { ...message('d'), notBefore: Date.now() + 60_000 },
      message('e'),
    ]);
    await finishSync();
    await first;
    await finishSync();
    await later;
    expect((await receiving).map((d) => d.id)).toEqual(['a', 'e']);
    expect(leased()).toEqual(['x', 'a', 'e']);
  });
  it('ack - a keyed message\'s ack wakes a waiting receive for the next of its key; an unkeyed one\'s wakes nobody', async () => {
    const topics = await subscribedTopics();
    const publishing = topics.publish('orders', [{ ...message('x'), orderingKey: 'k' }, { ...message('y'), orderingKey: 'k' }, message('u')]);
    await finishSync();
    await publishing;
    const first = receive(store, ref, { max: 10, waitMs: 0 });
    await finishSync();
    const held = await first;
    expect(held.map((d) => d.id)).toEqual(['x', 'u']);
    const lease = (id: string): string => held.find((d) => d.id === id)?.lease as string;
    const key = inboxWakeKey(store.inboxes.find(ref) as number);

    // Acking the unkeyed message ends no wait on the inbox.
    const quiet = store.wakeups.wait(store.wakeups.snapshot(key), 300);
    const startedQuiet = Date.now();
    await ack(store, ref, lease('u'));
    await quiet;
    expect(Date.now() - startedQuiet).toBeGreaterThanOrEqual(250);

    // Acking the keyed one unblocks 'y': the waiting receive gets it at once, not at its deadline.
    let got: Delivery[] | undefined;
    const receiving = receive(store, ref, { max: 10, waitMs: 5_000 }).then((d) => (got = d));
    await sleep(5);
    const started = Date.now();
    const acking = ack(store, ref, lease('x'));
    // Syncs are finished by hand: whatever is in flight (the first ack's own), then the claim's.
    while (got === undefined && Date.now() - started < 2_000) {
      if (syncs.pending.length > 0) syncs.finish();
      await sleep(1);
    }
    await Promise.all([acking, receiving]);
    expect(got?.map((d) => d.id)).toEqual(['y']);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
