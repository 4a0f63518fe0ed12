/**
 * Sends and publishes asked for in one turn of the event loop share one script call (writer.ts),
 * and still behave as calls of their own: each caller its own receipts and its own errors, each
 * caller's messages in its order, duplicates suppressed against earlier callers of the same
 * call. Script calls are counted on a private redis-server's command statistics, which nothing
 * else touches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../src/drivers/contract.js';
import { createRedisDriver, type RedisDriver } from '../../../src/drivers/redis/index.js';
import { expectCode } from '../../conformance/support.js';
import { PrivateRedis } from './private-server.js';
import { plainClient, type PlainClient } from './support.js';

const settings = { maxDeliveries: 3, leaseMs: 30_000, dedupWindowMs: 60_000 };
let server: PrivateRedis;
let stats: PlainClient;
let driver: RedisDriver;
let counter = 0;

beforeAll(async () => {
  server = await PrivateRedis.start();
  stats = await plainClient(server.url);
  driver = await createRedisDriver({ name: 'coalesce', settings: { url: server.url, maxMessageBytes: 4096 }, dataDir: '.' });
  await driver.connect();
});

afterAll(async () => {
  await driver?.close();
  await stats?.close();
  await server?.remove();
});

const message = (id: string, fields: Partial<OutboundMessage> = {}): OutboundMessage => ({ id, headers: { 'ce-type': 'T' }, data: new TextEncoder().encode(id), ...fields });

/** Calls of each command Redis ran since the last reset, those inside scripts included. */
async function calls(): Promise<Record<string, number>> {
  const info = (await stats.sendCommand(['INFO', 'commandstats'])) as string;
  await stats.sendCommand(['CONFIG', 'RESETSTAT']);
  return Object.fromEntries([...info.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)].map(([, name, n]) => [name, Number(n)]));
}

/** The ids in a stream, oldest first. */
async function ids(stream: string): Promise<string[]> {
  const entries = (await stats.sendCommand(['XRANGE', stream, '-', '+'])) as [string, string[]][];
  return entries.map(([, fields]) => fields[fields.indexOf('id') + 1] as string);
}

async function freshQueue(): Promise<string> {
  const queue = `q${++counter}`;
  await driver.queues.ensureQueue(queue, settings);
  return queue;
}

