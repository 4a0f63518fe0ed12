/** The embedded broker's building blocks on their own: group commit atomicity, leases, wake-ups. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutriggerError } from '../../src/kernel/errors.js';
import { GroupCommitter, SETTLEMENT_SYNC_DELAY_MS } from '../../src/drivers/embedded/group-commit.js';
import { newLease, parseLease } from '../../src/drivers/embedded/lease.js';
import { Statements } from '../../src/drivers/embedded/sqlite.js';
import { Wakeups } from '../../src/drivers/embedded/wakeups.js';
import { type TempBroker, tempBroker } from './embedded-support.js';
import { expectCode, sleep } from './support.js';

let broker: TempBroker;
let sql: Statements;
let committed: string[][];
let committer: GroupCommitter;

beforeEach(async () => {
  broker = await tempBroker();
  const db = broker.raw();
  db.exec('PRAGMA journal_mode = WAL; CREATE TABLE t (v TEXT NOT NULL)');
  sql = new Statements(db);
  committed = [];
  committer = new GroupCommitter(sql, (keys) => committed.push([...keys]), 1000);
});
afterEach(async () => {
  await committer.close();
  await broker.cleanup();
});

const rows = (): string[] => sql.all<{ v: string }>('SELECT v FROM t ORDER BY rowid').map((r) => r.v);

describe('embedded group committer', () => {
  it('group commit - a failure that is not a refusal rolls back the whole batch and fails every caller in it', async () => {
    const results = await Promise.allSettled([
      committer.run((tx) => tx.sql.run("INSERT INTO t VALUES ('a')")),
      committer.run((tx) => tx.sql.run('INSERT INTO t VALUES (NULL)')),
      committer.run((tx) => tx.sql.run("INSERT INTO t VALUES ('c')")),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(results.map((r) => ((r as PromiseRejectedResult).reason as OutriggerError).code)).toEqual(['internal', 'internal', 'internal']);
    expect(rows()).toEqual([]);
    expect(committer.stats()).toMatchObject({ commits: 0, failedTransactions: 1 });
    await committer.run((tx) => tx.sql.run("INSERT INTO t VALUES ('d')"));
    expect(rows()).toEqual(['d']);
  });

  it('group commit - a refused operation is rolled back alone, with its wake-ups', async () => {
    const results = await Promise.allSettled([
      committer.run((tx) => {
        tx.sql.run("INSERT INTO t VALUES ('a')");
        tx.touch('ka');
      }),
      committer.run((tx) => {
        tx.sql.run("INSERT INTO t VALUES ('b')");
        tx.touch('kb');
        throw new OutriggerError('bad_request', 'no');
      }),
      committer.run((tx) => {
        tx.touch('kc');
        return tx.sql.run("INSERT INTO t VALUES ('c')");
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(rows()).toEqual(['a', 'c']);
    expect(committed).toEqual([['ka', 'kc']]);
    expect(committer.stats()).toEqual({ commits: 1, operations: 2, failedTransactions: 0 });
  });

  it('group commit - an operation aborted before its batch runs is skipped', async () => {
    const controller = new AbortController();
    const skipped = committer.run((tx) => tx.sql.run("INSERT INTO t VALUES ('x')"), controller.signal);
    const kept = committer.run((tx) => tx.sql.run("INSERT INTO t VALUES ('y')"));
    controller.abort();
    await expect(skipped).rejects.toMatchObject({ name: 'AbortError' });
    await kept;
    expect(rows()).toEqual(['y']);
  });

  it('group commit - close commits what is queued and refuses what comes after', async () => {
    const queued = committer.run((tx) => tx.sql.run("INSERT INTO t VALUES ('q')"));
    const closing = committer.close();
    expect(rows()).toEqual(['q']);
    await closing;
    await queued;
    await expectCode(committer.run(() => undefined), 'broker_unavailable');
  });
});

/** A CommitSync whose syncs return only when the test says so. */
class ManualSync {
  readonly pending: Array<(err: Error | null) => void> = [];
  sync(done: (err: Error | null) => void): void {
    this.pending.push(done);
  }
  finish(err: Error | null = null): void {
    const done = this.pending.shift();
    if (done === undefined) throw new Error('no sync in flight');
    done(err);
  }
}

