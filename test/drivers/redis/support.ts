/**
 * The Redis every Redis test uses: the server already running on this machine (TESTING.md), with
 * a key prefix unique to each run, so that nothing else in the database is read or touched.
 * Not reachable is a failure, never a skip.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { createRedisDriver, type RedisDriver } from '../../../src/drivers/redis/index.js';

export const redisUrl = process.env.OUTRIGGER_TEST_REDIS ?? 'redis://127.0.0.1:6379';

function newClient(url = redisUrl) {
  return createClient({ url, socket: { connectTimeout: 2000, reconnectStrategy: false } });
}

export type PlainClient = ReturnType<typeof newClient>;

/** A plain node-redis client, as any other program would use; throws when Redis does not answer. */
export async function plainClient(url = redisUrl): Promise<PlainClient> {
  const client = newClient(url);
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`Redis is not reachable at ${url} (start it with scripts/ensure-brokers.sh): ${String(err)}`, { cause: err });
  }
  return client;
}

export function runPrefix(): string {
  return `outrigger-test:${randomUUID().slice(0, 8)}:`;
}

export async function openDriver(keyPrefix: string, settings: Record<string, unknown> = {}): Promise<RedisDriver> {
  const driver = await createRedisDriver({ name: 'test', settings: { url: redisUrl, keyPrefix, ...settings }, dataDir: '.' });
  await driver.connect();
  return driver;
}

/** Deletes every key of one run's prefix (SCAN, never FLUSHDB: the database is shared). */
export async function deletePrefix(client: PlainClient, prefix: string): Promise<void> {
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
    if (keys.length > 0) await client.del(keys);
  }
}