describe('redis writes in one turn', () => {
  it('coalescing - concurrent sends to a queue are one script call, each caller answered with its own receipts, in the order they asked', async () => {
    const queue = await freshQueue();
    await calls();
    const sends = Array.from({ length: 40 }, (_, n) => driver.queues.send(queue, n % 4 === 0 ? [message(`a${n}`), message(`b${n}`)] : [message(`a${n}`)]));
    const receipts = await Promise.all(sends);
    const ran = await calls();
    expect({ evalsha: ran.evalsha, xadd: ran.xadd }).toEqual({ evalsha: 1, xadd: 50 });
    const expected = Array.from({ length: 40 }, (_, n) => (n % 4 === 0 ? [`a${n}`, `b${n}`] : [`a${n}`]));
    expect(receipts).toEqual(expected.map((idsOfCall) => idsOfCall.map((id) => ({ id, duplicate: false }))));
    expect(await ids(queue)).toEqual(expected.flat());
  });

  it('coalescing - a message too large fails only its own caller, and nothing of it is written', async () => {
    const queue = await freshQueue();
    const big = message('big', { data: new Uint8Array(5000) });
    const results = await Promise.allSettled([driver.queues.send(queue, [message('m1')]), driver.queues.send(queue, [message('m2'), big]), driver.queues.send(queue, [message('m3')])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await expectCode(Promise.reject((results[1] as PromiseRejectedResult).reason), 'payload_too_large');
    expect(await ids(queue)).toEqual(['m1', 'm3']);
  });

  it('coalescing - callers with the same idempotency key in one call: the first is stored, the rest are its duplicates', async () => {
    const queue = await freshQueue();
    const receipts = await Promise.all(['k1', 'k2', 'k3'].map((id) => driver.queues.send(queue, [message(id, { idempotencyKey: 'same' })])));
    expect(receipts.flat()).toEqual([
      { id: 'k1', duplicate: false },
      { id: 'k1', duplicate: true },
      { id: 'k1', duplicate: true },
    ]);
    expect(await ids(queue)).toEqual(['k1']);
  });

  it('coalescing - sends to two queues in one turn are a call per queue, each message in its own queue', async () => {
    const [one, two] = [await freshQueue(), await freshQueue()];
    await calls();
    await Promise.all([driver.queues.send(one, [message('x1')]), driver.queues.send(two, [message('y1')]), driver.queues.send(one, [message('x2')]), driver.queues.send(two, [message('y2')])]);
    expect((await calls()).evalsha).toBe(2);
    expect([await ids(one), await ids(two)]).toEqual([
      ['x1', 'x2'],
      ['y1', 'y2'],
    ]);
  });

  it('coalescing - concurrent publishes are one script call, a copy for each subscription, receipts per caller', async () => {
    await driver.topics.ensureSubscription('orders', 'first', settings);
    await driver.topics.ensureSubscription('orders', 'second', settings);
    await driver.topics.publish('orders', [message('warm')]);
    await calls();
    const receipts = await Promise.all(Array.from({ length: 10 }, (_, n) => driver.topics.publish('orders', [message(`p${n}`)])));
    const ran = await calls();
    expect({ evalsha: ran.evalsha, xadd: ran.xadd }).toEqual({ evalsha: 1, xadd: 20 });
    expect(receipts.flat().map((r) => r.id)).toEqual(Array.from({ length: 10 }, (_, n) => `p${n}`));
    const published = ['warm', ...Array.from({ length: 10 }, (_, n) => `p${n}`)];
    expect([await ids('orders:first'), await ids('orders:second')]).toEqual([published, published]);
  });

  it('script work - a batch of plain messages costs Redis one XADD each inside one script call, and nothing else (no clock, no duplicate lookups)', async () => {
    const queue = await freshQueue();
    await calls();
    const receipts = await driver.queues.send(queue, Array.from({ length: 100 }, (_, n) => message(`plain${n}`)));
    expect(await calls()).toEqual({ evalsha: 1, xadd: 100 });
    expect(receipts).toEqual(Array.from({ length: 100 }, (_, n) => ({ id: `plain${n}`, duplicate: false })));
    expect(await ids(queue)).toEqual(Array.from({ length: 100 }, (_, n) => `plain${n}`));
  });

  it('script work - one call mixing filtered targets, scheduled, keyed and duplicate messages writes each where it belongs', async () => {
    await driver.topics.ensureSubscription('mixed', 'all', settings);
    await driver.topics.ensureSubscription('mixed', 'only-a', { ...settings, filter: { types: ['A'] } });
    const typed = (id: string, type: string, fields: Partial<OutboundMessage> = {}): OutboundMessage => ({ ...message(id, fields), headers: { 'ce-type': type } });
    const later = Date.now() + 3_600_000;
    const [first, second] = await Promise.all([
      driver.topics.publish('mixed', [typed('m1', 'A'), typed('m2', 'B', { notBefore: later }), typed('m3', 'A', { idempotencyKey: 'k' })]),
      driver.topics.publish('mixed', [typed('m4', 'B', { idempotencyKey: 'k' }), typed('m5', 'B'), typed('m6', 'A', { notBefore: later })]),
    ]);
    expect([...first!, ...second!]).toEqual([
      { id: 'm1', duplicate: false },
      { id: 'm2', duplicate: false },
      { id: 'm3', duplicate: false },
      { id: 'm3', duplicate: true },
      { id: 'm5', duplicate: false },
      { id: 'm6', duplicate: false },
    ]);
    expect([await ids('mixed:all'), await ids('mixed:only-a')]).toEqual([
      ['m1', 'm3', 'm5'],
      ['m1', 'm3'],
    ]);
    expect([await ids('mixed:all:outrigger:scheduled'), await ids('mixed:only-a:outrigger:scheduled')]).toEqual([['m2', 'm6'], ['m6']]);
    expect(Number(await stats.sendCommand(['ZSCORE', 'mixed:only-a:outrigger:schedule', ...((await stats.sendCommand(['ZRANGE', 'mixed:only-a:outrigger:schedule', '0', '0'])) as string[])]))).toBe(later);
    expect(await stats.sendCommand(['XLEN', 'mixed:all:outrigger:wake'])).toBe(1);
  });

  it('coalescing - a send still gathering when the driver closes is written and answered', async () => {
    const other = await createRedisDriver({ name: 'closing', settings: { url: server.url }, dataDir: '.' });
    await other.connect();
    const queue = await freshQueue();
    const sent = other.queues.send(queue, [message('last')]);
    await other.close();
    expect(await sent).toEqual([{ id: 'last', duplicate: false }]);
    expect(await ids(queue)).toEqual(['last']);
  });
});