describe('embedded group committer with a WAL sync (durability fsync)', () => {
  let syncs: ManualSync;
  let synced: GroupCommitter;
  beforeEach(() => {
    syncs = new ManualSync();
    synced = new GroupCommitter(sql, (keys) => committed.push([...keys]), 1000, syncs);
  });
  afterEach(async () => {
    while (syncs.pending.length > 0) syncs.finish();
    const closing = synced.close();
    while (syncs.pending.length > 0) syncs.finish();
    await closing;
  });

  const settled = async (p: Promise<unknown>): Promise<boolean> => {
    let done = false;
    p.then(
      () => (done = true),
      () => (done = true),
    );
    await sleep(5);
    return done;
  };

  it('sync - callers are answered and waiters woken only after the sync returns; writes queued meanwhile commit together after it', async () => {
    const first = synced.run((tx) => {
      tx.touch('k1');
      return tx.sql.run("INSERT INTO t VALUES ('a')");
    });
    await sleep(5);
    expect(rows()).toEqual(['a']);
    expect(syncs.pending).toHaveLength(1);
    expect(await settled(first)).toBe(false);
    expect(await settled(synced.durable())).toBe(false);
    expect(committed).toEqual([]);

    const second = synced.run((tx) => tx.sql.run("INSERT INTO t VALUES ('b')"));
    const third = synced.run((tx) => tx.sql.run("INSERT INTO t VALUES ('c')"));
    await sleep(5);
    // No transaction begins while a sync is in flight.
    expect(rows()).toEqual(['a']);
    expect(synced.stats().commits).toBe(1);

    syncs.finish();
    await expect(first).resolves.toBe(1);
    expect(committed).toEqual([['k1']]);
    await new Promise((resolve) => setImmediate(resolve));
    // The end of the sync committed both queued writes in one transaction, and syncs that one.
    expect(rows()).toEqual(['a', 'b', 'c']);
    expect(synced.stats()).toMatchObject({ commits: 2, operations: 3 });
    expect(await settled(second)).toBe(false);
    syncs.finish();
    await Promise.all([second, third]);
    await synced.durable();
  });

  it('sync - work a caller queues when answered at the end of a sync shares the next transaction with the writes queued during it', async () => {
    let followUp: Promise<number> | undefined;
    const first = synced
      .run((tx) => tx.sql.run("INSERT INTO t VALUES ('a')"))
      .then(() => {
        followUp = synced.run((tx) => tx.sql.run("INSERT INTO t VALUES ('c')"));
      });
    await sleep(5);
    const queued = synced.run((tx) => tx.sql.run("INSERT INTO t VALUES ('b')"));
    await sleep(5);
    expect(synced.stats().commits).toBe(1);

    syncs.finish();
    await first;
    await sleep(5);
    // One transaction for 'b', queued during the sync, and 'c', queued by the answered caller.
    expect(rows()).toEqual(['a', 'b', 'c']);
    expect(synced.stats()).toMatchObject({ commits: 2, operations: 3 });
    syncs.finish();
    await Promise.all([queued, followUp]);
  });

  it('sync - a transaction with no successful operation is answered without a sync', async () => {
    await expectCode(
      synced.run(() => {
        throw new OutriggerError('bad_request', 'no');
      }),
      'bad_request',
    );
    expect(syncs.pending).toHaveLength(0);
  });

  const settle = (key: string, value: string): Promise<number> =>
    synced.run(
      (tx) => {
        tx.touch(key);
        return tx.sql.run(`INSERT INTO t VALUES ('${value}')`);
      },
      undefined,
      { answerAtCommit: true },
    );

  it('sync - a settlement alone is answered and wakes at COMMIT; the next write\'s sync covers it, so it costs no sync of its own', async () => {
    await expect(settle('s1', 'ack')).resolves.toBe(1);
    expect(committed).toEqual([['s1']]);
    expect(syncs.pending).toHaveLength(0);
    // Nothing holds the next write back: it commits at once, and its one sync covers both.
    const write = synced.run((tx) => tx.sql.run("INSERT INTO t VALUES ('w')"));
    await sleep(5);
    expect(rows()).toEqual(['ack', 'w']);
    expect(syncs.pending).toHaveLength(1);
    syncs.finish();
    await write;
    // That sync covered the settlement: no sync of its own follows.
    await sleep(SETTLEMENT_SYNC_DELAY_MS + 50);
    expect(syncs.pending).toHaveLength(0);
  });

  it('sync - a settlement no later write covers gets a sync of its own after the delay, and close syncs one still waiting', async () => {
    await settle('s1', 'ack');
    expect(syncs.pending).toHaveLength(0);
    await sleep(SETTLEMENT_SYNC_DELAY_MS + 50);
    expect(syncs.pending).toHaveLength(1);
    syncs.finish();
    await synced.durable();
    expect(synced.stats().commits).toBe(1);

    await settle('s2', 'ack2');
    let closed = false;
    const closing = synced.close().then(() => (closed = true));
    await sleep(5);
    expect(syncs.pending).toHaveLength(1);
    expect(closed).toBe(false);
    syncs.finish();
    await closing;
  });

  it('sync - in a batch with writes that wait for the sync, settlements are answered at COMMIT and the writes after the sync', async () => {
    const write = synced.run((tx) => {
      tx.touch('w');
      return tx.sql.run("INSERT INTO t VALUES ('w')");
    });
    const ack = settle('s', 'ack');
    await sleep(5);
    expect(syncs.pending).toHaveLength(1);
    expect(await settled(ack)).toBe(true);
    expect(await settled(write)).toBe(false);
    // Waiters of the batch's keys are woken with the writes, once durable.
    expect(committed).toEqual([]);
    syncs.finish();
    await write;
    expect(committed).toEqual([['w', 's']]);
  });

  it('sync - a settlements\' own sync that fails breaks the committer like any other', async () => {
    await settle('s', 'ack');
    await sleep(SETTLEMENT_SYNC_DELAY_MS + 50);
    syncs.finish(new Error('EIO'));
    await expectCode(synced.durable(), 'broker_unavailable');
    await expectCode(settle('s', 'again'), 'broker_unavailable');
  });

  it('sync - a failed sync fails its callers and every later write and read barrier with broker_unavailable', async () => {
    const write = synced.run((tx) => tx.sql.run("INSERT INTO t VALUES ('a')"));
    await sleep(5);
    const queued = synced.run((tx) => tx.sql.run("INSERT INTO t VALUES ('b')"));
    const barrier = synced.durable();
    syncs.finish(new Error('EIO'));
    const error = await expectCode(write, 'broker_unavailable');
    expect(error.retriable).toBe(false);
    await expectCode(queued, 'broker_unavailable');
    await expectCode(barrier, 'broker_unavailable');
    await expectCode(synced.run(() => undefined), 'broker_unavailable');
    expect(rows()).toEqual(['a']);
  });
});

