/** The WAL checkpoint off the event loop (checkpointer.ts): bounded, and nothing acknowledged lost to a kill mid-checkpoint. */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Checkpointer } from '../../src/drivers/embedded/checkpointer.js';
import { EmbeddedDriver } from '../../src/drivers/embedded/driver.js';
import { bytes, type TempBroker, tempBroker } from './embedded-support.js';
import { sleep } from './support.js';

const register = fileURLToPath(new URL('./embedded-process/register.mjs', import.meta.url));
const child = fileURLToPath(new URL('./embedded-process/child.ts', import.meta.url));

let broker: TempBroker;
beforeEach(async () => {
  broker = await tempBroker();
});
afterEach(async () => {
  await broker.cleanup();
});

const autocheckpoint = (db: DatabaseSync): number => (db.prepare('PRAGMA wal_autocheckpoint').get() as { wal_autocheckpoint: number }).wal_autocheckpoint;

describe('embedded WAL checkpoint in a worker', () => {
  it('checkpoint - the worker starts after its commits and keeps the WAL small though the event loop never checkpoints', async () => {
    // The automatic checkpoint at a million pages: only the worker can keep this log small.
    const driver = new EmbeddedDriver({ name: 'test', settings: { file: broker.file }, dataDir: broker.dir }, { checkpointer: { startAfterCommits: 3, intervalMs: 5, backstopPages: 1_000_000, idleAfterMs: 60_000 } });
    await driver.connect();
    try {
      await driver.queues.send('q', [{ id: 'first', headers: {}, data: bytes('x') }]);
      expect(driver.stats().checkpointWorker).toBe(false);
      await driver.queues.send('q', [{ id: 'second', headers: {}, data: bytes('x') }]);
      await driver.queues.send('q', [{ id: 'third', headers: {}, data: bytes('x') }]);
      expect(driver.stats().checkpointWorker).toBe(true);
      const data = new Uint8Array(16 * 1024).fill(1);
      for (let batch = 0; batch < 40; batch++) {
        await Promise.all(Array.from({ length: 10 }, (_, i) => driver.queues.send('q', [{ id: `m${batch}-${i}`, headers: {}, data }])));
        // Room for the worker's thread to run between batches on a busy machine (two CI cores).
        await sleep(25);
      }
      // 6.4 MB written: in the database file now, while the log was started over and over (the
      // log never shrinks, so its size is its high-water mark: under half of what was written).
      expect(statSync(broker.file).size).toBeGreaterThan(6_000_000);
      expect(statSync(`${broker.file}-wal`).size).toBeLessThan(3_000_000);
      expect(await driver.inboxes.depth({ kind: 'queue', queue: 'q' })).toMatchObject({ ready: 403 });
    } finally {
      await driver.close();
    }
    expect(driver.stats().checkpointWorker).toBe(false);
  });

  it('checkpoint - the worker stops once nothing is written, and the next writes start it again', async () => {
    const driver = new EmbeddedDriver({ name: 'test', settings: { file: broker.file }, dataDir: broker.dir }, { checkpointer: { startAfterCommits: 2, intervalMs: 5, backstopPages: 1_000_000, idleAfterMs: 50 } });
    await driver.connect();
    try {
      const send = (id: string) => driver.queues.send('q', [{ id, headers: {}, data: bytes('x') }]);
      await send('a');
      await send('b');
      expect(driver.stats().checkpointWorker).toBe(true);
      for (let i = 0; i < 200 && driver.stats().checkpointWorker; i++) await sleep(10);
      expect(driver.stats().checkpointWorker).toBe(false);
      await send('c');
      expect(driver.stats().checkpointWorker).toBe(false);
      await send('d');
      expect(driver.stats().checkpointWorker).toBe(true);
    } finally {
      await driver.close();
    }
    expect(driver.stats().checkpointWorker).toBe(false);
  });

  it('checkpoint - a worker that cannot open the file leaves the checkpoint to SQLite at its default', async () => {
    const db = new DatabaseSync(join(broker.dir, 'own.db'));
    const checkpointer = new Checkpointer(join(broker.dir, 'missing', 'nothing.db'), db, { startAfterCommits: 1, intervalMs: 5, backstopPages: 50_000, idleAfterMs: 60_000 });
    checkpointer.committed();
    expect([checkpointer.running, autocheckpoint(db)]).toEqual([true, 50_000]);
    for (let i = 0; i < 200 && checkpointer.running; i++) await sleep(10);
    expect([checkpointer.running, autocheckpoint(db)]).toEqual([false, 1_000]);
    await checkpointer.close();
    db.close();
  });

  it('checkpoint - a process killed while its worker checkpoints loses no acknowledged message, and the file is intact', async () => {
    const proc = spawn(process.execPath, ['--no-warnings', '--import', register, child, JSON.stringify({ file: broker.file, role: 'flood', queue: 'q' })], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let buffered = '';
    let stderr = '';
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const enough = new Promise<void>((resolve) => {
      proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        buffered += chunk;
        for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
          const line = JSON.parse(buffered.slice(0, end)) as { acked?: string[] };
          buffered = buffered.slice(end + 1);
          acked.push(...(line.acked ?? []));
          // Past several worker passes (2 ms apart) and log restarts.
          if (acked.length >= 2_000) resolve();
        }
      });
    });
    const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
    await Promise.race([enough, exited]);
    expect(stderr).toBe('');
    proc.kill('SIGKILL');
    await exited;
    const raw = broker.raw();
    expect(raw.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    const stored = new Set((raw.prepare('SELECT id FROM messages_v1').all() as Array<{ id: string }>).map((row) => row.id));
    expect(acked.filter((id) => !stored.has(id))).toEqual([]);
    expect(acked.length).toBeGreaterThanOrEqual(2_000);
  }, 60_000);
});
