/** The embedded broker file shared by real OS processes (children running child.ts). */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppendReceipt } from '../../src/drivers/contract.js';
import { bytes, type TempBroker, tempBroker } from './embedded-support.js';

const register = fileURLToPath(new URL('./embedded-process/register.mjs', import.meta.url));
const child = fileURLToPath(new URL('./embedded-process/child.ts', import.meta.url));

interface Child {
  ready: Promise<void>;
  /** Every JSON line the child printed, once it has exited with status 0. */
  done: Promise<Record<string, unknown>[]>;
}

function start(job: Record<string, unknown>): Child {
  const proc = spawn(process.execPath, ['--no-warnings', '--import', register, child, JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  let buffered = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = JSON.parse(buffered.slice(0, end)) as Record<string, unknown>;
      buffered = buffered.slice(end + 1);
      if (line.ready === true) markReady();
      else lines.push(line);
    }
  });
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<Record<string, unknown>[]>((resolve, reject) => {
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(lines) : reject(new Error(`child exited with ${code}: ${stderr}`))));
  });
  done.catch(() => markReady());
  return { ready, done };
}

let broker: TempBroker;
beforeEach(async () => {
  broker = await tempBroker();
});
afterEach(async () => {
  await broker.cleanup();
});

describe('embedded broker shared by processes', () => {
  it('processes - two consumer processes competing on one queue get each message exactly once', async () => {
    const driver = await broker.open();
    await driver.queues.ensureQueue('jobs', { maxDeliveries: 5, leaseMs: 30_000, dedupWindowMs: 0 });
    const consumers = [start({ file: broker.file, role: 'consume', queue: 'jobs', idleMs: 1500 }), start({ file: broker.file, role: 'consume', queue: 'jobs', idleMs: 1500 })];
    await Promise.all(consumers.map((c) => c.ready));
    for (let batch = 0; batch < 20; batch++) {
      await driver.queues.send('jobs', Array.from({ length: 10 }, (_, i) => ({ id: `job-${batch * 10 + i}`, headers: {}, data: bytes('work') })));
    }
    const outputs = await Promise.all(consumers.map((c) => c.done));
    const ids = outputs.flat().map((line) => line.got as string);
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
    expect(outputs.every((lines) => lines.length > 0)).toBe(true);
    expect(await driver.inboxes.depth({ kind: 'queue', queue: 'jobs' })).toEqual({ ready: 0, inFlight: 0, deadLettered: 0 });
  }, 20_000);

  it('processes - a message sent by another process wakes a long-poll here within 200 ms', async () => {
    const driver = await broker.open();
    await driver.queues.ensureQueue('pings', { maxDeliveries: 5, leaseMs: 30_000, dedupWindowMs: 0 });
    const sender = start({ file: broker.file, role: 'send', queue: 'pings', tag: 'ping' });
    const received = driver.inboxes.receive({ kind: 'queue', queue: 'pings' }, { max: 1, waitMs: 10_000 }).then((d) => ({ d, at: Date.now() }));
    const [{ sentAt }] = (await sender.done) as [{ sentAt: number }];
    const { d, at } = await received;
    expect(d.map((x) => x.id)).toEqual(['ping-0']);
    expect(at - sentAt).toBeLessThan(200);
  }, 20_000);

  it('processes - appends from several processes at once keep offsets gapless', async () => {
    const driver = await broker.open();
    await driver.streams.ensureStream('log', { partitions: 2, retentionMs: 3600_000 });
    const appenders = ['a', 'b'].map((tag) => start({ file: broker.file, role: 'append', stream: 'log', count: 50, tag }));
    await Promise.all(appenders.map((c) => c.ready));
    const mine = await Promise.all(Array.from({ length: 50 }, (_, i) => driver.streams.append('log', [{ id: `p-${i}`, headers: {}, data: bytes('x') }])));
    const theirs = (await Promise.all(appenders.map((c) => c.done))).flat().flatMap((line) => line.receipts as AppendReceipt[]);
    const receipts = [...mine.flat(), ...theirs];
    expect(receipts).toHaveLength(150);
    for (const partition of [0, 1]) {
      const offsets = receipts.filter((r) => r.partition === partition).map((r) => r.offset).sort((x, y) => x - y);
      expect(offsets).toEqual(offsets.map((_, i) => i));
      const stored = await driver.streams.read('log', partition, { from: { kind: 'earliest' }, max: 1000 });
      expect(stored.map((e) => e.offset)).toEqual(offsets);
    }
  }, 20_000);
});