describe('embedded leases and wake-ups', () => {
  it('leases - a lease names its message and is unique per delivery', () => {
    const first = newLease(42);
    const second = newLease(42);
    expect(first).not.toBe(second);
    expect(parseLease(first)).toEqual({ seq: 42, lease: first });
    for (const bad of [undefined, 42, '42', `${first}x`, ` ${first}`, first.replace('.', ':')]) {
      expect(() => parseLease(bad)).toThrow(expect.objectContaining({ code: 'invalid_lease' }) as Error);
    }
  });

  it('wake-ups - a wait ends on a notify of its key, on a commit by another connection, on abort or close, never early otherwise', async () => {
    const other = broker.raw();
    const wakeups = new Wakeups(broker.file, () => sql.get<{ data_version: number }>('PRAGMA data_version')?.data_version ?? 0, 10);
    const timed = async (promise: Promise<void>): Promise<number> => {
      const started = Date.now();
      await promise;
      return Date.now() - started;
    };

    const byKey = wakeups.wait(wakeups.snapshot('a'), 5000);
    const otherKey = wakeups.wait(wakeups.snapshot('b'), 150);
    setTimeout(() => wakeups.notify(new Set(['a'])), 20);
    expect(await timed(byKey)).toBeLessThan(100);
    expect(await timed(otherKey)).toBeGreaterThanOrEqual(100);

    const missed = wakeups.snapshot('a');
    wakeups.notify(new Set(['a']));
    expect(await timed(wakeups.wait(missed, 5000))).toBeLessThan(20);

    const foreign = wakeups.wait(wakeups.snapshot('c'), 5000);
    setTimeout(() => other.exec("INSERT INTO t VALUES ('from elsewhere')"), 20);
    expect(await timed(foreign)).toBeLessThan(150);
    // Another connection's commit between the snapshot and the wait is not lost either.
    const beforeForeign = wakeups.snapshot('g');
    other.exec("INSERT INTO t VALUES ('between')");
    expect(await timed(wakeups.wait(beforeForeign, 5000))).toBeLessThan(150);

    const controller = new AbortController();
    const aborted = wakeups.wait(wakeups.snapshot('d'), 5000, controller.signal);
    setTimeout(() => controller.abort(), 20);
    expect(await timed(aborted)).toBeLessThan(100);

    const closing = wakeups.wait(wakeups.snapshot('e'), 5000);
    await sleep(10);
    wakeups.close();
    expect(await timed(closing)).toBeLessThan(50);
    expect(await timed(wakeups.wait(wakeups.snapshot('f'), 5000))).toBeLessThan(20);
  });

  it('wake-ups - waitThen runs its callback inside the notify that ends the wait, and rejects with what it throws', async () => {
    const wakeups = new Wakeups(broker.file, () => sql.get<{ data_version: number }>('PRAGMA data_version')?.data_version ?? 0, 10);
    const order: string[] = [];
    const woken = wakeups.waitThen(wakeups.snapshot('a'), 5000, () => order.push('then'));
    wakeups.notify(new Set(['a']));
    order.push('after notify');
    await woken;
    expect(order).toEqual(['then', 'after notify']);
    const failing = wakeups.waitThen(wakeups.snapshot('b'), 5000, () => {
      throw new Error('no');
    });
    expect(() => wakeups.notify(new Set(['b']))).not.toThrow();
    await expect(failing).rejects.toThrow('no');
    wakeups.close();
  });
});
